"""The Settings form's field widget on its own: its error reactive shows and hides the reason."""
from __future__ import annotations

from textual.app import App
from textual.widgets import Input

from quizapp.tui.widgets.settings.field import SettingField


class OneField(App):
    def compose(self):
        yield SettingField("new_per_day", "New cards per day", Input("20", id="new_per_day"))


async def test_error_shows_under_the_field_and_clears():
    app = OneField()
    async with app.run_test(size=(80, 24)) as pilot:
        field = app.query_one(SettingField)
        line = app.query_one("#new_per_day-error")
        assert field.value == "20" and not line.display
        field.error = "a whole number from 0 to 9999"
        await pilot.pause()
        assert line.display and str(line.render()) == "✗ a whole number from 0 to 9999"
        field.error = None
        await pilot.pause()
        assert not line.display
