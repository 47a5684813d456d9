"""QuizScreen: the base of the app's screens, with ``self.app`` typed as QuizApp.

Textual types ``Screen.app`` as a bare ``App``, so every ``self.app.store``
would be unchecked; ``getters.app`` narrows it (and asserts it at run time).
Screens talk to the app (store, settings, opening other screens); the widgets
they compose get what they need passed in and never reach for the app.
"""
from __future__ import annotations

from typing import TypeVar

from textual import getters
from textual.screen import Screen

from quizapp.tui.app import QuizApp

ResultType = TypeVar("ResultType")


class QuizScreen(Screen[ResultType]):
    app = getters.app(QuizApp)
