"""The settings screen driven with Pilot: what Save writes, what it refuses."""
from __future__ import annotations

import tomllib

import pytest
from textual.widgets import Input, Select

from quizapp.config import Settings, load_settings
from quizapp.content.deck import load_library
from quizapp.store.database import Store
from quizapp.tui.app import QuizApp
from quizapp.tui.home import HomeScreen
from quizapp.tui.settings import SettingsScreen


@pytest.fixture
def config(tmp_path, monkeypatch):
    path = tmp_path / "config" / "config.toml"
    monkeypatch.setenv("QUIZAPP_CONFIG", str(path))
    return path


async def open_settings(ctx, pilot) -> SettingsScreen:
    await pilot.pause()
    pilot.app.push_screen(SettingsScreen())
    await pilot.pause()
    assert isinstance(pilot.app.screen, SettingsScreen)
    return pilot.app.screen


async def retype(pilot, screen, field: str, text: str) -> None:
    """Focus the field, clear it and type, as a user would."""
    box = screen.query_one(f"#{field}", Input)
    box.focus()
    box.value = ""
    await pilot.press(*text)


def make_app(ctx) -> QuizApp:
    return QuizApp(ctx, load_library(ctx.content_dirs), Store.open(ctx.db_path))


async def test_save_writes_the_file_and_updates_the_context(ctx, config):
    app = make_app(ctx)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_settings(ctx, pilot)
        await retype(pilot, screen, "desired_retention", "0.85")
        await retype(pilot, screen, "new_per_day", "12")
        screen.query_one("#theme", Select).value = "nord"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert tomllib.loads(config.read_text()) == {"desired_retention": 0.85, "new_per_day": 12, "theme": "nord"}
        assert app.ctx.settings == Settings(desired_retention=0.85, new_per_day=12, theme="nord")
        assert load_settings(config) == (app.ctx.settings, [])
        assert app.theme == "nord"
        await pilot.press("escape")  # nothing unsaved: straight back
        assert isinstance(app.screen, HomeScreen)


async def test_save_writes_only_what_the_form_changed_over_what_the_file_holds_now(ctx, config):
    """``quizapp plan --date`` run in another terminal while Settings was open: saving the
    form wrote back the date it was opened with, silently undoing the command."""
    app = make_app(ctx)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_settings(ctx, pilot)
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text('interview_date = "2099-01-01"  # set from the shell\nreviews_per_day = 80\n')
        await retype(pilot, screen, "new_per_day", "12")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert config.read_text() == 'interview_date = "2099-01-01"  # set from the shell\nreviews_per_day = 80\n' \
                                     "new_per_day = 12\n"
        assert app.ctx.settings == Settings(interview_date="2099-01-01", reviews_per_day=80, new_per_day=12)
        assert screen.query_one("#interview_date", Input).value == "2099-01-01"  # the form shows the file's
        config.write_text("new_per_day = = 3\n")  # broken by hand: not overwritten, the reason named
        await retype(pilot, screen, "new_per_day", "14")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert config.read_text() == "new_per_day = = 3\n" and app.ctx.settings.new_per_day == 12


async def test_invalid_value_is_shown_beside_its_field_and_nothing_is_written(ctx, config):
    app = make_app(ctx)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_settings(ctx, pilot)
        await retype(pilot, screen, "desired_retention", "1.5")
        await retype(pilot, screen, "learning_steps_minutes", "1, soon")
        await retype(pilot, screen, "new_per_day", "15")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not config.exists() and app.ctx.settings == Settings()
        errors = {w.id: str(w.render()) for w in screen.query(".field-error") if w.display}
        assert errors == {"desired_retention-error": "✗ a number between 0.7 and 0.99",
                          "learning_steps_minutes-error":
                              "✗ a list of minutes, each from 1 to 43200 (30 days), e.g. [1, 10]"}
        await retype(pilot, screen, "desired_retention", "0.8")
        await pilot.pause()
        shown = [w.id for w in screen.query(".field-error") if w.display]
        assert shown == ["learning_steps_minutes-error"]  # the edited field's reason went with the edit
        await retype(pilot, screen, "learning_steps_minutes", "1 5 20")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert load_settings(config)[0] == Settings(desired_retention=0.8, new_per_day=15,
                                                    learning_steps_minutes=(1.0, 5.0, 20.0))
        assert not any(w.display for w in screen.query(".field-error"))


async def test_escape_with_unsaved_changes_warns_then_discards(ctx, config):
    app = make_app(ctx)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_settings(ctx, pilot)
        before = app.theme
        await retype(pilot, screen, "leech_lapses", "4")
        screen.query_one("#theme", Select).value = "nord"
        await pilot.pause()
        assert app.theme == "nord"  # previewed live
        await pilot.press("escape")
        assert app.screen is screen  # first Escape only warns
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        assert app.theme == before and app.ctx.settings == Settings() and not config.exists()


async def test_a_theme_in_the_file_that_is_not_installed_does_not_stop_a_save(ctx, config):
    """The theme the app shows after a save comes from the file, which may name one not installed."""
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('theme = "my-own-theme"\n')
    ctx.settings = load_settings(config)[0]
    app = make_app(ctx)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_settings(ctx, pilot)
        await retype(pilot, screen, "new_per_day", "12")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert config.read_text() == 'theme = "my-own-theme"\nnew_per_day = 12\n'
        assert app.theme == "textual-dark" and app.ctx.settings.theme == "my-own-theme"
