"""Textual's footer, rebuilt only when what it shows has changed.

Textual's ``Footer`` removes and remounts every key it shows each time the
screen signals that its bindings were refreshed, which happens on every focus
change, screen change and ``refresh_bindings()``: our screens refresh them
after most keys, because what may be pressed next (rate, reveal, undo)
depends on the answer. Mostly nothing the footer shows has changed, and the
rebuild (new widgets, their styles, a layout) was about 40 % of the app's
CPU in a short study session: 225 rebuilds in 15 sessions, 145 of them
showing exactly what was already there.

This footer compares what it would show (each shown binding's key as drawn,
description, tooltip, group and whether it is enabled, plus the command
palette key) with what it last composed, and rebuilds only on a difference.
The keys it keeps follow ``compact`` by data binding, as Textual's do.
"""
from __future__ import annotations

from typing import Any

from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """A drop-in ``textual.widgets.Footer`` that skips rebuilds which would change nothing."""

    _shown: Any = None  # what the last rebuild composed; None before the first one

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

    async def recompose(self) -> None:
        if not self.is_attached:
            await super().recompose()  # which returns at once, as it should
            return
        shown = self._what_it_would_show()
        if shown == self._shown:
            return
        await super().recompose()
        # Before the screen's first bindings signal Textual composes nothing, so an empty
        # footer is never taken as showing them.
        self._shown = shown if self.children else None
