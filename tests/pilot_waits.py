"""Pilot's waits, made to follow the screen instead of a 20 ms clock.

Textual's Pilot decides that the app is done with a key by polling: it sleeps 20 ms
at a time until the process used almost no CPU during one sleep, twice per key and
once per ``pause()``, so each key and pause cost at least 40 and 20 ms of a worker
doing nothing. Polling every 1 ms finds the same idle moment sooner, but then "idle"
can come before the next frame (Textual paints, and runs ``call_after_refresh``
callbacks, at most every 1/60 s), and what a test reads next, such as the footer
rebuilt for new bindings, is drawn on that frame. So ``press()`` and ``pause()`` also
wait until the screen has refreshed: at most a frame when something waits to be
drawn, well under a millisecond when the screen is clean. In tests/tui, browse,
study, settings and snapshots that took the run from 64 s to 44 s at 5 ms; at 1 ms
(with the footer that rebuilds only on change) those folders take 29 s instead of 35 s,
and the whole suite about 6 s less in three paired runs.

"Almost no CPU" is a quarter of the 1 ms sleep, not Textual's twentieth: waking
the event loop for one sleep costs 50-100 us of CPU on a slow day, more when the
other xdist worker holds the core, so at a twentieth (50 us) the idle moment often
did not come and the wait ran on to ``wait_for_idle``'s 1 s cap. Measured in paired
``-n 2`` runs of the Pilot folders (tui, browse, settings, snapshots, study, stats,
interview): 51-57 s at a quarter against 100-108 s at a twentieth, 12 against 85-90
idle core-seconds; a half took the same as a quarter. A process still working (the
app's loop, or a worker thread such as torch's import) uses the whole sleep.

A footer rebuilt by a key is laid out one frame later still: a test that reads it
after a key pauses first, as Textual's docs ask. ``pause(delay)`` is unchanged.

Apps in tests run without animations (``TEXTUAL_ANIMATIONS=none``, which a user can
set too): a scroll lands at once instead of gliding for about half a second, which
``wait_for_scheduled_animations`` and the frames after a key waited out. What the
tests read is where the scroll ends, the same either way. The stats scrolling test
took 2.3 s instead of 0.3, the help test 0.8 instead of 0.4, and the Pilot folders
(with faults and optimizer) 38.5 s instead of 42.6 s with ``-n 2`` on 2026-12-04.
Imported once by conftest.py.
"""
from __future__ import annotations

import asyncio
import contextlib

import textual._wait
import textual.constants
from textual.app import App, ScreenStackError
from textual.pilot import Pilot
from textual.screen import Screen

textual._wait.SLEEP_GRANULARITY = 0.001
textual._wait.SLEEP_IDLE = textual._wait.SLEEP_GRANULARITY / 4  # see above: not Textual's / 20
textual.constants.TEXTUAL_ANIMATIONS = "none"  # read by each App() as its animation_level: see above

_pause, _press = Pilot.pause, Pilot.press


def _current_screen(app: App) -> Screen | None:
    try:
        return app.screen if app.is_running else None
    except ScreenStackError:  # no screen left: the app is closing
        return None


async def _refreshed(pilot: Pilot) -> None:
    """Until the current screen has been drawn: a callback queued behind what it has to
    do (messages, layout, paint, earlier after-refresh callbacks) has run. When the key
    replaced the screen, the new one is waited for; a closing app has nothing to draw."""
    while (screen := _current_screen(pilot.app)) is not None:
        done = asyncio.Event()
        if not screen.call_after_refresh(done.set):
            return
        while not done.is_set() and _current_screen(pilot.app) is screen:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(done.wait(), timeout=0.01)
        if done.is_set():
            await pilot._wait_for_screen()
            return


async def pause(self: Pilot, delay: float | None = None) -> None:
    await _pause(self, delay)
    if delay is None:
        await _refreshed(self)


async def press(self: Pilot, *keys: str) -> None:
    await _press(self, *keys)
    if keys:
        await _refreshed(self)


Pilot.pause = pause  # type: ignore[method-assign]
Pilot.press = press  # type: ignore[method-assign]
