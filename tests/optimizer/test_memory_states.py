"""New FSRS weights recompute every card's stability and difficulty from the log
(due dates stay, as Anki's default "Reschedule cards on change: off")."""
from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import timedelta

import pytest
from textual.widgets import Input, Static, Switch

from quizapp.config import Settings, load_settings
from quizapp.content.deck import load_library
from quizapp.store.database import Store
from quizapp.study.memory_states import recompute_memory_states, weights_changed
from quizapp.study.srs import Srs
from quizapp.tui.app import QuizApp
from screen_helpers import click_in_view

from .memory import assert_recomputed, cached
from .simulate import START, TRUE_PARAMETERS, simulate_history
from .test_settings_optimize_tui import run_optimizer


def test_new_weights_recompute_s_and_d_and_keep_due_times(tmp_path):
    with Store.open(tmp_path / "quizapp.db", synchronous="OFF") as store:
        simulate_history(store, cards=30, days=60)  # fuzz on, as a learner's log has
        later = START + timedelta(days=61)
        store.resets.reset_card("sim.c003", later)  # the replay starts this card over
        store.record_review("sim.c003", 3, later + timedelta(minutes=1), Srs(Settings()))
        before = cached(store)
        settings = replace(Settings(), fsrs_parameters=TRUE_PARAMETERS)
        assert recompute_memory_states(store, settings) == len(before)
        assert_recomputed(store, settings, before)


def test_only_weights_count_as_a_change():
    personal = replace(Settings(), fsrs_parameters=TRUE_PARAMETERS)
    assert weights_changed(Settings(), personal) and weights_changed(personal, Settings())
    assert not weights_changed(Settings(), replace(Settings(), desired_retention=0.8))
    assert not weights_changed(personal, replace(personal, new_per_day=50))


@pytest.fixture
def learner(history, tmp_path):
    """A private copy of the simulated learner's data dir (applying changes its cache)."""
    data = tmp_path / "learner"
    shutil.copytree(history[0], data)
    with Store.open(data / "quizapp.db") as store:
        before = cached(store)
    return data, before


def test_cli_apply_recomputes_every_card(learner, config, optimize_cli):
    data, before = learner
    done = optimize_cli(data, "--apply", config=config)
    assert done.returncode == 0, done.stderr
    assert (f"recomputed memory states of {len(before)} cards with the new weights; due dates unchanged"
            in done.stdout.splitlines())
    settings, _ = load_settings(config)
    assert settings.fsrs_parameters is not None
    with Store.open(data / "quizapp.db") as store:
        assert_recomputed(store, settings, before)


async def test_settings_apply_and_switching_weights_recompute(ctx, learner, config):
    data, before = learner
    app = QuizApp(replace(ctx, data_dir=data), load_library(ctx.content_dirs), Store.open(data / "quizapp.db"))
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await run_optimizer(app, pilot)
        await click_in_view(pilot, "#apply")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.ctx.settings.fsrs_parameters == screen.optimizer.result.parameters
        assert_recomputed(app.store, app.ctx.settings, before)
        status = str(screen.query_one("#fsrs-status", Static).render())
        assert f"memory states of {len(before)} cards recomputed; due dates unchanged" in status

        personal = cached(app.store)
        screen.query_one("#desired_retention", Input).value = "0.85"
        await pilot.press("ctrl+s")  # retention alone changes intervals, not memory
        await app.workers.wait_for_complete()
        assert app.ctx.settings.desired_retention == 0.85 and cached(app.store) == personal

        screen.query_one("#use-personal", Switch).value = False
        await pilot.press("ctrl+s")  # back to the default weights: replayed with those
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.ctx.settings.fsrs_parameters is None
        assert_recomputed(app.store, app.ctx.settings, personal)
