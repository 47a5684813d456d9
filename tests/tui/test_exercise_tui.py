"""Coding exercises in the real app: edit, run in the sandbox, rate from the outcome."""
from __future__ import annotations

import sqlite3

from quizapp.library import load_everything
from quizapp.paths import builtin_content_dir
from quizapp.store import Store
from quizapp.tui.app import QuizApp
from quizapp.tui.exercise import ExerciseScreen
from quizapp.tui.exercises import ExerciseListScreen


def make_app(ctx) -> QuizApp:
    library, exercises = load_everything([*ctx.content_dirs, builtin_content_dir()])
    return QuizApp(ctx, library, Store.open(ctx.db_path), exercises=exercises)


def code_rows(ctx):
    with sqlite3.connect(ctx.db_path) as db:
        return db.execute("SELECT card_id, rating, correct FROM reviews WHERE kind = 'code'").fetchall()


async def open_softmax(app, pilot) -> ExerciseScreen:
    await pilot.press("e")
    assert isinstance(app.screen, ExerciseListScreen)
    table = app.screen.query_one("#exercise-table")
    row = next(i for i in range(table.row_count) if str(table.get_row_at(i)[0]) == "softmax")
    table.move_cursor(row=row)
    await pilot.press("enter")
    assert isinstance(app.screen, ExerciseScreen)
    return app.screen


async def run_tests(screen, pilot) -> str:
    before = screen.runs
    await pilot.press("ctrl+r")
    for _ in range(400):
        if screen.runs > before:
            break
        await pilot.pause(0.05)
    return str(screen.query_one("#results").render())


async def test_first_try_pass_rates_good_and_shows_the_solution(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_softmax(app, pilot)
        starter = await run_tests(screen, pilot)
        assert starter.startswith("FAILED") or starter.startswith("ERROR")
        screen.query_one("#editor").load_text(app.exercises["softmax"].solution)
        # The starter failed once, so even a pass now earns Hard, not Good.
        passed = await run_tests(screen, pilot)
        assert passed.startswith("PASSED") and "Reference solution" in passed
        await pilot.press("escape")
        assert isinstance(app.screen, ExerciseListScreen)
        assert code_rows(ctx) == [("exercises.softmax", 2, 1)]
        table = app.screen.query_one("#exercise-table")
        row = next(table.get_row_at(i) for i in range(table.row_count) if str(table.get_row_at(i)[0]) == "softmax")
        assert str(row[2]) == "passed"


async def test_clean_pass_is_good_give_up_is_again_and_drafts_are_kept(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_softmax(app, pilot)
        screen.query_one("#editor").load_text(app.exercises["softmax"].solution)
        assert (await run_tests(screen, pilot)).startswith("PASSED")
        await pilot.press("escape")
        assert code_rows(ctx) == [("exercises.softmax", 3, 1)]

        screen = await open_softmax(app, pilot)
        assert screen.query_one("#editor").text == app.exercises["softmax"].solution  # draft kept
        await pilot.press("f3")  # reset to the starter
        assert screen.query_one("#editor").text == app.exercises["softmax"].starter
        await pilot.press("f2")
        assert "Hint 1/" in str(screen.query_one("#results").render())
        await pilot.press("f4", "escape")
        assert code_rows(ctx)[-1] == ("exercises.softmax", 1, 0)


async def test_leaving_without_trying_records_nothing(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_softmax(app, pilot)
        await pilot.press("escape")
        assert code_rows(ctx) == []


async def test_giving_up_can_make_an_exercise_a_leech(ctx):
    from dataclasses import replace
    from datetime import timedelta

    from quizapp.clock import utc_now
    from quizapp.srs import Srs

    ctx.settings = replace(ctx.settings, leech_lapses=1)
    app = make_app(ctx)
    app.store.record_review("exercises.softmax", 4, utc_now() - timedelta(days=60), Srs(ctx.settings))
    async with app.run_test(size=(100, 30)) as pilot:
        await open_softmax(app, pilot)
        await pilot.press("f4", "escape")  # give up: Again on a card in review = a lapse
        assert any("exercises.softmax is a leech" in n.message for n in app._notifications)
        assert app.store.card_state("exercises.softmax").suspended


async def test_quitting_from_the_editor_keeps_the_draft(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_softmax(app, pilot)
        screen.query_one("#editor").load_text("def softmax(z):\n    return z  # work in progress\n")
        await pilot.press("ctrl+q")
    draft = ctx.data_dir / "drafts" / "softmax.py"
    assert draft.read_text() == "def softmax(z):\n    return z  # work in progress\n"


async def test_after_a_pass_hints_and_giving_up_do_not_change_the_rating(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_softmax(app, pilot)
        screen.query_one("#editor").load_text(app.exercises["softmax"].solution)
        assert (await run_tests(screen, pilot)).startswith("PASSED")
        await pilot.press("f2", "f4", "escape")
        assert code_rows(ctx) == [("exercises.softmax", 3, 1)]
