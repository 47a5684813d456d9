"""The end of a mock interview: its report (score by topic, time per question, study next,
readiness before and after), drawn from the same dict ``quizapp mock --json`` prints.

Closing it goes back home; when the app was started for the mock (``quizapp mock``)
closing it ends the app, so the command's ``--json`` report follows at once.
"""
from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Header

from quizapp.study.mock_report import report_text
from quizapp.tui.base import QuizScreen
from quizapp.tui.safe_static import SafeStatic
from quizapp.tui.widgets.footer import Footer


class MockReportScreen(QuizScreen):
    CSS_PATH = "mock.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter,escape,q", "close", "Done", id="mock-report-close")]

    def __init__(self, report: dict[str, Any]):
        super().__init__()
        self.report = report

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="mock-report"):
            yield SafeStatic(report_text(self.report), id="mock-report-text")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Mock interview report"
        self.query_one("#mock-report").focus()

    def action_close(self) -> None:
        self.app.leave_mock()
