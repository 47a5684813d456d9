"""A mock interview: questions against the clock, answered as in study, then the report.

The screen shows and forwards: the questions, the clock, saving and the report
are :mod:`quizapp.study.mock`; one question from shown to rated is the
:class:`~quizapp.tui.widgets.mock.question_panel.QuestionPanel` (a qa or cloze
card answered aloud or typed, then rated 1-4; choice, numeric and code cards
as in study). s skips a question, p pauses (the question is hidden and the
clock stops), Esc ends the mock. When the time is up the report follows, once
an answer already on screen is rated.
"""
from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Header, Input

from quizapp.study.attempt import ReviewAttempt
from quizapp.study.mock_plan import section
from quizapp.tui.base import QuizScreen
from quizapp.tui.safe_static import SafeStatic
from quizapp.tui.widgets.mock.clock_bar import ClockBar
from quizapp.tui.widgets.mock.question_panel import QuestionPanel
from quizapp.tui.widgets.study.unsaved_banner import UnsavedBanner

if TYPE_CHECKING:
    from quizapp.study.mock import MockInterview


class MockScreen(QuizScreen):
    CSS_PATH = "mock.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "skip", "Skip", id="mock-skip"),
        Binding("p", "pause", "Pause", id="mock-pause"),
        Binding("p", "resume", "Resume", id="mock-resume"),
        Binding("escape", "leave", "End mock", id="mock-end"),
    ]

    def __init__(self, mock: MockInterview):
        super().__init__()
        self.mock, self.rng = mock, random.Random()

    def compose(self) -> ComposeResult:
        yield Header()
        yield ClockBar(id="mock-clock")
        yield UnsavedBanner(self.mock.save_unsaved, lambda: self.app.unsaved.reason, id="unsaved")
        yield SafeStatic("Paused: the clock has stopped and the question is hidden. p resumes.", id="mock-paused")
        yield QuestionPanel(self.app.ctx.device, self.mock.intervals, id="mock-question")
        yield Footer()

    def on_mount(self) -> None:
        self.title = f"Mock interview · {self.mock.options.minutes} min"
        self.watch(self.app, "engines", self.query_one(QuestionPanel).engines_changed, init=False)
        self.set_interval(1, self.tick)
        self.show_current()

    def show_current(self) -> None:
        card = self.mock.current()
        if card is None:
            self.finish()
            return
        self.query_one(QuestionPanel).show(ReviewAttempt.start(card, self.rng), self.app.engines)
        self.tick()
        self.refresh_bindings()

    def tick(self) -> None:
        """Once a second: the clock; the report when the time is up and no answer waits for its rating."""
        mock, card = self.mock, self.mock.current()
        where = "" if card is None else \
            f"question {mock.number} of {len(mock.questions)} · {section(card)} · {card.deck} · {card.level}"
        self.query_one(ClockBar).show(mock.timer.remaining_s(), mock.timer.paused, where)
        if mock.timer.over and not mock.stopped and self.is_current and not self.query_one(QuestionPanel).revealed:
            self.finish()

    def on_question_panel_rated(self, message: QuestionPanel.Rated) -> None:
        self.save(message.rating, **message.fields)

    def on_question_panel_code_asked(self, message: QuestionPanel.CodeAsked) -> None:
        """The exercise editor suggests the rating and the learner confirms it; saved like any answer."""
        self.app.open_exercise(message.exercise, lambda rated: self.save(rated.rating, **rated.review_fields("mock")))

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

    def action_pause(self) -> None:
        self.mock.timer.pause()
        self._paused_changed()

    def action_resume(self) -> None:
        self.mock.timer.resume()
        self._paused_changed()

    def _paused_changed(self) -> None:
        timer = self.mock.timer
        self.set_class(timer.paused, "-paused")
        if timer.paused:
            self.set_focus(None)  # the hidden question's keys are off until p again
        else:
            self.query_one(QuestionPanel).focus_answer()
        self.tick()
        self.refresh_bindings()

    def action_leave(self) -> None:
        if isinstance(self.focused, Input):  # the first Esc leaves the answer box
            self.query_one(QuestionPanel).focus()
            self.query_one(QuestionPanel).set_status("Space: show the answer · Esc again: end the mock")
        else:
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
        """While paused only p (Resume) and Esc work (the question's keys too); typing never skips or pauses;
        a question whose answer is shown is rated, not skipped."""
        if self.mock.timer.paused:
            return action in ("resume", "leave")
        if action == "resume":
            return False
        if isinstance(self.focused, Input) and action in ("skip", "pause"):
            return False
        return not (action == "skip" and self.query_one(QuestionPanel).revealed)
