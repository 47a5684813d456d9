"""The interview date on screen, driven with Pilot: home's countdown line and the stats
screen's readiness chart by topic and forecast of reviews until the date."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, timedelta

from textual_plotext import PlotextPlot

from quizapp.clock import study_date, utc_now
from quizapp.content.deck import load_library
from quizapp.study.srs import Srs
from quizapp.tui.app import QuizApp
from quizapp.tui.stats_screen import StatsScreen
from quizapp.tui.widgets.home.countdown import CountdownLine
from timekeeping import T0


def ahead(days: int, now=None) -> str:
    return (study_date(now or utc_now(), 4) + timedelta(days=days)).isoformat()


async def settled(app, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_home_counts_down_to_the_date_and_hides_the_line_without_one(ctx, store):
    ctx.settings = replace(ctx.settings, interview_date=ahead(12))
    app = QuizApp(ctx, load_library(ctx.content_dirs), store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(app, pilot)
        line = app.screen.query_one(CountdownLine)
        text = str(line.render())
        assert line.display and line.region.height == 1
        ready = re.fullmatch(r"Interview in 12 days · ready 0 % → (\d+) % if you keep the plan", text)
        assert ready and int(ready[1]) >= 95, text  # the demo deck's 3 cards, 12 days ahead
        ctx.settings = replace(ctx.settings, interview_date="")
        await pilot.press("r")
        await settled(app, pilot)
        assert not line.display


async def test_the_countdown_reads_answers_given(ctx, store):
    ctx.settings = replace(ctx.settings, interview_date=ahead(1))
    store.record_review("demo.relu", 4, utc_now(), Srs(ctx.settings))
    app = QuizApp(ctx, load_library(ctx.content_dirs), store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(app, pilot)
        assert str(app.screen.query_one(CountdownLine).render()).startswith("Interview tomorrow · ready 33 % → ")


async def test_stats_show_readiness_by_topic_and_the_reviews_until_the_date(ctx, store):
    ctx.settings = replace(ctx.settings, interview_date=ahead(10, T0))
    store.record_review("demo.relu", 4, T0 - timedelta(days=5), Srs(ctx.settings))
    app = QuizApp(ctx, load_library(ctx.content_dirs), store)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = StatsScreen(now=T0, tz=UTC)
        app.push_screen(screen)
        await settled(app, pilot)
        plan = screen.stats["plan"]
        assert plan["days_left"] == 10 and len(plan["reviews_per_day"]) == 10
        lines = str(screen.query_one("#plan-topics").render()).splitlines()
        assert lines[0].startswith("Readiness by topic, weakest first: now ")
        demo = next(line for line in lines if line.startswith("deck:demo"))
        row = next(row for row in plan["by_topic"] if row["topic"] == "deck:demo")
        assert demo.split()[-5:] == [f"{round(row['now'] * 100)}", "%", "→", f"{round(row['on_date'] * 100)}", "%"]
        assert row["now"] < 0.5 < 0.95 <= row["on_date"]  # one of three cards studied; all by the day
        assert "█" in demo and "▒" in demo  # some ready now, more by the day
        forecast = screen.query_one("#plan-forecast", PlotextPlot).render().plain
        assert "Reviews until the interview (1 new a day)" in forecast


async def test_stats_without_a_date_show_no_plan(ctx, store):
    app = QuizApp(ctx, load_library(ctx.content_dirs), store)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = StatsScreen(now=T0, tz=UTC)
        app.push_screen(screen)
        await settled(app, pilot)
        assert screen.stats["plan"] is None
        assert not screen.query_one("#plan-panel").display


async def test_a_date_set_in_settings_counts_down_on_home_and_a_bad_one_is_refused(ctx, store, tmp_path,
                                                                                    monkeypatch):
    from textual.widgets import Input

    from quizapp.tui.home import HomeScreen
    from quizapp.tui.settings import SettingsScreen

    monkeypatch.setenv("QUIZAPP_CONFIG", str(tmp_path / "config.toml"))
    app = QuizApp(ctx, load_library(ctx.content_dirs), store)
    async with app.run_test(size=(100, 40)) as pilot:
        await settled(app, pilot)
        line = app.screen.query_one(CountdownLine)
        assert not line.display
        app.push_screen(SettingsScreen())
        await pilot.pause()
        box = app.screen.query_one("#interview_date", Input)
        error = app.screen.query_one("#interview_date-error")
        for typed, refusal in (("2025-02-30", "✗ a date as YYYY-MM-DD (empty: no interview date)"),
                               (ahead(-1), "✗ that day has passed; give the interview date ahead"),  # as plan --date
                               (ahead(400), "✗ the plan looks 366 days ahead at most; give a date within"
                                            " a year"),
                               (ahead(30), None)):
            box.focus()
            box.value = ""
            await pilot.press(*typed, "ctrl+s")
            await pilot.pause()
            assert error.display == (refusal is not None)
            assert refusal is None or str(error.render()) == refusal
        assert app.ctx.settings.interview_date == ahead(30)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        await settled(app, pilot)
        assert line.display and str(line.render()).startswith("Interview in 30 days · ready 0 % → ")


async def test_a_stored_date_that_has_passed_does_not_stop_a_save_of_other_settings(ctx, store, tmp_path,
                                                                                   monkeypatch):
    """Only a date being set must be ahead: the one of an interview that is over stays until cleared."""
    from textual.widgets import Input

    from quizapp.tui.settings import SettingsScreen

    monkeypatch.setenv("QUIZAPP_CONFIG", str(tmp_path / "config.toml"))
    (tmp_path / "config.toml").write_text(f'interview_date = "{ahead(-3)}"\n')  # saved when it was ahead
    ctx.settings = replace(ctx.settings, interview_date=ahead(-3))  # as the app read it
    app = QuizApp(ctx, load_library(ctx.content_dirs), store)
    async with app.run_test(size=(100, 40)) as pilot:
        await settled(app, pilot)
        app.push_screen(SettingsScreen())
        await pilot.pause()
        box = app.screen.query_one("#new_per_day", Input)
        box.focus()
        box.value = ""
        await pilot.press(*"15", "ctrl+s")
        await pilot.pause()
        assert not app.screen.query_one("#interview_date-error").display
        assert app.ctx.settings.new_per_day == 15 and app.ctx.settings.interview_date == ahead(-3)


async def test_r_on_home_rereads_the_config_so_a_date_set_from_the_shell_shows(ctx, store, tmp_path, monkeypatch):
    """``quizapp plan --date`` in another terminal while the app is open: r on home shows it."""
    config = tmp_path / "config.toml"
    monkeypatch.setenv("QUIZAPP_CONFIG", str(config))
    app = QuizApp(ctx, load_library(ctx.content_dirs), store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(app, pilot)
        line = app.screen.query_one(CountdownLine)
        assert not line.display
        config.write_text(f'interview_date = "{ahead(20)}"\ntheme = "nord"\n')
        await pilot.press("r")
        await settled(app, pilot)
        assert line.display and str(line.render()).startswith("Interview in 20 days · ")
        assert app.ctx.settings.interview_date == ahead(20) and app.theme == "nord"
        config.write_text("interview_date = = 3\n")  # broken meanwhile: the settings in use stay
        await pilot.press("r")
        await settled(app, pilot)
        assert app.ctx.settings.interview_date == ahead(20) and line.display
        assert any("cannot read config" in str(n.message) for n in app._notifications)


async def test_a_topic_name_too_long_for_its_column_ends_in_an_ellipsis():
    """tag:transposed-convolution showed as "tag:transposed-convoluti", a word that is not one."""
    from textual.app import App

    from quizapp.tui.stats_plan import TOPIC_WIDTH, PlanPanel

    rows = [{"topic": "tag:transposed-convolution", "now": 0.0, "on_date": 0.5, "cards": 3},
            {"topic": "deck:cnn", "now": 0.1, "on_date": 0.9, "cards": 9}]
    plan = {"readiness_now": 0.05, "readiness_on_date": 0.7, "interview_date": "2026-12-20", "by_topic": rows}

    class Panel(App):
        def compose(self):
            yield PlanPanel()

    app = Panel()
    async with app.run_test(size=(80, 24)) as pilot:
        app.query_one(PlanPanel).show(plan)
        await pilot.pause()
        lines = str(app.query_one("#plan-topics").render()).splitlines()
    assert lines[1][:TOPIC_WIDTH + 1] == "tag:transposed-convolut… "
    assert lines[2].startswith("deck:cnn" + " " * (TOPIC_WIDTH - len("deck:cnn")) + " ")
