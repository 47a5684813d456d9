"""Study and drill: one card at a time, reveal, rate 1-4, undo.

The screen shows and forwards, nothing more: the queue, scheduling and saving
live in :mod:`quizapp.study.session`; the rules of one review (what may be rated,
what Enter means, giving up) in :mod:`quizapp.study.attempt`; the card is
drawn by the study widgets (:mod:`quizapp.tui.widgets.study`) from the attempt.
Every answer is committed by the session before the next card is shown.
"""
from __future__ import annotations

import random
import time
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Header, Input, Static
from textual.worker import Worker

from quizapp.study.attempt import CHOOSE, CODE, TYPE, ReviewAttempt
from quizapp.study.review import solve_numeric
from quizapp.study.srs import RATING_NAMES
from quizapp.tui.base import QuizScreen
from quizapp.tui.safe_static import SafeStatic
from quizapp.tui.widgets.study.card_panel import CardPanel
from quizapp.tui.widgets.study.rating_bar import RatingBar
from quizapp.tui.widgets.study.unsaved_banner import UnsavedBanner

if TYPE_CHECKING:
    from quizapp.content.cards import Card, CodeCard
    from quizapp.study.custom import CustomStudy
    from quizapp.study.review import NumericResult, Prompt
    from quizapp.study.session import StudySession

LETTERS = "abcdefgh"
HOW_TO_ANSWER = {
    CHOOSE: "press a letter, Enter to check",
    CODE: "Enter: open the editor and write the function",
    TYPE: "Type your answer, Enter to check.",
}


class StudyScreen(QuizScreen):
    CSS_PATH = "study.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "reveal", "Show answer", id="reveal"),
        Binding("enter", "reveal", "Show answer", show=False, id="enter-reveal"),
        # After the reveal Enter takes the verdict's rating; the footer shows which.
        Binding("enter", "accept(1)", "Again", id="enter-again"),
        Binding("enter", "accept(3)", "Good", id="enter-good"),
        Binding("1", "rate(1)", "Again", id="again"),
        Binding("2", "rate(2)", "Hard", id="hard"),
        Binding("3", "rate(3)", "Good", id="good"),
        Binding("4", "rate(4)", "Easy", id="easy"),
        Binding("u", "undo", "Undo", id="undo"),
        Binding("m", "more", "More", id="more"),
        Binding("escape,q", "leave", "Back", id="back"),
        # Before the letters (e is also option e); off the footer, full at 80 columns: ? lists it.
        Binding("e", "edit", "Edit the card (after the answer)", show=False, id="edit-card"),
        *(Binding(k, f"pick({i})", show=False) for i, k in enumerate(LETTERS)),
    ]

    def __init__(self, cards: list[Card], *, mode: str = "study", new_limit: int | None = None,
                 custom: CustomStudy | None = None):
        super().__init__()
        self.cards, self.mode, self.new_limit, self.custom = cards, mode, new_limit, custom
        self.rng = random.Random()
        self.session: StudySession[Card] | None = None
        self.attempt: ReviewAttempt | None = None
        self.solver: Worker[NumericResult] | None = None  # the worker solving the card on screen
        self.shown_at = 0.0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="progress", markup=False)
        yield UnsavedBanner(self._save_unsaved, lambda: self.app.unsaved.reason, id="unsaved")
        yield CardPanel(id="card")
        yield Input(placeholder="Your answer (e.g. 0.688, 1.2e-5, [1, 2], 16x15x15), Enter to check",
                    id="numeric-input")
        yield SafeStatic(id="status")
        yield RatingBar(id="ratings")
        yield Footer()

    def on_mount(self) -> None:
        from quizapp.study.session import StudySession

        app = self.app
        limit = self.new_limit if self.mode == "drill" else None
        self.session = StudySession(app.store, self.cards, app.ctx.settings, new_limit=limit,
                                    clock=app.clock, unsaved=app.unsaved, custom=self.custom)
        custom = self.queue.custom  # a custom session says which kind in the title: "Cram: cnn"
        self.title = custom.title if custom else "Drill" if self.mode == "drill" else "Study"
        self.watch(app, "engines", self.engines_changed, init=False)
        self.show_current()

    @property
    def prompt(self) -> Prompt | None:
        return None if self.attempt is None else self.attempt.prompt

    @property
    def queue(self) -> StudySession[Card]:
        """The session, made on mount (before any card is shown or rated)."""
        assert self.session is not None, "the study screen is not mounted yet"
        return self.session

    @property
    def shown(self) -> ReviewAttempt:
        """The attempt at the card on screen (there is one from the first card shown)."""
        assert self.attempt is not None, "no card on screen"
        return self.attempt

    # ----- showing a card -------------------------------------------------
    def show_current(self) -> None:
        card = self.queue.current()
        if card is None:
            self.finish()
            return
        self.attempt, self.solver = ReviewAttempt.start(card, self.rng), None
        self.shown_at = time.monotonic()
        new, learning, review = self.queue.remaining()
        self.query_one("#progress", Static).update(
            f"{card.deck} · {card.kind} · {card.level}    new {new} · learning {learning} · review {review}")
        self.query_one(CardPanel).show(self.attempt, new_card=True)
        self.query_one(RatingBar).clear()
        box = self.query_one("#numeric-input", Input)
        box.value, box.display = "", self.attempt.answered_by == TYPE
        if box.display:
            box.focus()
            self.start_solving()
        how = HOW_TO_ANSWER.get(self.attempt.answered_by, "Space or Enter: show answer")
        if self.attempt.several:
            how = "several answers: toggle letters, Enter to check"
        self.set_status(self.engine_status() if box.display else how)
        self.refresh_bindings()  # back to "Show answer" in the footer

    def set_status(self, text: str) -> None:
        self.query_one("#status", SafeStatic).update(text)

    def engine_status(self) -> str:
        if self.app.engines_error:
            return self.app.engines_error
        if not self.app.engines_ready:
            return "Loading PyTorch… you can type your answer meanwhile."
        return HOW_TO_ANSWER[TYPE]

    # ----- numeric cards: solved by the engine in a worker ----------------
    def start_solving(self) -> None:
        if self.app.engines_error:
            self.show_unchecked(self.app.engines_error)
            return
        if not self.app.engines_ready:
            return
        prompt, device = self.shown.prompt, self.app.ctx.device
        self.solver = self.run_worker(lambda: solve_numeric(prompt, device), name="solve", group="solve",
                                      thread=True, exclusive=True, exit_on_error=False)

    def engines_changed(self) -> None:
        """Watches ``QuizApp.engines``: torch finished loading (or failed to)."""
        if self.attempt and self.attempt.waiting_for_engine and self.solver is None:
            self.set_status(self.engine_status())
            self.start_solving()

    def show_unchecked(self, why: str) -> None:
        """No engine answer for this card: show what there is; the learner rates it."""
        self.shown.unchecked(why)
        self.show_revealed()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        from textual.worker import WorkerState

        worker, finished = self.solver, (WorkerState.SUCCESS, WorkerState.ERROR)
        if worker is None or event.worker is not worker or worker.state not in finished:
            return  # a solve for a card no longer on screen is ignored
        if worker.state == WorkerState.ERROR:
            self.show_unchecked(f"The engine failed on this card: {worker.error}")
            return
        assert worker.result is not None  # a solve that succeeded returned its NumericResult
        message = self.shown.solved(worker.result)
        if message is None and self.shown.given is None:
            message = HOW_TO_ANSWER[TYPE]  # solved before anything was typed
        self.after_answer(message)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.shown.revealed:
            self.action_rate(self.shown.default_rating())
            return
        message = self.shown.type_answer(event.value)
        if message is None and not self.shown.revealed:
            message = "Checking as soon as the engine is ready…"
        self.after_answer(message)

    def after_answer(self, message: str | None) -> None:
        """Show ``message`` (the learner answers again), or the verdict once revealed."""
        if self.shown.revealed:
            self.show_revealed()
        elif message:
            self.set_status(message)

    # ----- revealing and rating -------------------------------------------
    def show_revealed(self) -> None:
        attempt = self.shown
        self.query_one("#numeric-input", Input).display = False
        self.query_one(CardPanel).show(attempt)
        default = attempt.default_rating()
        self.query_one(RatingBar).offer(self.queue.intervals(), default)
        more = " · m more" if attempt.card.more else ""
        self.set_status(f"1-4 rate · Enter = {RATING_NAMES[default]}{more}")
        self.refresh_bindings()  # Enter's footer label follows the verdict
        self.focus()

    def action_reveal(self) -> None:
        if self.attempt is None or self.attempt.revealed:
            return
        if self.attempt.answered_by == CODE:
            self.open_exercise(self.attempt.card)
            return
        self.after_answer(self.attempt.show_answer())

    def open_exercise(self, card: CodeCard) -> None:
        """The editor suggests the rating and the learner confirms it; saved like any answer."""
        self.app.open_exercise(card.exercise, lambda rated: self.save(rated.rating, **rated.review_fields("study")))

    def action_pick(self, index: int) -> None:
        if self.attempt is not None and self.attempt.toggle(index):
            self.query_one(CardPanel).show(self.attempt)

    def action_accept(self, rating: int) -> None:
        """Enter after the reveal (only bound while ``rating`` is the default)."""
        self.action_rate(rating)

    def on_rating_bar_rated(self, event: RatingBar.Rated) -> None:
        self.action_rate(event.rating)

    def action_rate(self, rating: int) -> None:
        if self.attempt is not None and self.attempt.revealed:
            self.save(rating, **self.attempt.review_fields())

    def save(self, rating: int, **fields: Any) -> None:
        """Commit the answer (the session does, before returning), then show the next card."""
        duration_ms = int((time.monotonic() - self.shown_at) * 1000)
        result = self.queue.answer(rating, duration_ms=duration_ms, **fields)
        if result.saved:
            self.app.announce_leech(result)
        else:
            self.query_one(UnsavedBanner).kept(len(self.app.unsaved))
        self.show_current()

    def _save_unsaved(self) -> int:
        return self.session.save_unsaved() if self.session else len(self.app.unsaved)

    def action_undo(self) -> None:
        if self.attempt is not None and self.attempt.revealed:  # undo takes back answers; none yet
            self.notify("This card is not rated yet: rate it (1-4) first; u then takes that back.")
            return
        if self.queue.undo() is None:
            self.notify("Nothing to undo in this session.")
            return
        self.notify("Last answer undone.")
        self.show_current()

    def action_more(self) -> None:
        if self.attempt is not None:
            self.query_one(CardPanel).show_more(self.attempt)

    def action_leave(self) -> None:
        if isinstance(self.focused, Input):  # first Esc leaves the answer box, not the session
            self.set_focus(None)
            self.set_status("Space: show the worked answer (Enter then rates Again) · Esc again: leave")
            return
        if self.mode == "drill" and self.queue.summary()["reviewed"]:
            self.finish(stopped=True)
        else:
            self.dismiss()

    def finish(self, *, stopped: bool = False) -> None:
        """The queue is empty, or (``stopped``) the learner leaves a drill with cards left."""
        if self.mode == "drill":
            from quizapp.tui.summary import SummaryScreen

            self.app.switch_screen(SummaryScreen(self.queue.summary(), stopped=stopped))
            return
        self.app.notify("Nothing more is due in this selection. Well done!", title="Done for now")
        self.dismiss()

    def action_edit(self) -> None:
        """The revealed card's YAML in the learner's editor; the decks reload after."""
        self.app.edit_card(self.shown.card.id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Typing digits or letters into the answer box must not rate or toggle; the
        footer offers a key only where it does something (False hides it)."""
        typing = isinstance(self.focused, Input)
        if typing and action in ("rate", "pick", "reveal", "undo", "more"):
            return False
        revealed = self.attempt is not None and self.attempt.revealed
        if action == "reveal":
            return not revealed
        if action == "edit":  # once the answer is shown; before, e picks option e
            return revealed and not typing
        if action == "accept":
            return revealed and parameters[0] == self.shown.default_rating()
        if action == "more":  # offered in the footer only when there is more to read
            return revealed and bool(self.shown.card.more)
        return True
