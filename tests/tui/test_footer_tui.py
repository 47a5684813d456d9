"""The footer rebuilds when what it shows changes, and only then."""
from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from quizapp.tui.widgets.footer import Footer
from screen_helpers import footer_keys


class Focusable(Static, can_focus=True):
    pass


class Tagged(Focusable):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+t", "tag", "Tag")]


class Gated(App):
    """``r`` (Rate) is offered only once ``revealed``, ``u`` (Undo) is drawn disabled until
    then, ``n`` (Note) is always there."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "rate", "Rate"), Binding("u", "undo", "Undo"), Binding("n", "note", "Note")
    ]
    revealed = False

    def compose(self) -> ComposeResult:
        yield Tagged(id="tagged")
        yield Focusable(id="plain")
        yield Footer(show_command_palette=False)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "rate":
            return self.revealed
        return (self.revealed or None) if action == "undo" else True


def enabled(app: App) -> dict[str, bool]:
    """Key -> drawn enabled (a disabled key is drawn dimmed)."""
    return {key.key: not key.has_class("-disabled") for key in app.screen.query(FooterKey)}


def keys_drawn(app: App) -> list[FooterKey]:
    return list(app.screen.query(FooterKey))


async def test_a_refresh_that_changes_nothing_keeps_the_keys_drawn():
    app = Gated()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        drawn = keys_drawn(app)
        assert enabled(app) == {"ctrl+t": True, "u": False, "n": True}
        for _ in range(3):
            app.refresh_bindings()
            await pilot.pause()
        assert keys_drawn(app) == drawn  # the same widgets: nothing was removed and remounted


async def test_a_binding_that_becomes_available_or_is_withdrawn_is_drawn_at_once():
    app = Gated()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.revealed = True
        app.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert enabled(app) == {"ctrl+t": True, "r": True, "u": True, "n": True}
        app.revealed = False
        app.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert enabled(app) == {"ctrl+t": True, "u": False, "n": True}


async def test_the_keys_of_the_focused_widget_come_and_go_with_the_focus():
    app = Gated()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert footer_keys(app.screen) == {"ctrl+t": "Tag", "u": "Undo", "n": "Note"}
        await pilot.press("tab")
        await pilot.pause()
        assert footer_keys(app.screen) == {"u": "Undo", "n": "Note"}
        await pilot.press("shift+tab")
        await pilot.pause()
        assert footer_keys(app.screen) == {"ctrl+t": "Tag", "u": "Undo", "n": "Note"}
