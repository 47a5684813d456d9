"""The command palette's theme list, with the choice kept.

Textual's own list only sets ``App.theme``, so a theme picked there was gone
at the next start, and leaving Settings put the saved one back. This one hands
each choice to :meth:`QuizApp.keep_theme`, which saves it as Settings does.
"""
from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.theme import ThemeProvider

if TYPE_CHECKING:
    from quizapp.tui.app import QuizApp


class KeptThemes(ThemeProvider):
    @property
    def commands(self):
        keep = cast("QuizApp", self.app).keep_theme  # the palette runs in QuizApp
        return [(name, partial(keep, name)) for name, _ in super().commands]
