"""How the screens a learner sees look, compared with the SVGs in ``__snapshots__``:
home, study and stats at 100x30 (study at 200x50 too); browse, settings, the exercise editor, the drill
summary and choice, numeric and MLP study at 80x24, the smallest terminal we support.

Everything on screen is fixed: the small demo deck in tmp_path, an empty store
(so counts do not depend on today's date), the study screen's shuffle seeded, a
numeric card with fixed parameters, a drill summary with fixed figures, and for
stats the hand-counted history with the screen's clock frozen at ``NOW`` in UTC.
The Header shows no clock and no cursor blinks. Regenerate after a deliberate change with
``pytest tests/snapshots --snapshot-update``, and look at the new SVGs.
"""
from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta
from types import SimpleNamespace

import pytest

from decks import MLP, NEURON, shipped_content
from quizapp.clock import study_date, utc_now
from quizapp.content.deck import load_library
from quizapp.store.database import Store
from quizapp.tui.app import QuizApp
from quizapp.tui.stats_screen import StatsScreen
from quizapp.tui.summary import SummaryScreen
from screen_helpers import wait_for_engines
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


def test_study_screen_on_a_wide_terminal_keeps_a_readable_column(snap_compare, ctx, store):
    """Issue 17: at 200 columns the card ran the whole width; now 100 columns, centred."""
    app = QuizApp(ctx, load_library(ctx.content_dirs), store, mode="study", decks=["demo"])
    assert snap_compare(app, press=["space"], terminal_size=(200, 50))


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


SMALL = (80, 24)


async def _settle(pilot) -> None:
    """Wait for the screen's workers, then stop every cursor blinking.

    A blinking cursor is drawn or not by a timer, so on a loaded machine the
    capture caught the editor's cursor hidden; a steady cursor is what a
    learner sees the moment they type.
    """
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    for widget in pilot.app.screen.query("*"):
        if hasattr(widget, "cursor_blink"):
            widget.cursor_blink = False
    await pilot.pause()


def test_browse_screen(snap_compare, ctx, store):
    app = QuizApp(ctx, load_library(ctx.content_dirs), store)

    async def open_browse(pilot) -> None:
        await pilot.pause()
        await pilot.press("b")
        await _settle(pilot)

    assert snap_compare(app, terminal_size=SMALL, run_before=open_browse)


def test_settings_screen(snap_compare, ctx, store):
    app = QuizApp(ctx, load_library(ctx.content_dirs), store)

    async def open_settings(pilot) -> None:
        await pilot.pause()
        await pilot.press("comma")
        await _settle(pilot)

    assert snap_compare(app, terminal_size=SMALL, run_before=open_settings)


def test_exercise_editor(snap_compare, ctx, store):
    library, exercises = shipped_content()
    app = QuizApp(ctx, library, store, exercises=exercises)

    async def open_softmax(pilot) -> None:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        table = pilot.app.screen.query_one("#exercise-table")
        table.move_cursor(row=table.get_row_index("softmax"))
        await pilot.press("enter")
        await _settle(pilot)

    assert snap_compare(app, terminal_size=SMALL, run_before=open_softmax)


def test_drill_summary(snap_compare, ctx, store):
    app = QuizApp(ctx, load_library(ctx.content_dirs), store)
    summary = {"reviewed": 12, "again_rate": 0.25, "time_spent_s": 194.0,
               "next_due": utc_now() + timedelta(minutes=10, seconds=30)}

    async def open_summary(pilot) -> None:
        await pilot.pause()
        pilot.app.push_screen(SummaryScreen(summary))
        await _settle(pilot)

    assert snap_compare(app, terminal_size=SMALL, run_before=open_summary)


@pytest.fixture
def seeded_study(monkeypatch):
    """The study screen draws choice options and parameters from a seeded generator."""
    import quizapp.tui.study as study

    monkeypatch.setattr(study, "random", SimpleNamespace(Random=lambda: random.Random(5)))


def test_study_screen_with_a_choice_card(snap_compare, ctx, store, seeded_study):
    app = QuizApp(ctx, load_library(ctx.content_dirs), store, mode="study", decks=["demo"])

    async def to_the_choice_card(pilot) -> None:
        await pilot.pause()
        for _ in range(8):  # the demo deck's qa and cloze cards come first: Again each
            if pilot.app.screen.attempt.card.kind == "choice":
                break
            await pilot.press("space")
            await pilot.press("1")
            await pilot.pause()
        assert pilot.app.screen.attempt.card.kind == "choice"
        await _settle(pilot)

    assert snap_compare(app, terminal_size=SMALL, run_before=to_the_choice_card)


def test_study_screen_with_a_numeric_card_answered(snap_compare, ctx, deck_dir, store, seeded_study):
    (deck_dir / "num.yaml").write_text(NEURON, encoding="utf-8")
    ctx = replace(ctx, device="cpu")  # the screen names the device that checked the answer
    app = QuizApp(ctx, load_library(ctx.content_dirs), store, mode="study", decks=["num"])

    async def answer(pilot) -> None:
        await wait_for_engines(pilot.app, pilot)
        await _settle(pilot)
        await pilot.press(*"0.5498", "enter")  # sigmoid(0.2), right to 4 decimals
        await _settle(pilot)

    assert snap_compare(app, terminal_size=SMALL, run_before=answer)


def test_study_screen_with_an_mlp_card_shows_its_layers_as_a_table(snap_compare, ctx, deck_dir, store):
    """Issue 17: the layers as a small table, not a Python repr."""
    (deck_dir / "mlp.yaml").write_text(MLP, encoding="utf-8")
    app = QuizApp(ctx, load_library(ctx.content_dirs), store, mode="study", decks=["mlp"])

    async def wait(pilot) -> None:
        await wait_for_engines(pilot.app, pilot)
        await _settle(pilot)

    assert snap_compare(app, terminal_size=SMALL, run_before=wait)


def test_home_screen_counts_down_to_an_interview_date(snap_compare, ctx, store):
    """The date is 12 study days from today, so the line reads the same whatever today is."""
    day = study_date(utc_now(), ctx.settings.day_starts_at_hour) + timedelta(days=12)
    ctx.settings = replace(ctx.settings, interview_date=day.isoformat())
    app = QuizApp(ctx, load_library(ctx.content_dirs), store)
    assert snap_compare(app, terminal_size=SMALL, run_before=_settle)
