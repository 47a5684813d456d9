"""Study and drill: one card at a time, reveal, rate 1-4, undo.

The screen shows and forwards: the queue, scheduling and saving are
:mod:`quizapp.study.session`; the rules of one review (what may be rated, what
Enter means, giving up) :mod:`quizapp.study.attempt`; the card, its answer box
and ratings the :class:`~quizapp.tui.widgets.study.review_panel.ReviewPanel`.
Every answer is committed by the session before the next card is shown.
"""
from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Header, Input, Static

from quizapp.study.attempt import ReviewAttempt
from quizapp.study.srs import RATING_NAMES
from quizapp.tui.answering import AnsweringScreen
from quizapp.tui.widgets.footer import Footer
from quizapp.tui.widgets.study.review_panel import LETTERS, ReviewPanel
from quizapp.tui.widgets.study.unsaved_banner import UnsavedBanner

if TYPE_CHECKING:
    from quizapp.content.cards import Card
    from quizapp.study.custom import CustomStudy
    from quizapp.study.review import Prompt


class StudyScreen(AnsweringScreen):
    VIA = "study"
    CSS_PATH = "study.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "forward('reveal')", "Show answer", id="reveal"),
        Binding("enter", "forward('reveal')", "Show answer", show=False, id="enter-reveal"),
        # After the reveal Enter takes the verdict's rating; the footer shows which.
        Binding("enter", "accept(1)", "Again", id="enter-again"),
        Binding("enter", "accept(3)", "Good", id="enter-good"),
        # Off the footer: the rating bar above it offers 1-4 with their intervals (and ? lists them),
        # which leaves room at 80 columns for every key the footer does show.
        *(Binding(str(r), f"rate({r})", name, show=False, id=name.lower()) for r, name in RATING_NAMES.items()),
        Binding("u", "undo", "Undo", id="undo"),
        Binding("m", "forward('more')", "More", id="more"),
        Binding("escape,q", "leave", "Back", id="back"),
        # Before the letters (e is also option e); off the footer, full at 80 columns: ? lists it.
        Binding("e", "edit", "Edit the card (after the answer)", show=False, id="edit-card"),
        *(Binding(k, f"forward('pick', {i})", show=False) for i, k in enumerate(LETTERS)),
    ]

    def __init__(self, cards: list[Card], *, mode: str = "study", new_limit: int | None = None,
                 custom: CustomStudy | None = None):
        from quizapp.study.session import StudySession

        super().__init__()
        app, self.mode, self.rng = self.app, mode, random.Random()
        self.queue = StudySession(app.store, cards, app.ctx.settings, clock=app.clock, unsaved=app.unsaved,
                                  new_limit=new_limit if mode == "drill" else None, custom=custom)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="progress", markup=False)
        yield UnsavedBanner(lambda: self.queue.save_unsaved(), lambda: self.app.unsaved.reason, id="unsaved")
        self.panel = ReviewPanel(self.app.ctx.device, lambda: self.queue.intervals(), id="review")
        yield self.panel
        yield Footer()

    def on_mount(self) -> None:
        custom = self.queue.custom  # a custom session says which kind in the title: "Cram: cnn"
        self.title = custom.title if custom else "Drill" if self.mode == "drill" else "Study"
        self.watch(self.app, "engines", self.panel.engines_changed, init=False)
        self.show_current()

    @property
    def prompt(self) -> Prompt | None:
        return None if self.attempt is None else self.attempt.prompt

    def show_current(self) -> None:
        card = self.queue.current()
        if card is None:
            self.finish()
            return
        new, learning, review = self.queue.remaining()
        self.query_one("#progress", Static).update(
            f"{card.deck} · {card.kind} · {card.level}    new {new} · learning {learning} · review {review}")
        self.panel.show(ReviewAttempt.start(card, self.rng), self.app.engines)
        self.refresh_bindings()  # back to "Show answer" in the footer

    def save(self, rating: int, **fields: Any) -> None:
        """Commit the answer (the session does, before returning), then show the next card."""
        result = self.queue.answer(rating, duration_ms=self.attempt.elapsed_ms() if self.attempt else None, **fields)
        if result.saved:
            self.app.announce_leech(result)
        else:
            self.query_one(UnsavedBanner).kept(len(self.app.unsaved))
        self.show_current()

    def action_undo(self) -> None:
        if self.attempt is not None and self.attempt.revealed:  # undo takes back answers; none yet
            self.notify("This card is not rated yet: rate it (1-4) first; u then takes that back.")
        elif self.queue.undo() is None:
            self.notify("Nothing to undo in this session.")
        else:
            self.notify("Last answer undone.")
            self.show_current()

    def action_leave(self) -> None:
        if not self.panel.leave_box():  # the first Esc leaves the answer box, not the session
            self.finish(stopped=True)

    def finish(self, *, stopped: bool = False) -> None:
        """The queue is empty, or (``stopped``) the learner leaves: a drill with answers ends on its summary."""
        if self.mode == "drill" and (not stopped or self.queue.summary()["reviewed"]):
            from quizapp.tui.summary import SummaryScreen

            self.app.switch_screen(SummaryScreen(self.queue.summary(), stopped=stopped))
            return
        if not stopped:
            self.app.notify("Nothing more is due in this selection. Well done!", title="Done for now")
        self.dismiss()

    def action_edit(self) -> None:
        """The revealed card's YAML in the learner's editor; the decks reload after."""
        if self.attempt is not None:
            self.app.edit_card(self.attempt.card.id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Typing digits or letters into the answer box must not rate or toggle; the
        footer offers a key only where it does something (False hides it)."""
        move, *args = parameters if action == "forward" else (action, *parameters)
        if isinstance(self.focused, Input) and move in ("rate", "pick", "reveal", "undo", "more", "edit"):
            return False
        if self.attempt is None:  # before the first card: nothing shown to act on
            return move not in ("edit", "accept", "more")
        return self.attempt.allows(str(move), *args)
