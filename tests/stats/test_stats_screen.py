"""The stats screen driven with Pilot over the hand-counted history."""
from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import DataTable
from textual_plotext import PlotextPlot

from quizapp.content.deck import load_library
from quizapp.tui.app import QuizApp
from quizapp.tui.home import HomeScreen
from quizapp.tui.stats_screen import StatsScreen

from .history import NOW, UTC


async def open_stats(app, pilot) -> StatsScreen:
    await pilot.pause()
    screen = StatsScreen(now=NOW, tz=UTC)
    app.push_screen(screen)
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    return screen


async def test_stats_screen_shows_plots_heatmap_and_tables(ctx, history):
    app = QuizApp(ctx, load_library(ctx.content_dirs), history.store)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_stats(app, pilot)
        assert screen.stats is not None and screen.stats["reviews_total"] == 16
        summary = str(screen.query_one("#stats-summary").render())
        assert "4-day streak" in summary and "1m 22s all" in summary
        assert "mock" not in summary  # only said when there were mock answers
        reviews = screen.query_one("#reviews-plot", PlotextPlot).render().plain
        forecast = screen.query_one("#forecast-plot", PlotextPlot).render().plain
        assert "Reviews per day" in reviews and ("▄" in reviews or "█" in reviews)
        assert "Due next 30 days" in forecast and "03-14" in forecast
        heatmap = str(screen.query_one("#heatmap").render())
        assert "busiest day 3, 16 in all" in heatmap
        table = screen.query_one("#retention-table", DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert rows == [["deck", "cnn", "0.0%"], ["deck", "demo", "75.0%"],
                        ["kind", "choice", "–"], ["kind", "cloze", "100.0%"], ["kind", "qa", "50.0%"]]
        lapses = str(screen.query_one("#lapses").render())
        assert lapses.index("cnn.stride") < lapses.index("demo.what-is-ann")
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_mock_and_cram_answers_are_named_in_the_summary(ctx, history):
    from quizapp.config import Settings
    from quizapp.study.srs import Srs

    history.store.record_review("demo.relu", 3, NOW, Srs(Settings()), mode="mock")
    history.store.record_review("demo.relu", 3, NOW, Srs(Settings()), mode="cram")
    app = QuizApp(ctx, load_library(ctx.content_dirs), history.store)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_stats(app, pilot)
        assert "· 1 mock (30d) · 1 crammed (30d)" in str(screen.query_one("#stats-summary").render())


async def test_stats_screen_scrolls_at_80x24(ctx, history):
    app = QuizApp(ctx, load_library(ctx.content_dirs), history.store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_stats(app, pilot)
        body = screen.query_one("#stats-body", VerticalScroll)
        assert body.max_scroll_y > 0
        await pilot.press("end")  # the keyboard scrolls the body (the table takes no focus)
        await pilot.wait_for_scheduled_animations()
        assert body.scroll_y == body.max_scroll_y
        assert screen.query_one("#lapses").region.height > 0  # on screen after scrolling
        # The table takes no focus, so it must not scroll inside itself: every row is the body's
        # (its last rows were reachable only with a mouse wheel over the table).
        table = screen.query_one("#retention-table", DataTable)
        for n in range(30):  # a library of many decks
            table.add_row(f"deck{n}", "name", "–")
        await pilot.pause()
        assert table.max_scroll_y == 0
        await pilot.press("end")
        await pilot.wait_for_scheduled_animations()
        assert body.scroll_y == body.max_scroll_y and table.region.bottom <= screen.region.bottom


async def test_stats_screen_reports_an_unreadable_store_in_one_line(ctx, history, tmp_path):
    app = QuizApp(ctx, load_library(ctx.content_dirs), history.store)
    async with app.run_test(size=(100, 30)) as pilot:
        (tmp_path / "data" / "not-a-db").mkdir()
        history.store.path = tmp_path / "data" / "not-a-db"  # the worker opens this path
        screen = await open_stats(app, pilot)
        text = str(screen.query_one("#stats-summary").render())
        assert text.startswith("Stats could not be read:") and "\n" not in text
