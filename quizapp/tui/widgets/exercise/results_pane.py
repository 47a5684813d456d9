"""The editor's right-hand pane: what the last action said, scrolled to its top.

Set :attr:`ResultsPane.said` (grade results, a hint, the rating prompt) and the
pane shows it from the first line; every setting counts, even the same text
again, since a re-run should scroll back up too.
"""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.reactive import reactive

from quizapp.tui.safe_static import SafeStatic  # learner output: shown, never obeyed


class ResultsPane(VerticalScroll):
    said: reactive[str | Text] = reactive("", always_update=True, init=False)

    def __init__(self, opening: str | Text, **kwargs) -> None:
        super().__init__(**kwargs)
        self._text = SafeStatic(opening, id="results")

    def compose(self) -> ComposeResult:
        yield self._text

    def watch_said(self, said: str | Text) -> None:
        self._text.update(said)
        self.scroll_home(animate=False)
