"""Stats: reviews per day, the due forecast, a year's heatmap, retention, leeches, and
with an interview date, readiness by topic and the reviews until it (:mod:`.stats_plan`).

The numbers come from :func:`quizapp.study.stats.full_stats` (the same object that
``quizapp stats --json`` prints), computed in a thread worker on its own store
connection, so the screen opens at once even over a million reviews; the worker
reports back only through the :class:`StatsScreen.Ready` / ``Failed`` messages.
``now`` and ``tz`` can be fixed, which the snapshot tests need.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Header, Static
from textual_plotext import PlotextPlot

from quizapp.tui.base import QuizScreen
from quizapp.tui.card_view import plain
from quizapp.tui.stats_heatmap import CalendarHeatmap
from quizapp.tui.stats_plan import PlanPanel
from quizapp.tui.widgets.footer import Footer

if TYPE_CHECKING:
    from rich.text import Text


class StatsScreen(QuizScreen):
    CSS_PATH = "stats.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "app.pop_screen", "Back", id="back-stats"),
        Binding("r", "recompute", "Refresh", id="refresh-stats"),
    ]

    @dataclass
    class Ready(Message):
        """The worker finished: ``stats`` is the ``full_stats`` object."""

        stats: dict

    @dataclass
    class Failed(Message):
        """The worker could not read the stats; ``error`` is one line for the user."""

        error: str

    def __init__(self, now: datetime | None = None, tz: tzinfo | None = None):
        super().__init__()
        self.now, self.tz = now, tz
        self.stats: dict | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Computing stats…", id="stats-summary", markup=False)
        with VerticalScroll(id="stats-body"):
            with Horizontal(id="stats-plots"):
                yield PlotextPlot(id="reviews-plot")
                yield PlotextPlot(id="forecast-plot")
            yield PlanPanel(id="plan-panel")  # readiness by topic and reviews to the interview date
            yield CalendarHeatmap(id="heatmap", markup=False)
            with Horizontal(id="stats-tables"):
                table: DataTable[Text] = DataTable(id="retention-table", cursor_type="none", zebra_stripes=True)
                table.can_focus = False  # arrows and PgUp/PgDn scroll the whole screen
                table.add_columns("By", "Name", "Retention 30d")
                yield table
                yield Static(id="lapses", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Stats"
        self.action_recompute()

    def action_recompute(self) -> None:
        app = self.app
        self.compute(app.store.path, app.library.cards, app.ctx.settings)

    @work(thread=True, exclusive=True, exit_on_error=False, group="stats")
    def compute(self, db_path, cards, settings) -> None:
        """Read the stats on a separate connection (one per thread, as Store asks)."""
        from quizapp.clock import utc_now
        from quizapp.store.database import Store
        from quizapp.study.stats import full_stats

        try:
            with Store.open(db_path) as store:
                stats = full_stats(store, cards, settings, self.now or utc_now(), self.tz)
        except Exception as error:  # shown as one line; the screen stays usable
            self.post_message(self.Failed(f"Stats could not be read: {error}"))
        else:
            self.post_message(self.Ready(stats))

    def on_stats_screen_failed(self, message: Failed) -> None:
        self.query_one("#stats-summary", Static).update(message.error)

    def on_stats_screen_ready(self, message: Ready) -> None:
        from quizapp.study.stats import format_duration, percent, streak_text

        stats = self.stats = message.stats
        spent, modes = stats["time_spent_s"], stats["answers_30d_by_mode"]
        apart = "".join(f" · {modes[mode]} {name} (30d)" for mode, name in (("mock", "mock"), ("cram", "crammed"))
                        if modes[mode])
        self.query_one("#stats-summary", Static).update(
            f"🔥 {streak_text(stats['streak_days'])} · {stats['due_today']} due today · "
            f"{stats['reviews_total']} reviews · retention {percent(stats['retention_30d'])} · "
            f"time {format_duration(spent['today'])} today, {format_duration(spent['week'])} week, "
            f"{format_duration(spent['total'])} all{apart}"
        )
        self._bars("#reviews-plot", "Reviews per day (30 days)", stats["reviews_per_day"], "count")
        self._bars("#forecast-plot", "Due next 30 days", stats["forecast"], "due")
        self.query_one(PlanPanel).show(plan := stats["plan"])
        if plan is not None:
            self._bars("#plan-forecast", f"Reviews until the interview ({plan['new_per_day']} new a day)",
                       plan["reviews_per_day"], "count")
        self.query_one(CalendarHeatmap).show(stats["heatmap"])
        self._retention(stats)
        lapses = [f"{i:>2}. {row['id']}  {row['lapses']} lapse(s)" for i, row in enumerate(stats["most_lapses"], 1)]
        self.query_one("#lapses", Static).update("Most lapses\n" + ("\n".join(lapses) or "  none yet"))

    def _bars(self, selector: str, title: str, rows: list[dict], key: str) -> None:
        """A bar per day, labelled every 7 days with its ``MM-DD``, whole-number counts."""
        plot = self.query_one(selector, PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        xs: list[float] = list(range(len(rows)))
        ys = [row[key] for row in rows]
        plt.bar(xs, ys, marker="hd")
        plt.xticks(xs[::7], [row["date"][5:] for row in rows[::7]])
        step = max(1, -(-max(ys, default=0) // 4))  # whole counts: at most 5 ticks
        plt.yticks(list(range(0, max(ys, default=0) + step, step)))
        plt.title(title)
        plot.refresh()

    def _retention(self, stats: dict) -> None:
        from quizapp.study.stats import percent

        table = self.query_one("#retention-table", DataTable)
        table.clear()
        for by in ("deck", "kind"):
            for name, value in stats[f"retention_by_{by}"].items():
                table.add_row(*plain(by, name, percent(value)))
