"""The stats screen's calendar heatmap: one colored cell per study day, a column per week.

Drawn with Rich styled cells rather than plotext: plotext's ``matrix_plot`` is
grayscale, stretches cells unevenly to the canvas width and has no weekday or
month labels, which is what makes a calendar readable. Colors are fixed (not
theme variables) so the five levels read the same on every theme.
"""
from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text
from textual.widgets import Static

CELL = "■"
EMPTY = "#3a3f47"
LEVELS = ("#0e4429", "#006d32", "#26a641", "#39d353")  # quartiles of the busy days
WEEKDAYS = ("Mon", "", "Wed", "", "Fri", "", "Sun")
MARGIN = 4  # width of the weekday labels column


def level_of(count: int, top: int) -> int:
    """0 for no reviews, else 1-4 by the share of the busiest day."""
    if count <= 0 or top <= 0:
        return 0
    return min(len(LEVELS), 1 + (count * len(LEVELS) - 1) // top)


def calendar_text(days: list[tuple[date, int]]) -> Text:
    """Weeks as columns (Monday on top), month names above, a legend below."""
    if not days:
        return Text("No days to show.")
    first, counts = days[0][0], dict(days)
    start = first - timedelta(days=first.weekday())
    weeks = (days[-1][0] - start).days // 7 + 1
    top = max(counts.values())
    text = Text(_month_row(start, weeks) + "\n", style="dim")
    for weekday in range(7):
        text.append(f"{WEEKDAYS[weekday]:<{MARGIN}}", style="dim")
        for week in range(weeks):
            day = start + timedelta(days=7 * week + weekday)
            if day not in counts:
                text.append(" ")
                continue
            level = level_of(counts[day], top)
            text.append(CELL, style=LEVELS[level - 1] if level else EMPTY)
        text.append("\n")
    text.append(" " * MARGIN + "less ", style="dim")
    for style in (EMPTY, *LEVELS):
        text.append(CELL, style=style)
    text.append(f" more   busiest day {top}, {sum(counts.values())} in all", style="dim")
    return text


def _month_row(start: date, weeks: int) -> str:
    """Three-letter month names over the week in which each month begins."""
    row = [" "] * (MARGIN + weeks + 3)
    for week in range(weeks):
        sunday = start + timedelta(days=7 * week + 6)
        if week == 0 or sunday.day <= 7:  # the 1st of sunday's month is in this week
            label, col = sunday.strftime("%b"), MARGIN + week
            if all(c == " " for c in row[max(0, col - 1):col + len(label)]):
                row[col:col + len(label)] = label
    return "".join(row).rstrip()


class CalendarHeatmap(Static):
    """A Static that shows :func:`calendar_text` for ``[{"date", "count"}]`` rows."""

    def show(self, rows: list[dict]) -> None:
        self.update(calendar_text([(date.fromisoformat(r["date"]), r["count"]) for r in rows]))
