"""AnsweringScreen: what the study and mock screens share about the card on screen.

Both show one card at a time in a :class:`ReviewPanel`, forward the keys the card
answers (show the answer, pick an option, more) to it, and save a rating once the
answer is shown; they differ in where the answer goes (a study session, a mock
interview) and what comes next, so each defines :meth:`save` and the rest of
its flow, and names its answers in the log (``review_fields``'s ``via``).
"""
from __future__ import annotations

from typing import Any, ClassVar

from quizapp.study.attempt import ReviewAttempt
from quizapp.tui.base import QuizScreen
from quizapp.tui.widgets.study.review_panel import ReviewPanel


class AnsweringScreen(QuizScreen):
    panel: ReviewPanel
    VIA: ClassVar[str]  # how an exercise's answer is named in the log: "study" or "mock"

    @property
    def attempt(self) -> ReviewAttempt | None:
        return self.panel.attempt

    def save(self, rating: int, **fields: Any) -> None:
        """Commit the answer, then go on (the next card, a summary, a report)."""
        raise NotImplementedError

    def action_forward(self, move: str, *args: int) -> None:
        """A key the card on screen answers (show the answer, pick an option, more): the panel's."""
        getattr(self.panel, move)(*args)

    def on_review_panel_code_asked(self, message: ReviewPanel.CodeAsked) -> None:
        """The exercise editor suggests the rating and the learner confirms it; saved like any answer."""
        self.app.open_exercise(message.exercise, lambda rated: self.save(rated.rating, **rated.review_fields(self.VIA)))

    def on_review_panel_rated(self, message: ReviewPanel.Rated) -> None:
        self.action_rate(message.rating)

    def action_rate(self, rating: int) -> None:
        if self.attempt is not None and self.attempt.revealed:
            self.save(rating, **self.attempt.review_fields())

    def action_accept(self, rating: int) -> None:
        """Enter after the reveal: bound only while its rating is the default."""
        self.action_rate(rating)
