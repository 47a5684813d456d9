"""The calendar grid of the stats screen: levels, layout, month labels."""
from __future__ import annotations

from datetime import date, timedelta

from quizapp.tui.stats_heatmap import MARGIN, calendar_text, level_of


def test_levels_split_the_busiest_day_in_quarters():
    assert [level_of(n, 8) for n in (0, 1, 2, 3, 4, 5, 8)] == [0, 1, 1, 2, 2, 3, 4]
    assert level_of(5, 0) == 0


def test_a_year_is_seven_weekday_rows_of_at_most_53_weeks():
    end = date(2025, 3, 14)  # a Friday
    days = [(end - timedelta(days=364 - k), k % 5) for k in range(365)]
    lines = calendar_text(days).plain.splitlines()
    assert len(lines) == 9  # months, Mon..Sun, legend
    assert lines[1].startswith("Mon") and lines[7].startswith("Sun")
    assert all(len(line) <= MARGIN + 53 for line in lines[1:8])
    cells = sum(line[MARGIN:].count("■") for line in lines[1:8])
    assert cells == 365
    assert "busiest day 4" in lines[8]


def test_a_month_starting_on_a_monday_is_labelled_over_its_week():
    start = date(2024, 3, 4)  # a Monday; April 1st 2024 is a Monday four weeks on
    days = [(start + timedelta(days=k), 1) for k in range(42)]
    months = calendar_text(days).plain.splitlines()[0]
    assert months.index("Mar") == MARGIN and months.index("Apr") == MARGIN + 4
