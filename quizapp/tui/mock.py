"""A mock interview: questions against the clock, answered as in study, then the report.

The screen shows and forwards: the questions, the clock, saving and the report
are :mod:`quizapp.study.mock`; the card on screen is study's
:class:`~quizapp.tui.widgets.study.review_panel.ReviewPanel` in words mode (a qa
or cloze card answered aloud, or typed after Tab, then rated 1-4; choice,
numeric and code cards as in study). s skips a question, p pauses (the question
is hidden and the clock stops), Esc ends the mock. When the time is up the
report follows, once an answer already on screen is rated.
"""
from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Header, Input

from quizapp.study.attempt import TYPE, ReviewAttempt
from quizapp.study.srs import RATING_NAMES
from quizapp.tui.answering import AnsweringScreen
from quizapp.tui.safe_static import SafeStatic
from quizapp.tui.widgets.footer import Footer
from quizapp.tui.widgets.mock.clock_bar import ClockBar
from quizapp.tui.widgets.study.review_panel import LETTERS, ReviewPanel
from quizapp.tui.widgets.study.unsaved_banner import UnsavedBanner

if TYPE_CHECKING:
    from quizapp.study.mock import MockInterview


class MockScreen(AnsweringScreen):
    VIA = "mock"
    CSS_PATH = "mock.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "forward('reveal')", "Show answer", id="mock-reveal"),
        Binding("enter", "forward('reveal')", "Show answer", show=False, id="mock-enter-reveal"),
        Binding("enter", "accept(1)", "Again", id="mock-enter-again"),  # the verdict's rating, as in study
        Binding("enter", "accept(3)", "Good", id="mock-enter-good"),
        *(Binding(str(r), f"rate({r})", name, show=False, id=f"mock-{name.lower()}")  # on the rating bar, as in study
          for r, name in RATING_NAMES.items()),
        Binding("tab", "type", "Type it", id="mock-type"),
        Binding("m", "forward('more')", "More", id="mock-more"),
        Binding("s", "skip", "Skip", id="mock-skip"),
        Binding("p", "pause(True)", "Pause", id="mock-pause"),
        Binding("p", "pause(False)", "Resume", id="mock-resume"),
        Binding("escape", "leave", "End", id="mock-end"),
        *(Binding(k, f"forward('pick', {i})", show=False) for i, k in enumerate(LETTERS)),
    ]

    def __init__(self, mock: MockInterview):
        super().__init__()
        self.mock, self.rng = mock, random.Random()
        self.panel = ReviewPanel(self.app.ctx.device, mock.intervals, words=True, id="mock-question")

    def compose(self) -> ComposeResult:
        yield Header()
        yield ClockBar(id="mock-clock")
        yield UnsavedBanner(self.mock.save_unsaved, lambda: self.app.unsaved.reason, id="unsaved")
        yield SafeStatic("Paused: the clock has stopped and the question is hidden. p resumes.", id="mock-paused")
        yield self.panel
        yield Footer()

    def on_mount(self) -> None:
        self.title = f"Mock interview · {self.mock.options.minutes} min"
        self.watch(self.app, "engines", self.panel.engines_changed, init=False)
        self.set_interval(1, self.tick)
        self.show_current()

    def show_current(self) -> None:
        card = self.mock.current()
        if card is None:
            self.finish()
            return
        self.panel.show(ReviewAttempt.start(card, self.rng), self.app.engines)
        self.tick()
        self.refresh_bindings()

    def tick(self) -> None:
        """Once a second: the clock; the report when the time is up and no answer waits for its rating."""
        mock = self.mock
        self.query_one(ClockBar).show(mock.timer.remaining_s(), mock.timer.paused, mock.where())
        if mock.timer.over and not mock.stopped and self.is_current and not (self.attempt and self.attempt.revealed):
            self.finish()

    def action_type(self) -> None:
        self.panel.box.focus()

    def save(self, rating: int, **fields: Any) -> None:
        """Commit the answer (the mock does, before returning), then the next question or the report."""
        result = self.mock.answer(rating, **fields)
        if result is None:
            self.query_one(UnsavedBanner).kept(len(self.app.unsaved))
        else:
            self.app.announce_leech(result)
        if self.mock.timer.over:
            self.finish()
        else:
            self.show_current()

    def action_skip(self) -> None:
        self.mock.skip()
        self.show_current()

    def action_pause(self, paused: bool) -> None:
        """p: the clock stops and the question is hidden (its keys are off) until p again."""
        if paused:
            self.mock.timer.pause()
        else:
            self.mock.timer.resume()
        self.set_class(paused, "-paused")
        typing = not paused and self.attempt is not None and self.attempt.answered_by == TYPE
        self.set_focus(self.panel.box if typing else None)
        self.tick()
        self.refresh_bindings()

    def action_leave(self) -> None:
        if not self.panel.leave_box():  # the first Esc leaves the answer box
            self.finish()

    def finish(self) -> None:
        """The report, kept in the history; back home when nothing was answered."""
        from quizapp.tui.mock_report import MockReportScreen

        mock = self.mock
        if not mock.asked:
            mock.stop()
            self.app.notify("The mock ended before the first answer: nothing recorded.", markup=False)
            self.app.leave_mock()
            return
        report, problem = mock.finish(self.app.ctx.data_dir)
        if problem:
            self.app.notify(problem, title="Report not kept", severity="error", markup=False)
        if self.app.mock_run is not None:  # `quizapp mock --json` prints it
            self.app.mock_run.reports.append(report)
        self.app.switch_screen(MockReportScreen(report))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While paused only p (Resume) and Esc work; typing in the box never rates, picks, skips
        or pauses; the footer offers a key only where it does something (False hides it)."""
        if action == "pause":  # Pause while running, Resume while paused
            return parameters != (self.mock.timer.paused,) and not isinstance(self.focused, Input)
        if self.mock.timer.paused:
            return action == "leave"
        move, *args = parameters if action == "forward" else (action, *parameters)
        if isinstance(self.focused, Input) and move in ("rate", "pick", "reveal", "more", "skip", "type"):
            return False
        if self.attempt is None:
            return move in ("skip", "leave")
        if move in ("skip", "type"):  # skipped, or typed into, before the answer is shown
            return not self.attempt.revealed and (move == "skip" or self.panel.box.display)
        return self.attempt.allows(str(move), *args)  # a rating once shown, as in study
