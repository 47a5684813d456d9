"""Settings > Optimize now: the worker reports progress, then Apply writes the weights."""
from __future__ import annotations

from dataclasses import replace

from textual.widgets import Button, Static

from quizapp.config import load_settings
from quizapp.content.deck import load_library
from quizapp.store.database import Store
from quizapp.study.srs import Srs
from quizapp.tui.app import QuizApp
from quizapp.tui.settings import SettingsScreen
from screen_helpers import click_in_view


async def run_optimizer(app, pilot, *, gate=None) -> SettingsScreen:
    """Open Settings and press Optimize now; with ``gate`` (``fit_gate``), look at the
    screen while the fit is held in progress."""
    await pilot.pause()
    app.push_screen(SettingsScreen())
    await pilot.pause()
    screen = app.screen
    if gate is not None:
        gate.hold()
    try:
        await click_in_view(pilot, "#optimize")
        await pilot.pause()
        if gate is not None:  # the button stays off while a fit runs (one run at a time)
            assert gate.waiting.wait(timeout=60), "the fit never started"
            assert screen.query_one("#optimize", Button).disabled
            assert screen.query_one("#optimize-progress").display
    finally:
        if gate is not None:
            gate.release()
    await app.workers.wait_for_complete()
    await pilot.pause()
    return screen


async def test_optimize_then_apply(ctx, history, config, fit_gate):
    ctx = replace(ctx, data_dir=history[0])
    app = QuizApp(ctx, load_library(ctx.content_dirs), Store.open(ctx.db_path))
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await run_optimizer(app, pilot, gate=fit_gate)
        shown = str(screen.query_one("#optimize-result", Static).render())
        assert "log loss" in shown and "RMSE(bins)" in shown and "default" in shown
        advice = screen.optimizer.advice  # the desired-retention helper ran in the same worker
        assert len(advice.rows) == 28 and f"(CMRR): desired retention {advice.cmrr:.2f}" in shown
        assert "0.90" in shown and "(yours)" in shown and "reviews/day" in shown
        assert screen.optimizer.result.better and not config.exists()  # nothing written before Apply
        assert screen.query_one("#apply", Button).display
        await click_in_view(pilot, "#apply")
        await pilot.pause()
        settings, warnings = load_settings(config)
        assert warnings == [] and settings.fsrs_parameters == screen.optimizer.result.parameters
        assert app.ctx.settings.fsrs_parameters == screen.optimizer.result.parameters
        assert Srs(app.ctx.settings).scheduler.parameters == screen.optimizer.result.parameters
        assert "personal" in str(screen.query_one("#fsrs-status", Static).render())


async def test_optimize_with_too_few_reviews_says_how_many_more(ctx, config):
    app = QuizApp(ctx, load_library(ctx.content_dirs), Store.open(ctx.db_path))
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await run_optimizer(app, pilot)
        shown = str(screen.query_one("#optimize-result", Static).render())
        assert shown.startswith("not enough reviews to optimize: 8 more needed (0 of 8;")
        assert not screen.query_one("#apply", Button).display and not config.exists()
        assert not screen.query_one("#optimize", Button).disabled


async def test_leaving_the_screen_stops_the_fit(ctx, history, config, fit_gate):
    ctx = replace(ctx, data_dir=history[0])
    app = QuizApp(ctx, load_library(ctx.content_dirs), Store.open(ctx.db_path))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        app.push_screen(SettingsScreen())
        await pilot.pause()
        fit_gate.hold()  # the fit is still running when the screen is left
        try:
            await click_in_view(pilot, "#optimize")
            await pilot.pause()
            (worker,) = [w for w in app.workers if w.group == "optimize"]
            assert fit_gate.waiting.wait(timeout=60), "the fit never started"
            await pilot.press("escape")
        finally:
            fit_gate.release()  # its next progress report stops it
        await app.workers.wait_for_complete()
        assert worker.is_cancelled and worker.result is None and not config.exists()
