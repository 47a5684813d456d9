"""The end of a drill: how it went and when the next card is due."""
from __future__ import annotations

from datetime import datetime, timezone

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


def summary_lines(summary: dict, now: datetime | None = None) -> str:
    now = now or datetime.now(timezone.utc)
    minutes, seconds = divmod(int(summary["time_spent_s"]), 60)
    again = summary["again_rate"]
    next_due = summary.get("next_due")
    if next_due is None:
        when = "nothing scheduled"
    else:
        from quizapp.srs import format_interval

        delta = next_due - now
        when = "now" if delta.total_seconds() <= 0 else f"in {format_interval(delta)}"
    return "\n".join([
        "Drill complete",
        "",
        f"  Reviewed      {summary['reviewed']}",
        f"  Again rate    {again:.0%}" if again is not None else "  Again rate    –",
        f"  Time spent    {minutes}m {seconds:02d}s",
        f"  Next due      {when}",
    ])


class SummaryScreen(Screen):
    BINDINGS = [Binding("enter,escape,q", "close", "Home", id="close")]

    def __init__(self, summary: dict):
        super().__init__()
        self.summary = summary

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(summary_lines(self.summary), id="summary")
        yield Footer()

    def action_close(self) -> None:
        self.dismiss()
