"""Every setting has a sane range; a value outside it is named and replaced by the default.

``learning_steps_minutes = [1e308]`` used to load, and the study screen exited on
the first reveal (a due date past year 9999). The file and the Settings screen
judge values with the same check.
"""
from __future__ import annotations

import pytest
from textual.widgets import Input

from quizapp.config import Settings, check_setting, parse_settings
from quizapp.content.deck import load_library
from quizapp.store.database import Store
from quizapp.tui.app import QuizApp
from quizapp.tui.settings import SettingsScreen

OUT_OF_RANGE = [
    ("learning_steps_minutes", [1e308]), ("learning_steps_minutes", [0.5]),
    ("learning_steps_minutes", [1, 43201]), ("relearning_steps_minutes", [1e308]),
    ("relearning_steps_minutes", [0]), ("new_per_day", 10000), ("new_per_day", -1),
    ("reviews_per_day", 10000), ("desired_retention", 0.69), ("desired_retention", 0.995),
    ("leech_lapses", 0), ("leech_lapses", 100), ("day_starts_at_hour", 24), ("day_starts_at_hour", -1),
]
AT_THE_EDGES = [
    ("learning_steps_minutes", [1, 43200]), ("relearning_steps_minutes", []), ("new_per_day", 0),
    ("new_per_day", 9999), ("reviews_per_day", 9999), ("desired_retention", 0.7),
    ("desired_retention", 0.99), ("leech_lapses", 1), ("leech_lapses", 99), ("day_starts_at_hour", 23),
]


@pytest.mark.parametrize("key, raw", OUT_OF_RANGE)
def test_a_value_out_of_range_is_named_and_replaced_by_the_default(key, raw):
    settings, warnings = parse_settings({key: raw}, "cfg.toml")
    assert settings == Settings()
    assert warnings == [f"cfg.toml: {key} = {raw!r} is invalid ({check_setting(key, raw)[1]}); using the default"]


@pytest.mark.parametrize("key, raw", AT_THE_EDGES)
def test_the_ends_of_each_range_are_accepted(key, raw):
    _value, reason = check_setting(key, raw)
    assert reason is None and parse_settings({key: raw})[1] == []


def test_the_reason_states_the_range():
    assert "30 days" in check_setting("learning_steps_minutes", [1e308])[1]
    assert "1 to 99" in check_setting("leech_lapses", 100)[1]
    assert "0 to 9999" in check_setting("reviews_per_day", 10000)[1]


async def test_the_settings_screen_refuses_a_step_out_of_range(ctx, tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    monkeypatch.setenv("QUIZAPP_CONFIG", str(config))
    app = QuizApp(ctx, load_library(ctx.content_dirs), Store.open(ctx.db_path))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        app.push_screen(SettingsScreen())
        await pilot.pause()
        box = app.screen.query_one("#learning_steps_minutes", Input)
        box.focus()
        box.value = ""
        await pilot.press(*"1e308")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not config.exists() and app.ctx.settings == Settings()
        error = app.screen.query_one("#learning_steps_minutes-error")
        assert error.display and "30 days" in str(error.render())
