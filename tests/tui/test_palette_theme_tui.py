"""A theme picked in the command palette is kept: saved to the config like the
Settings one, and leaving Settings without saving goes back to it."""
from __future__ import annotations

import pytest
from textual.command import CommandList
from textual.widgets import Select

from quizapp.config import load_settings
from quizapp.content.deck import load_library
from quizapp.store.database import Store
from quizapp.tui.app import QuizApp
from quizapp.tui.home import HomeScreen
from quizapp.tui.settings import SettingsScreen
from screen_helpers import wait_for


@pytest.fixture
def config(tmp_path, monkeypatch):
    path = tmp_path / "config" / "config.toml"
    monkeypatch.setenv("QUIZAPP_CONFIG", str(path))
    return path


def commands_shown(app) -> list[str]:
    """The command palette's results, top first (it searches off the key handler)."""
    return [str(option.prompt) for option in app.screen.query_one(CommandList).options]


async def pick_in_palette(pilot, theme: str) -> None:
    """Ctrl+P, "Theme", then the theme, as a learner picks one."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*"theme")
    await wait_for(pilot, lambda: commands_shown(pilot.app)[:1] == ["Theme\nChange the current theme"])
    await pilot.press("down", "enter")
    await wait_for(pilot, lambda: "nord" in commands_shown(pilot.app))  # the list of themes
    await pilot.press(*theme)
    await wait_for(pilot, lambda: commands_shown(pilot.app)[:1] == [theme])
    await pilot.press("down", "enter")
    await pilot.pause()


async def test_the_palettes_theme_is_saved_and_settings_keeps_it(ctx, config):
    app = QuizApp(ctx, load_library(ctx.content_dirs), Store.open(ctx.db_path))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pick_in_palette(pilot, "nord")
        assert app.theme == "nord"
        assert load_settings(config)[0].theme == "nord" and app.ctx.settings.theme == "nord"

        await pilot.press("comma")  # Settings shows the kept theme ...
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        assert screen.query_one("#theme", Select).value == "nord"
        screen.query_one("#theme", Select).value = "dracula"  # ... previews another ...
        await pilot.pause()
        assert app.theme == "dracula"
        await pilot.press("escape", "escape")  # ... and discarding it goes back to the palette's
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.theme == "nord" and load_settings(config)[0].theme == "nord"


async def test_a_theme_picked_while_in_settings_is_not_undone_by_leaving(ctx, config):
    app = QuizApp(ctx, load_library(ctx.content_dirs), Store.open(ctx.db_path))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("comma")
        await pilot.pause()
        await pick_in_palette(pilot, "gruvbox")
        assert isinstance(app.screen, SettingsScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.theme == "gruvbox" and load_settings(config)[0].theme == "gruvbox"


async def test_a_theme_picked_over_an_unreadable_config_leaves_the_file_alone(ctx, config):
    """Saving the whole in-memory settings would have replaced a config the learner
    broke by hand with defaults: every other setting lost."""
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("new_per_day = 12\nthis is not toml\n", encoding="utf-8")
    app = QuizApp(ctx, load_library(ctx.content_dirs), Store.open(ctx.db_path))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        app.keep_theme("nord")
        await pilot.pause()
        assert app.theme == "nord"
    assert config.read_text(encoding="utf-8") == "new_per_day = 12\nthis is not toml\n"


async def test_the_palette_offers_keys_once_and_it_opens_the_apps_help(ctx):
    """Textual's "Keys" (its help panel) stood beside the app's "Keys" (the help screen)."""
    from quizapp.tui.help import HelpScreen

    app = QuizApp(ctx, load_library(ctx.content_dirs), Store.open(ctx.db_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert len(titles) == len(set(titles))
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"keys")
        await wait_for(pilot, lambda: commands_shown(app)[:1] == ["Keys\nShow every key binding"])
        assert sum(shown.startswith("Keys\n") for shown in commands_shown(app)) == 1
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
