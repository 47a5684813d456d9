"""The end of a drill (or where it was left): how it went and when the next card is due."""
from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Header, Static

from quizapp.tui.base import QuizScreen
from quizapp.tui.widgets.footer import Footer


def summary_lines(summary: dict, now: datetime | None = None, *, stopped: bool = False) -> str:
    """The summary's text; ``stopped``: the learner left with cards still to do."""
    from quizapp.clock import utc_now
    from quizapp.study.srs import format_interval
    from quizapp.study.stats import format_duration

    now = now or utc_now()
    again = summary["again_rate"]
    next_due = summary.get("next_due")
    if next_due is None:
        when = "nothing scheduled"
    else:
        when = "now" if next_due <= now else f"in {format_interval(next_due - now)}"
    heading = ["Drill complete"]
    if stopped:
        heading = [f"Drill stopped: {summary['done']} of {summary['done'] + summary['left']} cards done for today"]
        back = summary["back"]
        if back:
            heading.append(f"({back} answered card{' comes' if back == 1 else 's come'} back later today)")
    return "\n".join([
        *heading,
        "",
        f"  Reviewed      {summary['reviewed']}",
        f"  Again rate    {again:.0%}" if again is not None else "  Again rate    –",
        f"  Time spent    {format_duration(summary['time_spent_s'])}",
        f"  Next due      {when}",
    ])


class SummaryScreen(QuizScreen):
    CSS_PATH = "summary.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter,escape,q", "close", "Home", id="close")]

    def __init__(self, summary: dict, *, stopped: bool = False):
        super().__init__()
        self.summary, self.stopped = summary, stopped

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(summary_lines(self.summary, stopped=self.stopped), id="summary", markup=False)
        yield Footer()

    def action_close(self) -> None:
        self.dismiss()
