"""A line of text that follows a reactive: ``Note().data_bind(note=Screen.status)``.

Screens keep what they say (a status, a result) in a reactive of their own and
bind a Note to it, instead of finding the widget and calling ``update``.
The text goes through :class:`SafeStatic`, since it often quotes a card id or
what the learner typed.
"""
from __future__ import annotations

from textual.reactive import reactive

from quizapp.tui.safe_static import SafeStatic


class Note(SafeStatic):
    DEFAULT_CSS = """
    Note { height: auto; }
    """

    note: reactive[str] = reactive("")

    def watch_note(self, note: str) -> None:
        self.update(note)
