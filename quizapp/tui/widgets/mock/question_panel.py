"""One question on screen, from shown to rated: the card, the answer box, a status line, the ratings.

It draws a :class:`~quizapp.study.attempt.ReviewAttempt` with the study widgets
and forwards keys to it, so a question is answered by the same rules as in
study: a qa or cloze card aloud (Space or Enter shows the answer) or typed into
the box (Tab goes there; Enter shows the answer, the typed words above it), a choice card by letters, a numeric card by
a typed number checked by its engine (:class:`NumericSolver`). The learner then
rates 1-4 (Enter: the verdict's rating). It saves nothing: it posts
:class:`QuestionPanel.Rated` for the screen to save, and
:class:`QuestionPanel.CodeAsked` for a code card, which the exercise editor answers.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input

from quizapp.study.attempt import CHOOSE, CODE, REVEAL, TYPE, ReviewAttempt
from quizapp.study.srs import RATING_NAMES
from quizapp.tui.safe_static import SafeStatic
from quizapp.tui.widgets.study.card_panel import CardPanel
from quizapp.tui.widgets.study.numeric_solver import NumericSolver
from quizapp.tui.widgets.study.rating_bar import RatingBar

if TYPE_CHECKING:
    from quizapp.tui.app import Engines

LETTERS = "abcdefgh"
HOW = {REVEAL: "Answer aloud, then Space shows the answer · Tab: type it instead",
       CHOOSE: "Press a letter, Enter to check", TYPE: "Type your answer, Enter to check",
       CODE: "Enter: write the function in the exercise editor"}


class QuestionPanel(Vertical, can_focus=True):
    DEFAULT_CSS = "QuestionPanel { height: 1fr; } QuestionPanel > #answer-box { margin: 0 1; }"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "reveal", "Show answer", id="question-reveal"),
        Binding("enter", "enter", show=False, id="question-enter"),
        Binding("tab", "type", "Type it", id="question-type"),
        *(Binding(str(r), f"rate({r})", name, id=f"question-rate-{r}") for r, name in RATING_NAMES.items()),
        *(Binding(key, f"pick({i})", show=False) for i, key in enumerate(LETTERS)),
    ]

    @dataclass
    class Rated(Message):
        rating: int
        fields: dict[str, Any] = field(default_factory=dict)

    @dataclass
    class CodeAsked(Message):
        exercise: str

    def __init__(self, device: str, intervals: Callable[[], dict[int, str]], **kwargs):
        """``intervals()``: the next interval per rating of the question on screen."""
        super().__init__(**kwargs)
        self.device, self.intervals = device, intervals
        self.attempt: ReviewAttempt | None = None

    def compose(self) -> ComposeResult:
        yield CardPanel(id="card")
        yield Input(id="answer-box")
        yield SafeStatic(id="status")
        yield RatingBar(id="ratings")
        yield NumericSolver(self.device)

    @property
    def revealed(self) -> bool:
        return self.attempt is not None and self.attempt.revealed

    def show(self, attempt: ReviewAttempt, engines: Engines) -> None:
        self.attempt = attempt
        self.query_one(CardPanel).show(attempt, new_card=True)
        self.query_one(RatingBar).clear()
        box = self.query_one("#answer-box", Input)
        box.value, box.display = "", attempt.answered_by in (REVEAL, TYPE)
        box.placeholder = "What you would say (optional)" if attempt.answered_by == REVEAL else "Your answer"
        self.focus_answer()
        solver = self.query_one(NumericSolver)
        if attempt.answered_by == TYPE:
            solver.solve(attempt.prompt, engines)
        else:
            solver.cancel()
        self.set_status(HOW[attempt.answered_by] + (" (PyTorch is loading…)" if solver.waiting else ""))

    def focus_answer(self) -> None:
        """The answer box while a number is to be typed there, else the panel (its keys:
        a qa or cloze card is answered aloud first, Tab goes to the box to type instead)."""
        box = self.query_one("#answer-box", Input)
        typing = box.display and self.attempt is not None and self.attempt.answered_by == TYPE
        (box if typing else self).focus()

    def action_type(self) -> None:
        """Tab: into the answer box, to type the answer instead of saying it."""
        box = self.query_one("#answer-box", Input)
        if box.display:
            box.focus()

    def engines_changed(self, engines: Engines) -> None:
        self.query_one(NumericSolver).engines_changed(engines)

    def set_status(self, text: str) -> None:
        self.query_one("#status", SafeStatic).update(text)

    def action_reveal(self) -> None:
        attempt = self.attempt
        if attempt is None or attempt.revealed:
            return
        if attempt.answered_by == CODE:
            self.post_message(self.CodeAsked(attempt.card.exercise))
        elif attempt.answered_by == REVEAL:
            attempt.said(self.query_one("#answer-box", Input).value)
            self.after_answer(None)
        else:
            self.after_answer(attempt.show_answer())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        attempt = self.attempt
        if attempt is None or attempt.answered_by != TYPE:
            self.action_reveal()
            return
        message = attempt.type_answer(event.value)
        self.after_answer(message or (None if attempt.revealed else "Checking as soon as the engine is ready…"))

    def on_numeric_solver_solved(self, message: NumericSolver.Solved) -> None:
        if self.attempt is not None:
            self.after_answer(self.attempt.solved(message.result) or (None if self.attempt.given else HOW[TYPE]))

    def on_numeric_solver_unchecked(self, message: NumericSolver.Unchecked) -> None:
        if self.attempt is not None:
            self.attempt.unchecked(message.why)
            self.after_answer(None)

    def after_answer(self, message: str | None) -> None:
        """Show ``message`` (the learner answers again), or the answer and the ratings once revealed."""
        attempt = self.attempt
        if attempt is None or not attempt.revealed:
            if message:
                self.set_status(message)
            return
        self.query_one("#answer-box", Input).display = False
        self.query_one(CardPanel).show(attempt)
        self.query_one(RatingBar).offer(self.intervals(), attempt.default_rating())
        rate = "Rate yourself" if attempt.correct is None else "Rate"
        self.set_status(f"{rate} 1-4 · Enter = {RATING_NAMES[attempt.default_rating()]}")
        self.focus()
        self.screen.refresh_bindings()

    def action_enter(self) -> None:
        if self.attempt is not None and self.attempt.revealed:
            self.action_rate(self.attempt.default_rating())
        else:
            self.action_reveal()

    def action_pick(self, index: int) -> None:
        if self.attempt is not None and self.attempt.toggle(index):
            self.query_one(CardPanel).show(self.attempt)

    def on_rating_bar_rated(self, event: RatingBar.Rated) -> None:
        self.action_rate(event.rating)

    def action_rate(self, rating: int) -> None:
        if self.attempt is not None and self.attempt.revealed:
            self.post_message(self.Rated(rating, self.attempt.review_fields()))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The footer offers Show answer before the reveal (a code card says Enter in the status
        line), Tab while the box is there to go to, and the ratings after the reveal."""
        if action == "reveal":
            return not self.revealed and not (self.attempt is not None and self.attempt.answered_by == CODE)
        if action == "type":
            box = self.query_one("#answer-box", Input)
            return box.display and not box.has_focus
        return self.revealed if action == "rate" else True
