"""Coding exercises in the real app: edit, run in the sandbox, rate from the outcome.

A review starts from the starter (the previous attempt is one key away), the
learner sees the suggested rating and may choose another, exploring records
nothing, practice on a card that is not due records nothing unless counted,
and F3 asks before replacing the code.
"""
from __future__ import annotations

import sqlite3
from datetime import timedelta

from decks import shipped_content
from quizapp.clock import utc_now
from quizapp.store.database import Store
from quizapp.study.srs import Srs
from quizapp.tui.app import QuizApp
from quizapp.tui.exercise import ExerciseScreen
from quizapp.tui.exercises import ExerciseListScreen
from quizapp.tui.study import StudyScreen

BROKEN = "import numpy as np\n\n\ndef softmax(z):\n    return z\n"


def make_app(ctx) -> QuizApp:
    library, exercises = shipped_content()
    return QuizApp(ctx, library, Store.open(ctx.db_path), exercises=exercises)


def code_rows(ctx):
    with sqlite3.connect(ctx.db_path) as db:
        return db.execute("SELECT card_id, rating, correct FROM reviews WHERE card_id LIKE 'exercises.%'"
                          " ORDER BY id").fetchall()


def results(screen) -> str:
    """The results pane as read top to bottom: headline, results, hints (the empty ones skipped)."""
    parts = (str(screen.query_one(f"#results-{part}").render()) for part in ("headline", "body", "hints"))
    return "\n\n".join(part for part in parts if part)


def footer_keys(app) -> set[str]:
    return {b.description for _, b, enabled, _ in app.screen.active_bindings.values() if enabled and b.show}


async def open_softmax(app, pilot) -> ExerciseScreen:
    await pilot.press("e")
    assert isinstance(app.screen, ExerciseListScreen)
    table = app.screen.query_one("#exercise-table")
    table.move_cursor(row=table.get_row_index("softmax"))  # rows are keyed by exercise id
    await pilot.press("enter")
    assert isinstance(app.screen, ExerciseScreen)
    return app.screen


async def run_tests(screen, pilot) -> str:
    await pilot.press("ctrl+r")
    await pilot.pause(0.05)
    for _ in range(400):
        if not results(screen).startswith("Running"):
            break
        await pilot.pause(0.05)
    return results(screen)


def make_due(app, days_ago: int = 60) -> None:
    """A review long ago: the card is due now."""
    app.store.record_review("exercises.softmax", 4, utc_now() - timedelta(days=days_ago), Srs(app.ctx.settings))


async def test_first_try_pass_suggests_good_and_enter_accepts_it(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_softmax(app, pilot)
        screen.query_one("#editor").load_text(app.exercises["softmax"].solution)
        passed = await run_tests(screen, pilot)
        assert "PASSED" in passed and "Reference solution" in passed
        assert "Suggested: Good" in passed
        assert code_rows(ctx) == []  # nothing saved until the learner accepts or chooses
        await pilot.press("enter")
        assert isinstance(app.screen, ExerciseListScreen)
        assert code_rows(ctx) == [("exercises.softmax", 3, 1)]
        table = app.screen.query_one("#exercise-table")
        assert str(table.get_row("softmax")[2]) == "passed"


async def test_the_learner_can_choose_another_rating_than_the_suggestion(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_softmax(app, pilot)
        screen.query_one("#editor").load_text(BROKEN)
        assert (await run_tests(screen, pilot)).startswith(("FAILED", "ERROR"))
        screen.query_one("#editor").load_text(app.exercises["softmax"].solution)
        passed = await run_tests(screen, pilot)
        assert "Suggested: Hard (1 failed run)" in passed
        assert {"Again", "Hard", "Good", "Easy"} <= footer_keys(app)
        editor = screen.query_one("#editor")
        await pilot.press("4")
        assert code_rows(ctx) == [("exercises.softmax", 4, 1)]
        assert editor.text == app.exercises["softmax"].solution  # no "4" typed into the code


async def test_running_the_untouched_starter_then_leaving_records_nothing(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_softmax(app, pilot)
        shown = await run_tests(screen, pilot)
        assert shown.startswith(("FAILED", "ERROR")) and "untouched starter" in shown
        await pilot.press("escape")
        assert isinstance(app.screen, ExerciseListScreen)
        assert code_rows(ctx) == []
        assert app.store.card_state("exercises.softmax").state == 0  # still new: no new card spent


async def test_leaving_an_unfinished_attempt_shows_the_rating_first(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_softmax(app, pilot)
        screen.query_one("#editor").load_text(BROKEN)
        await run_tests(screen, pilot)
        await pilot.press("escape")
        assert app.screen is screen and "Suggested: Again (no pass)" in results(screen)
        await pilot.press("e")  # keep editing after all
        assert not screen.query_one("#editor").read_only
        await pilot.press("escape", "escape")  # the leave key accepts the suggestion
        assert isinstance(app.screen, ExerciseListScreen)
        assert code_rows(ctx) == [("exercises.softmax", 1, 0)]


async def test_a_due_review_starts_from_the_starter_and_the_previous_attempt_is_one_key_away(ctx):
    app = make_app(ctx)
    make_due(app)
    draft = ctx.data_dir / "drafts" / "softmax.py"
    draft.parent.mkdir(parents=True)
    solution = app.exercises["softmax"].solution
    draft.write_text(solution)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_softmax(app, pilot)
        editor = screen.query_one("#editor")
        assert editor.text == app.exercises["softmax"].starter
        assert "previous attempt" in results(screen).lower()
        assert "Draft" in footer_keys(app)
        await pilot.press("f5")
        assert editor.text == solution
        passed = await run_tests(screen, pilot)
        assert "Suggested: Hard (previous attempt loaded)" in passed  # not recall, so not Good
        await pilot.press("enter")
        assert code_rows(ctx)[-1] == ("exercises.softmax", 2, 1)


async def test_previous_attempt_can_be_undone(ctx):
    app = make_app(ctx)
    (ctx.data_dir / "drafts").mkdir(parents=True)
    (ctx.data_dir / "drafts" / "softmax.py").write_text(BROKEN)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_softmax(app, pilot)
        await pilot.press("f5")
        assert screen.query_one("#editor").text == BROKEN
        await pilot.press("ctrl+z")
        assert screen.query_one("#editor").text == app.exercises["softmax"].starter


async def test_practice_on_a_card_that_is_not_due_records_nothing_unless_counted(ctx):
    app = make_app(ctx)
    app.store.record_review("exercises.softmax", 4, utc_now(), Srs(ctx.settings))  # Easy: due in days
    before = app.store.card_state("exercises.softmax")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_softmax(app, pilot)
        assert "practice" in results(screen).lower()
        screen.query_one("#editor").load_text(app.exercises["softmax"].solution)
        passed = await run_tests(screen, pilot)
        assert "PASSED" in passed and "nothing is recorded" in passed.lower()
        await pilot.press("escape")
        assert code_rows(ctx) == [("exercises.softmax", 4, None)]  # only the set-up review
        assert app.store.card_state("exercises.softmax").due == before.due

        screen = await open_softmax(app, pilot)
        screen.query_one("#editor").load_text(app.exercises["softmax"].solution)
        await pilot.press("f6")  # count this one
        await pilot.pause()
        assert "practice" not in results(screen).lower()  # the line still said "Practice (not due)"
        assert "Suggested: Good" in await run_tests(screen, pilot)
        await pilot.press("enter")
        assert code_rows(ctx)[-1] == ("exercises.softmax", 3, 1)


async def test_reset_asks_first_keeps_the_draft_and_can_be_undone(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_softmax(app, pilot)
        editor = screen.query_one("#editor")
        editor.load_text(BROKEN)
        await run_tests(screen, pilot)  # a run saves the draft
        draft = ctx.data_dir / "drafts" / "softmax.py"
        assert draft.read_text() == BROKEN
        await pilot.press("f3")
        assert editor.text == BROKEN and "F3 again" in results(screen)
        await pilot.press("f3")
        assert editor.text == app.exercises["softmax"].starter
        assert draft.read_text() == BROKEN  # the saved code is not overwritten by the starter
        assert "Starter code restored" in results(screen)
        await pilot.press("ctrl+z")
        assert editor.text == BROKEN
        await pilot.pause()
        assert "Starter code restored" not in results(screen)  # it stayed, no longer true


async def test_hints_seen_count_even_after_leaving_and_reopening(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_softmax(app, pilot)
        await pilot.press("f2")
        assert "Hint 1/3" in results(screen)
        await pilot.press("escape")  # nothing changed yet: nothing recorded
        assert isinstance(app.screen, ExerciseListScreen) and code_rows(ctx) == []

        screen = await open_softmax(app, pilot)
        screen.query_one("#editor").load_text(app.exercises["softmax"].solution)
        assert "Suggested: Hard (1 hint)" in await run_tests(screen, pilot)
        await pilot.press("enter")
        assert code_rows(ctx) == [("exercises.softmax", 2, 1)]


async def test_a_damaged_progress_file_is_kept_aside_and_said_when_the_editor_opens(ctx):
    ctx.data_dir.mkdir(parents=True, exist_ok=True)
    (ctx.data_dir / "exercise-progress.json").write_text("[1, 2")
    app = make_app(ctx)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_softmax(app, pilot)
        assert any("exercise-progress.json was damaged: kept as" in n.message for n in app._notifications)
        assert (ctx.data_dir / "exercise-progress.damaged.json").read_text() == "[1, 2"


async def test_give_up_suggests_again(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_softmax(app, pilot)
        await pilot.press("f4")
        assert "Suggested: Again (gave up)" in results(screen)
        await pilot.press("enter")
        assert code_rows(ctx) == [("exercises.softmax", 1, 0)]


async def test_giving_up_can_make_an_exercise_a_leech(ctx):
    from dataclasses import replace

    ctx.settings = replace(ctx.settings, leech_lapses=1)
    app = make_app(ctx)
    make_due(app)
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
        assert "PASSED" in await run_tests(screen, pilot)
        await pilot.press("f2", "f4", "escape")
        assert code_rows(ctx) == [("exercises.softmax", 3, 1)]


async def test_study_hands_a_code_card_to_the_editor_and_saves_the_chosen_rating(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(100, 30)) as pilot:
        app.action_study(["exercises"])
        await pilot.pause()
        study = app.screen
        assert isinstance(study, StudyScreen)
        await pilot.press("space")
        editor_screen = app.screen
        assert isinstance(editor_screen, ExerciseScreen)
        exercise = editor_screen.sitting.exercise
        await pilot.press("escape")  # stepped out before changing anything
        assert app.screen is study and code_rows(ctx) == []

        await pilot.press("space")
        editor_screen = app.screen
        assert editor_screen.query_one("#editor").text == exercise.starter
        editor_screen.query_one("#editor").load_text(exercise.solution)
        assert "Suggested: Good" in await run_tests(editor_screen, pilot)
        await pilot.press("2")
        assert app.screen is study
        assert code_rows(ctx) == [(f"exercises.{exercise.id}", 2, 1)]
