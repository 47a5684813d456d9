"""The card under review, from shown to rated: the card, the answer box, a status line, the ratings.

It draws a :class:`~quizapp.study.attempt.ReviewAttempt` with the study widgets
and forwards to it, so the screen around it keeps only its keys, the queue and
saving: the screen calls :meth:`ReviewPanel.reveal`, :meth:`pick` and
:meth:`more` from its bindings, and the panel handles what is typed into the
answer box, the engine's answer to a numeric card (:class:`NumericSolver`, once
PyTorch is loaded) and what each step says in the status line. A click on the
ratings, or Enter in the box once the answer is shown, posts
:class:`ReviewPanel.Rated`, and a code card :class:`ReviewPanel.CodeAsked`
(the exercise editor answers it): the panel saves nothing. With ``words=True``
(the mock interview) a qa or cloze card may also be answered in words typed into
the box; they are kept as the answer and shown above the card's own
(:meth:`ReviewAttempt.said`).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input

from quizapp.study.attempt import CHOOSE, CODE, REVEAL, TYPE, ReviewAttempt
from quizapp.study.srs import RATING_NAMES
from quizapp.tui.safe_static import SafeStatic  # verdicts quote what was typed: shown, never obeyed
from quizapp.tui.widgets.study.card_panel import CardPanel
from quizapp.tui.widgets.study.numeric_solver import NumericSolver
from quizapp.tui.widgets.study.rating_bar import RatingBar

if TYPE_CHECKING:
    from quizapp.tui.app import Engines

LETTERS = "abcdefgh"  # the keys that pick a choice card's options
HOW_TO_ANSWER = {
    CHOOSE: "press a letter, Enter to check",
    CODE: "Enter: open the editor and write the function",
    TYPE: "Type your answer, Enter to check.",
}
PLACEHOLDER = "Your answer (e.g. 0.688, 1.2e-5, [1, 2], 16x15x15), Enter to check"
# In words (``ReviewPanel(words=True)``, the mock interview): a qa or cloze card said aloud, or typed.
WORDS_PLACEHOLDER = "What you would say (optional), Enter shows the answer"
WORDS_HOW = "Answer aloud, then Space shows the answer · Tab: type it instead"


class ReviewPanel(Vertical):
    # Its look is its own, so the study screen and the mock interview show it alike
    # (it was styled by both screens' files, and the one opened first won).
    DEFAULT_CSS = """
    ReviewPanel {
        #numeric-input { margin: 0 1; }
        #status { height: auto; padding: 0 1; color: $accent; }
        #ratings { height: auto; }
    }
    """

    @dataclass
    class Rated(Message):
        """The learner rated the revealed card: a click on the ratings, or Enter in the answer box."""

        rating: int

    @dataclass
    class CodeAsked(Message):
        """A code card is answered in the exercise editor, which the screen opens."""

        exercise: str

    def __init__(self, device: str, intervals: Callable[[], dict[int, str]], *, words: bool = False,
                 **kwargs) -> None:
        """``intervals()``: the next interval per rating of the card on screen; ``words``: the
        box is offered for a qa or cloze card too (not focused: it is said aloud first)."""
        super().__init__(**kwargs)
        self.device, self.intervals, self.words = device, intervals, words
        self.attempt: ReviewAttempt | None = None
        self.box = Input(placeholder=PLACEHOLDER, id="numeric-input")

    def compose(self) -> ComposeResult:
        yield CardPanel(id="card")
        yield self.box
        yield SafeStatic(id="status")
        yield RatingBar(id="ratings")
        yield NumericSolver(self.device)

    def show(self, attempt: ReviewAttempt, engines: Engines) -> None:
        """A new card: drawn from the top, the box open (and solving started) for a numeric one."""
        self.attempt = attempt
        self.query_one(CardPanel).show(attempt, new_card=True)
        self.query_one(RatingBar).clear()
        solver = self.query_one(NumericSolver)
        in_words = self.words and attempt.answered_by == REVEAL
        self.box.value, self.box.display = "", attempt.answered_by == TYPE or in_words
        self.box.placeholder = WORDS_PLACEHOLDER if in_words else PLACEHOLDER
        if attempt.answered_by != TYPE:
            solver.cancel()  # a solve for the card before is dropped
            self.set_status(WORDS_HOW if in_words else self.how_to_answer(attempt))
            return
        self.box.focus()
        self.set_status(self.engine_status(engines))
        solver.solve(attempt.prompt, engines)

    @staticmethod
    def how_to_answer(attempt: ReviewAttempt) -> str:
        if attempt.several:
            return "several answers: toggle letters, Enter to check"
        return HOW_TO_ANSWER.get(attempt.answered_by, "Space or Enter: show answer")

    def set_status(self, text: str) -> None:
        self.query_one("#status", SafeStatic).update(text)

    @staticmethod
    def engine_status(engines: Engines) -> str:
        if engines.error:
            return engines.error
        return HOW_TO_ANSWER[TYPE] if engines.ready else "Loading PyTorch… you can type your answer meanwhile."

    def engines_changed(self, engines: Engines) -> None:
        """Watches ``QuizApp.engines``: torch finished loading (or failed to)."""
        if self.attempt is not None and self.attempt.waiting_for_engine and self.query_one(NumericSolver).waiting:
            self.set_status(self.engine_status(engines))
            self.query_one(NumericSolver).engines_changed(engines)

    def on_numeric_solver_solved(self, message: NumericSolver.Solved) -> None:
        if self.attempt is not None:
            said = self.attempt.solved(message.result)
            self.after_answer(HOW_TO_ANSWER[TYPE] if said is None and self.attempt.given is None else said)

    def on_numeric_solver_unchecked(self, message: NumericSolver.Unchecked) -> None:
        """No engine answer for this card: show what there is; the learner rates it."""
        if self.attempt is not None:
            self.attempt.unchecked(message.why)
            self.after_answer(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        attempt = self.attempt
        if attempt is None:
            return
        if attempt.revealed:
            self.post_message(self.Rated(attempt.default_rating()))
            return
        if attempt.answered_by == REVEAL:  # words typed for a qa or cloze card
            self.reveal()
            return
        said = attempt.type_answer(event.value)
        self.after_answer("Checking as soon as the engine is ready…" if said is None and not attempt.revealed
                          else said)

    def reveal(self) -> None:
        """Space or Enter before the answer is shown."""
        attempt = self.attempt
        if attempt is None or attempt.revealed:
            return
        if attempt.answered_by == CODE:
            self.post_message(self.CodeAsked(attempt.card.exercise))
        elif attempt.answered_by == REVEAL and self.box.display:
            attempt.said(self.box.value)
            self.after_answer(None)
        else:
            self.after_answer(attempt.show_answer())

    def leave_box(self) -> bool:
        """Esc while typing an answer leaves the box (Space then gives up); False when not typing."""
        if self.screen.focused is not self.box:
            return False
        self.screen.set_focus(None)
        numeric = self.attempt is not None and self.attempt.answered_by == TYPE
        shows = "the worked answer (Enter then rates Again)" if numeric else "the answer"
        self.set_status(f"Space: show {shows} · Esc again: leave")
        return True

    def after_answer(self, message: str | None) -> None:
        """Show ``message`` (the learner answers again), or the answer and the ratings once revealed."""
        attempt = self.attempt
        if attempt is None or not attempt.revealed:
            if message:
                self.set_status(message)
            return
        self.box.display = False
        self.query_one(CardPanel).show(attempt)
        default = attempt.default_rating()
        self.query_one(RatingBar).offer(self.intervals(), default)
        more = " · m more" if attempt.card.more else ""
        self.set_status(f"1-4 rate · Enter = {RATING_NAMES[default]}{more}")
        self.screen.refresh_bindings()  # Enter's footer label follows the verdict
        self.screen.focus()

    def pick(self, index: int) -> None:
        if self.attempt is not None and self.attempt.toggle(index):
            self.query_one(CardPanel).show(self.attempt)
            self.set_status(self.how_to_answer(self.attempt))  # not "Pick an option first" any more

    def more(self) -> None:
        if self.attempt is not None:
            self.query_one(CardPanel).show_more(self.attempt)

    def on_rating_bar_rated(self, event: RatingBar.Rated) -> None:
        event.stop()
        self.post_message(self.Rated(event.rating))
