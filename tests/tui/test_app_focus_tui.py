"""Focus comes back with the app: a screen that opened while the app was out of focus
(a browser tab under `quizapp serve` starts that way) still gets its keys."""
from __future__ import annotations

from textual import events

from quizapp.content.deck import load_library
from quizapp.store.database import Store
from quizapp.tui.app import QuizApp
from quizapp.tui.exercises import ExerciseListScreen


def make_app(ctx) -> QuizApp:
    return QuizApp(ctx, load_library(ctx.content_dirs), Store.open(ctx.db_path))


async def test_a_screen_opened_out_of_focus_is_focused_when_the_app_is(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        app.post_message(events.AppBlur())
        await pilot.pause()
        assert app.focused is None
        app.action_exercises()
        await pilot.pause()
        assert isinstance(app.screen, ExerciseListScreen) and app.focused is None
        app.post_message(events.AppFocus())
        await pilot.pause()
        assert app.focused is app.screen.query_one("#exercise-table")


async def test_focus_given_back_is_the_widget_that_lost_it(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("b")  # Browse: the search box has focus; down goes to the results
        await pilot.press("down")
        table = app.focused
        assert table is not None and table is not app.screen.query_one("Input")
        app.post_message(events.AppBlur())
        await pilot.pause()
        app.post_message(events.AppFocus())
        await pilot.pause()
        assert app.focused is table


async def test_settings_opens_with_its_first_field_focused(ctx):
    """The scrolling form took the focus, so what was typed first went nowhere."""
    from quizapp.tui.settings import SettingsScreen

    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("comma")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        assert app.focused is app.screen.query_one("#desired_retention")
