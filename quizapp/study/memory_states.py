"""Recompute every card's memory state when the FSRS weights change, as Anki does.

A card's stability and difficulty are a function of its review history *and*
the weights that replayed it; after new weights (``quizapp optimize --apply``,
Apply in Settings, or switching personal weights on or off) the cached S and D
would otherwise stay those of the old weights until each card's next answer,
and every retrievability, search and forecast would mix the two.

Anki recomputes memory states whenever FSRS parameters are saved, and moves due
dates only when "Reschedule cards on change" is ticked (off by default). quizapp
follows that default: S and D are replayed from the log with the new weights in
one transaction, and each card keeps the due time its last answer gave it
(:meth:`Store.rebuild_states` with ``logged_due=True``), so applying weights
never makes a pile of cards due at once. The new weights set the intervals from
each card's next answer on. Desired retention changes only intervals, not
memory, so changing it recomputes nothing (as in Anki).
"""
from __future__ import annotations

from quizapp.config import Settings
from quizapp.study.srs import Srs


def weights_changed(old: Settings, new: Settings) -> bool:
    """Whether going from ``old`` to ``new`` changes the weights FSRS schedules with."""
    return Srs(old).scheduler.parameters != Srs(new).scheduler.parameters


def recompute_memory_states(store, settings: Settings) -> int:
    """Replay the whole log with ``settings``' weights, keeping every logged due
    time; returns how many cards have a memory state now."""
    return store.rebuild_states(Srs(settings, fuzzing=False), logged_due=True)
