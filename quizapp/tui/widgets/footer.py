"""Textual's footer, rebuilt only when what it shows has changed.

Textual's ``Footer`` removes and remounts every key it shows each time the
screen signals that its bindings were refreshed, which happens on every focus
change, screen change and ``refresh_bindings()``: our screens refresh them
after most keys, because what may be pressed next (rate, reveal, undo)
depends on the answer. Mostly nothing the footer shows has changed, and the
rebuild (new widgets, their styles, a layout) was about 40 % of the app's
CPU in a short study session: 225 rebuilds in 15 sessions, 145 of them
showing exactly what was already there.

This footer notes what it drew, as ``compose`` read it (each shown binding's
key as drawn, description, tooltip, group and whether it is enabled, plus the
command palette key), and rebuilds only when that is no longer what it would
draw. Noting it in ``compose`` matters: Textual's rebuild awaits the removal of
the old keys first, and bindings that change during that wait are the ones drawn.
The keys it keeps follow ``compact`` by data binding, as Textual's do.
"""
from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """A drop-in ``textual.widgets.Footer`` that skips rebuilds which would change nothing."""

    _shown: tuple | None = None  # what compose last drew; None when it drew nothing

    def _what_it_would_show(self) -> tuple:
        """What ``compose`` reads: the shown bindings and the command palette's key."""
        bindings = self.screen.active_bindings
        keys = tuple(
            (self.app.get_key_display(binding), binding.action, binding.description, binding.group,
             enabled, tooltip)
            for _node, binding, enabled, tooltip in bindings.values()
            if binding.show
        )
        palette = self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE
        return keys, palette and bindings.get(self.app.COMMAND_PALETTE_BINDING, (None,))[1:]

    def compose(self) -> ComposeResult:
        # Noted as compose reads it, in the same step: a rebuild that started for other
        # bindings than the ones it drew cannot leave the footer taken for current.
        shown, self._shown = self._what_it_would_show(), None
        for widget in super().compose():
            self._shown = shown  # before the screen's first bindings signal nothing is drawn
            yield widget

    async def recompose(self) -> None:
        if self.is_attached and self._what_it_would_show() == self._shown:
            return
        await super().recompose()
