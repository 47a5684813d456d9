"""Study and drill: one card at a time, reveal, rate 1-4, undo.

The screen only shows things and forwards keys: the queue, scheduling and
saving live in :mod:`quizapp.session`; what counts as right lives in
:mod:`quizapp.review`. Every answer is committed by the session before the
next card is shown.
"""
from __future__ import annotations

import json
import random
import time

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from quizapp.cards import ChoiceCard, CodeCard, NumericCard
from quizapp.srs import AGAIN, GOOD
from quizapp.review import Prompt, check_choice, check_numeric, prepare, solve_numeric
from quizapp.tui.unsaved_banner import UnsavedBanner
from quizapp.tui.card_view import RATING_NAMES, answer_text, choice_lines, rating_bar, steps_text
from quizapp.tui.safe_static import SafeStatic  # card text and verdicts: shown, never obeyed

LETTERS = "abcdefgh"


class StudyScreen(Screen):
    CSS_PATH = "study.tcss"
    BINDINGS = [
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
    ] + [Binding(k, f"toggle({i})", show=False) for i, k in enumerate(LETTERS)]

    def __init__(self, cards, *, mode: str = "study", new_limit: int | None = None):
        super().__init__()
        self.cards, self.mode, self.new_limit = cards, mode, new_limit
        self.rng = random.Random()
        self.session = None
        self.prompt: Prompt | None = None
        self.revealed = False
        self.correct: bool | None = None
        self.given: str | None = None
        self.selected: set[int] = set()
        self.numeric = None  # NumericResult once the engine has solved the card
        self.solver = None  # the worker solving the card on screen
        self.shown_at = 0.0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="progress", markup=False)
        yield UnsavedBanner(self._save_unsaved, lambda: self.app.unsaved.reason, id="unsaved")
        with VerticalScroll(id="card"):
            yield SafeStatic(id="question")
            yield SafeStatic(id="options")
            yield SafeStatic(id="answer")
            yield SafeStatic(id="more")
        yield Input(placeholder="Your answer (e.g. 0.6883, [1, 2], 16x15x15), Enter to check", id="numeric-input")
        yield SafeStatic(id="status")
        yield Static(id="ratings", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        from quizapp.session import StudySession

        app = self.app
        limit = self.new_limit if self.mode == "drill" else None
        self.session = StudySession(app.store, self.cards, app.ctx.settings, new_limit=limit,
                                    clock=app.clock, unsaved=app.unsaved)
        self.title = "Drill" if self.mode == "drill" else "Study"
        self.watch(app, "engines", self.engines_changed, init=False)
        self.show_current()

    # ----- showing a card -------------------------------------------------
    def show_current(self) -> None:
        card = self.session.current()
        if card is None:
            self.finish()
            return
        self.prompt = prepare(card, self.rng)
        self.revealed, self.correct, self.given = False, None, None
        self.selected, self.numeric, self.solver = set(), None, None
        self.shown_at = time.monotonic()
        new, learning, review = self.session.remaining()
        self.query_one("#progress", Static).update(
            f"{card.deck} · {card.kind} · {card.level}    new {new} · learning {learning} · review {review}"
        )
        self.query_one("#question", Static).update(self.prompt.text)
        self.query_one("#answer", Static).update("")
        self.query_one("#more", Static).update("")
        self.query_one("#ratings", Static).update("")
        box = self.query_one("#numeric-input", Input)
        box.value = ""
        box.display = isinstance(card, NumericCard)
        self.render_options()
        if isinstance(card, NumericCard):
            box.focus()
            self.start_solving()
            self.set_status(self.engine_status())
        elif isinstance(card, ChoiceCard):
            how = "several answers: toggle letters, Enter to check" if card.multiple else "press a letter, Enter to check"
            self.set_status(how)
        elif isinstance(card, CodeCard):
            self.set_status("Enter: open the editor and write the function")
        else:
            self.set_status("Space or Enter: show answer")
        self.query_one("#card", VerticalScroll).scroll_home(animate=False)
        self.refresh_bindings()  # back to "Show answer" in the footer

    def render_options(self) -> None:
        options = self.query_one("#options", Static)
        options.display = isinstance(self.prompt.card, ChoiceCard)
        if options.display:
            options.update(choice_lines(self.prompt, self.selected, self.revealed))

    def set_status(self, text: str) -> None:
        self.query_one("#status", Static).update(text)

    def engine_status(self) -> str:
        if self.app.engines_error:
            return self.app.engines_error
        if not self.app.engines_ready:
            return "Loading PyTorch… you can type your answer meanwhile."
        return "Type your answer, Enter to check."

    # ----- numeric cards: solved by the engine in a worker ----------------
    def start_solving(self) -> None:
        if self.app.engines_error:
            self.engine_unavailable(self.app.engines_error)
            return
        if not self.app.engines_ready:
            return
        prompt, device = self.prompt, self.app.ctx.device
        self.solver = self.run_worker(lambda: solve_numeric(prompt, device), name="solve", group="solve",
                                      thread=True, exclusive=True, exit_on_error=False)

    def engines_changed(self) -> None:
        """Watches ``QuizApp.engines``: torch finished loading (or failed to)."""
        if self.prompt and isinstance(self.prompt.card, NumericCard) and self.numeric is None:
            self.set_status(self.engine_status())
            self.start_solving()

    def engine_unavailable(self, why: str) -> None:
        """No engine answer for this card: show what we have and let the learner rate it."""
        if not self.revealed:
            self.correct = None
            self.reveal(f"{why}\nNo checked answer this time: rate the card yourself (1-4).")

    def on_worker_state_changed(self, event) -> None:
        from textual.worker import WorkerState

        worker = event.worker
        if worker is not self.solver or worker.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return  # a solve for a card no longer on screen is ignored
        if worker.state == WorkerState.ERROR:
            self.engine_unavailable(f"The engine failed on this card: {worker.error}")
            return
        self.numeric = worker.result
        if self.given is not None and not self.revealed:
            self.grade_numeric()
        elif not self.revealed:
            self.set_status("Type your answer, Enter to check.")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.revealed:
            self.action_rate(self.default_rating())
            return
        self.given = event.value.strip()
        if not self.given:
            self.set_status("Type an answer first (or Esc, then Space to see the worked answer).")
            self.given = None
            return
        if self.numeric is None:
            self.set_status("Checking as soon as the engine is ready…")
            return
        self.grade_numeric()

    def grade_numeric(self) -> None:
        verdict = check_numeric(self.prompt, self.numeric, self.given)
        if verdict.parsed is None and not verdict.correct:
            self.set_status(verdict.message)  # unparseable: let them retype
            self.given = None
            return
        self.correct = verdict.correct
        note = f"\nHint: {verdict.hint}" if verdict.hint else ""
        self.reveal(f"{'✓ Correct' if verdict.correct else '✗ ' + verdict.message}{note}")

    # ----- revealing and rating -------------------------------------------
    def reveal(self, verdict: str | None = None) -> None:
        card = self.prompt.card
        self.revealed = True
        self.query_one("#numeric-input", Input).display = False
        parts = [verdict] if verdict else []
        if isinstance(card, NumericCard):
            if self.numeric is not None:
                parts.append(steps_text(self.numeric))
            if card.explain:
                parts.append(card.explain)
        else:
            parts.append(answer_text(self.prompt))
        pieces = [Text(p) if isinstance(p, str) else p for p in parts if p]
        self.query_one("#answer", Static).update(Text("\n\n").join(pieces))
        self.render_options()
        default = self.default_rating()
        self.query_one("#ratings", Static).update(rating_bar(self.session.intervals(), default))
        more = " · m more" if card.more else ""
        self.set_status(f"1-4 rate · Enter = {RATING_NAMES[default]}{more}")
        self.refresh_bindings()  # Enter's footer label follows the verdict
        self.focus()

    def default_rating(self) -> int:
        """What Enter rates once the answer is shown: Again after a miss, else Good."""
        return AGAIN if self.correct is False else GOOD

    def action_reveal(self) -> None:
        if self.revealed or self.prompt is None:
            return
        card = self.prompt.card
        if isinstance(card, ChoiceCard):
            self.check_selected_choice()
        elif isinstance(card, CodeCard):
            self.open_exercise(card)
        elif isinstance(card, NumericCard):
            self.given, self.correct = None, False  # giving up counts as a miss
            self.reveal("Shown without an answer.")
        else:
            self.reveal()

    def open_exercise(self, card: CodeCard) -> None:
        """The editor suggests the rating and the learner confirms it; saved like any answer."""
        self.app.open_exercise(card.exercise, lambda rated: self.save(rated.rating, **rated.review_fields("study")))

    def check_selected_choice(self) -> None:
        if not self.selected:
            self.set_status("Pick an option first (press its letter).")
            return
        self.correct = check_choice(self.prompt, self.selected)
        self.given = "; ".join(self.prompt.options[i] for i in sorted(self.selected))
        self.reveal("✓ Correct" if self.correct else "✗ Not quite: the correct options are marked ✓")

    def action_toggle(self, index: int) -> None:
        card = self.prompt.card if self.prompt else None
        if self.revealed or not isinstance(card, ChoiceCard) or index >= len(self.prompt.options):
            return
        if card.multiple:
            self.selected ^= {index}
        else:
            self.selected = {index}
        self.render_options()

    def action_accept(self, rating: int) -> None:
        """Enter after the reveal (only bound while ``rating`` is the default)."""
        self.action_rate(rating)

    def action_rate(self, rating: int) -> None:
        if not self.revealed:
            return
        params = None
        if self.prompt.params is not None:
            params = json.dumps({"params": self.prompt.params, "seed": self.prompt.seed})
        self.save(rating, answer=self.given, correct=self.correct, params=params)

    def save(self, rating: int, **fields) -> None:
        """Commit the answer (the session does, before returning), then show the next card."""
        duration_ms = int((time.monotonic() - self.shown_at) * 1000)
        result = self.session.answer(rating, duration_ms=duration_ms, **fields)
        if result.saved:
            self.app.announce_leech(result)
        else:
            self.query_one(UnsavedBanner).kept(len(self.app.unsaved))
        self.show_current()

    def _save_unsaved(self) -> int:
        return self.session.save_unsaved() if self.session else len(self.app.unsaved)

    def action_undo(self) -> None:
        if self.revealed:  # undo takes back answers; this card has none yet
            self.notify("This card is not rated yet: rate it (1-4) first; u then takes that back.")
            return
        if self.session.undo() is None:
            self.notify("Nothing to undo in this session.")
            return
        self.notify("Last answer undone.")
        self.show_current()

    def action_more(self) -> None:
        card = self.prompt.card if self.prompt else None
        if card is not None and self.revealed and card.more:
            self.query_one("#more", Static).update(card.more)

    def action_leave(self) -> None:
        if isinstance(self.focused, Input):  # first Esc leaves the answer box, not the session
            self.set_focus(None)
            self.set_status("Space: show the answer (rated Again) · Esc again: leave")
            return
        if self.mode == "drill" and self.session.summary()["reviewed"]:
            self.finish()
        else:
            self.dismiss()

    def finish(self) -> None:
        if self.mode == "drill":
            from quizapp.tui.summary import SummaryScreen

            self.app.switch_screen(SummaryScreen(self.session.summary()))
            return
        self.app.notify("Nothing more is due in this selection. Well done!", title="Done for now")
        self.dismiss()

    def check_action(self, action: str, parameters) -> bool | None:
        """Typing digits or letters into the answer box must not rate or toggle."""
        typing = isinstance(self.focused, Input)
        if typing and action in ("rate", "toggle", "reveal", "undo", "more"):
            return False
        if action == "reveal":
            return not self.revealed
        if action == "accept":
            return self.revealed and parameters[0] == self.default_rating()
        return True
