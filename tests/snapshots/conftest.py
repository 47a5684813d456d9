"""Every snapshot here is taken with the text cursors held still.

An ``Input`` or ``TextArea`` with focus blinks its cursor every half second; on a
loaded machine the picture was now and then taken in the off phase (the exercise
editor's snapshot failed so under ``-n 3``). Held on, a cursor is drawn as the
stored SVGs have it. This is what pytest-textual-snapshot's README does with its
``disable_blink_for_active_cursors``, which the installed version does not ship.
"""
from __future__ import annotations

import pytest


async def _hold_cursors_still(pilot) -> None:
    for widget in pilot.app.screen.query("*"):
        if getattr(widget, "cursor_blink", False):
            widget.cursor_blink = False
    await pilot.pause()


@pytest.fixture
def snap_compare(snap_compare):
    """pytest-textual-snapshot's ``snap_compare``, with the cursors held still before the picture."""

    def compare(app, *, run_before=None, **options):
        async def before(pilot) -> None:
            if run_before is not None:
                await run_before(pilot)
            await _hold_cursors_still(pilot)

        return snap_compare(app, run_before=before, **options)

    return compare
