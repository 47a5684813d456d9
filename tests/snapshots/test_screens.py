"""How the key screens look at 100x30, compared with the SVGs in ``__snapshots__``.

Everything on screen is fixed: the small demo deck in tmp_path, an empty store
for home and study (so counts do not depend on today's date), a qa card for
study (choice options are shuffled), and for stats the hand-counted history
with the screen's clock frozen at ``NOW`` in UTC. The Header shows no clock.
Regenerate after a deliberate change with ``pytest tests/snapshots --snapshot-update``.
"""
from __future__ import annotations

import pytest

from quizapp.deck import load_library
from quizapp.store import Store
from quizapp.tui.app import QuizApp
from quizapp.tui.stats_screen import StatsScreen
from stats.history import NOW, UTC, write_history

SIZE = (100, 30)


@pytest.fixture
def store(ctx):
    with Store.open(ctx.db_path) as opened:
        yield opened


def test_home_screen(snap_compare, ctx, store):
    app = QuizApp(ctx, load_library(ctx.content_dirs), store)
    assert snap_compare(app, terminal_size=SIZE)


def test_study_screen_with_a_revealed_qa_card(snap_compare, ctx, store):
    app = QuizApp(ctx, load_library(ctx.content_dirs), store, mode="study", decks=["demo"])
    assert snap_compare(app, press=["space"], terminal_size=SIZE)


def test_stats_screen(snap_compare, ctx, deck_dir, store):
    write_history(deck_dir, store)
    app = QuizApp(ctx, load_library(ctx.content_dirs), store)

    async def open_stats(pilot) -> None:
        await pilot.pause()
        pilot.app.push_screen(StatsScreen(now=NOW, tz=UTC))
        await pilot.pause()
        await pilot.app.workers.wait_for_complete([w for w in pilot.app.workers if w.group == "stats"])
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=open_stats)
