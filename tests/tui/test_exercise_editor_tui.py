"""The exercise editor at 80x24, the smallest terminal supported (issue 17): the task
can be hidden and shown, the results pane is as wide as the terminal so code does
not wrap mid-expression, hints add up below the results, every key is in the
footer; Enter indents Python; Ctrl+E hands the code to the learner's own editor
(a real editor process, a small script, here)."""
from __future__ import annotations

import pytest
from textual.widgets import Footer

from editor_scripts import editor_script
from quizapp.clock import utc_now
from quizapp.study.srs import Srs
from screen_helpers import footer_keys
from tui.test_exercise_tui import BROKEN, make_app, open_softmax, results, run_tests

SMALL = (80, 24)


async def test_at_80x24_the_task_is_shown_whole_and_hides_with_a_key(ctx):
    app = make_app(ctx)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_softmax(app, pilot)
        prompt = screen.query_one("#exercise-prompt")
        assert prompt.virtual_size.height <= prompt.size.height  # no scrolling needed to read it
        assert footer_keys(screen)["ctrl+t"] == "Task"
        editor_height = screen.query_one("#editor").size.height
        await pilot.press("ctrl+t")
        assert prompt.size.height == 1
        assert screen.query_one("#editor").size.height > editor_height  # the room goes to the code
        assert screen.query_one("#editor").has_focus
        await pilot.press("ctrl+t")
        assert prompt.size.height > 1


async def test_at_80x24_the_results_are_below_the_code_and_as_wide_as_the_terminal(ctx):
    app = make_app(ctx)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_softmax(app, pilot)
        editor, pane = screen.query_one("#editor"), screen.query_one("#results-box")
        assert pane.region.y >= editor.region.bottom and pane.size.width >= 76
        await pilot.press("f4")  # the solution: its longest line (77 columns, a comment at its end) fits
        longest = max(len(line) for line in app.exercises["softmax"].solution.splitlines())
        await pilot.pause()
        assert screen.query_one("#results-body").content_region.width >= longest == 77


async def test_wide_terminals_put_the_results_beside_the_code(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await open_softmax(app, pilot)
        editor, pane = screen.query_one("#editor"), screen.query_one("#results-box")
        assert pane.region.x >= editor.region.right and pane.region.y == editor.region.y


async def test_hints_are_added_below_the_results(ctx):
    app = make_app(ctx)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_softmax(app, pilot)
        screen.query_one("#editor").load_text(BROKEN)
        assert (await run_tests(screen, pilot)).startswith(("FAILED", "ERROR"))
        await pilot.press("f2", "f2")
        shown = results(screen)
        assert shown.startswith(("FAILED", "ERROR"))
        assert shown.index("Hint 1/3") < shown.index("Hint 2/3")


async def test_every_key_fits_in_the_footer_at_80_columns(ctx):
    """The most keys at once: practice (F6 counts it) with a saved draft (F5 loads it)."""
    app = make_app(ctx)
    app.store.record_review("exercises.softmax", 4, utc_now(), Srs(ctx.settings))  # Easy: not due, practice
    (ctx.data_dir / "drafts").mkdir(parents=True)
    (ctx.data_dir / "drafts" / "softmax.py").write_text(BROKEN)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_softmax(app, pilot)
        footer = screen.query_one(Footer)
        assert set(footer_keys(screen)) == {"ctrl+r", "f2", "f3", "f4", "f5", "f6", "ctrl+t", "ctrl+e", "escape"}
        assert all(key.region.right <= footer.region.right for key in footer.children)
        await pilot.press("f6", "f4")  # counted, then given up: the rating keys replace the editing ones (F6 stays)
        assert set(footer_keys(screen)) == {"1", "2", "3", "4", "enter", "f6", "ctrl+t", "escape", "question_mark"}
        assert all(key.region.right <= footer.region.right for key in footer.children)


@pytest.mark.parametrize(("typed", "expected"), [
    (["d", "e", "f", "space", "g", "(", ")", ":", "enter", "x"], "def g():\n    x"),
    (["i", "f", "space", "a", ":", "enter", "b", "enter", "c"], "if a:\n    b\n    c"),  # keeps the level
])
async def test_enter_indents_after_a_colon_and_keeps_the_indentation_otherwise(ctx, typed, expected):
    app = make_app(ctx)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_softmax(app, pilot)
        editor = screen.query_one("#editor")
        editor.load_text("")
        await pilot.press(*typed)
        assert editor.text == expected


async def test_enter_inside_the_indentation_splits_without_doubling_it(ctx):
    app = make_app(ctx)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_softmax(app, pilot)
        editor = screen.query_one("#editor")
        editor.load_text("def g(): return 1")
        editor.move_cursor((0, len("def g():")))
        await pilot.press("enter")
        assert editor.text == "def g():\n    return 1"


@pytest.fixture
def appending_editor(tmp_path, monkeypatch):
    script = editor_script(tmp_path, "append-editor", "p.write_text(p.read_text() + '    # edited outside\\n')")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(script))


async def test_ctrl_e_opens_the_code_in_the_learners_editor_and_loads_it_back(ctx, appending_editor):
    app = make_app(ctx)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_softmax(app, pilot)
        editor = screen.query_one("#editor")
        editor.load_text(BROKEN)
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert editor.text == BROKEN + "    # edited outside\n"
        assert (ctx.data_dir / "drafts" / "softmax.py").read_text() == editor.text  # kept as the draft
        await pilot.press("ctrl+z")
        assert editor.text == BROKEN  # an edit like any other


async def test_a_missing_editor_is_a_notification_not_a_crash(ctx, monkeypatch, tmp_path):
    monkeypatch.setenv("VISUAL", str(tmp_path / "no-such-editor"))
    app = make_app(ctx)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_softmax(app, pilot)
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert app.screen is screen and screen.query_one("#editor").text == app.exercises["softmax"].starter
        assert any("Could not start your editor" in n.message for n in app._notifications)
