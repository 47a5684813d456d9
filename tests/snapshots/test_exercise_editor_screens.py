"""The exercise editor once an attempt is over, compared with the SVGs in ``__snapshots__``:
at 80x24 with the task folded (the rating asked for above the reference solution,
both at the terminal's full width) and at 160x40, code and results side by side.

Giving up needs no sandbox run, so nothing on screen depends on timing (the opening
view is ``test_screens.test_exercise_editor``). Regenerate after a deliberate change
with ``--snapshot-update`` and look at the new SVGs.
"""
from __future__ import annotations

import pytest

from decks import shipped_content
from quizapp.store.database import Store
from quizapp.tui.app import QuizApp


@pytest.fixture
def app(ctx):
    library, exercises = shipped_content()
    with Store.open(ctx.db_path) as store:
        yield QuizApp(ctx, library, store, exercises=exercises)


async def give_up_on_softmax(pilot, *keys: str) -> None:
    await pilot.pause()
    await pilot.press("e")
    await pilot.pause()
    table = pilot.app.screen.query_one("#exercise-table")
    table.move_cursor(row=table.get_row_index("softmax"))
    await pilot.press("enter", *keys, "f4")
    await pilot.pause()


def test_giving_up_at_80x24_with_the_task_folded(snap_compare, app):
    async def run_before(pilot) -> None:
        await give_up_on_softmax(pilot, "ctrl+t")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_giving_up_on_a_wide_terminal_puts_the_results_beside_the_code(snap_compare, app):
    assert snap_compare(app, terminal_size=(160, 40), run_before=give_up_on_softmax)
