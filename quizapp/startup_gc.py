"""No garbage-collection pauses while the TUI starts.

Start-up allocates a few hundred thousand objects that live as long as the
app: Textual's widgets, its parsed CSS, the decks. Each time the allocation
count crosses CPython's thresholds a collection runs, and the full ones walk
all of those objects to find nothing: about 40 ms before the first frame
(``benchmarks/bench_startup.py``). So collection is paused for start-up and,
once the first frame is on screen, everything alive is moved to the permanent
generation (:func:`gc.freeze`) so later collections skip it too, and
collection is switched back on.
"""
from __future__ import annotations

import gc


def pause() -> None:
    """Stop automatic collection until :func:`resume`."""
    gc.disable()


def resume() -> None:
    """After start-up: freeze what start-up built, collect as usual from here on.

    Does nothing when collection was not paused (an app driven by tests), so
    test processes never freeze the garbage of the tests before them.
    """
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def abandon() -> None:
    """Start-up ended before the first frame (a usage error, a missing deck, an app that
    failed): collection back on, and nothing frozen, since nothing built so far will be used."""
    gc.enable()
