"""Replaying the review log through FSRS, and knowing when the state cache is behind it.

A card's state is a cache of its log. Two things keep that cache honest:

- :func:`replay` turns log rows into states. It is a pure function of the rows,
  so a rebuild can run it *outside* the write lock (replaying 200k reviews
  takes seconds) and only write the result inside a short transaction.
- The **states mark** (``meta.states_at``): the highest review id whose effect
  is in ``card_state``. Every write that keeps states in step with the log
  advances it, but only if it was current before: once rows land without their
  states (an import killed half way, an older quizapp), the mark stays behind
  the log's high-water id until a full rebuild, which :meth:`Store.states_behind`
  detects on open. Review ids only grow (new rows get ``max(id) + 1``), so
  "behind" is one comparison, cheap enough for every start-up.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from quizapp.clock import parse_iso
from quizapp.store.errors import StoreError
from quizapp.store.modes import reschedules
from quizapp.store.resets import RESET_RATING
from quizapp.study.srs import CardState, Srs

REPLAY_FIELDS = ("card_id", "rating", "reviewed_at", "duration_ms", "due_after", "mode")
REPLAY_COLUMNS = ", ".join(REPLAY_FIELDS)


def replay(rows: Iterable[tuple[Any, ...]], srs: Srs, base: dict[str, CardState], *,
           logged_due: bool = True) -> dict[str, CardState]:
    """States after replaying ``rows`` (``REPLAY_COLUMNS``, grouped by card, each card's
    rows in time order). ``base`` gives each card's user flags (kept); scheduling starts
    from new. Fuzz is random, so with ``logged_due`` each due time is the one the log
    recorded (the cache comes back identical). A card whose last row is a reset is
    absent from the result: it is new again. A cram answer moves nothing."""
    states: dict[str, CardState] = {}
    for card_id, rating, at, duration, due_after, mode in rows:
        if not reschedules(mode):
            continue
        if rating == RESET_RATING:
            states.pop(card_id, None)
            continue
        state = states.get(card_id)
        if state is None:
            state = base.get(card_id, CardState(card_id)).with_sched_json(None)
        try:
            due = parse_iso(due_after) if logged_due and due_after else None
            states[card_id] = srs.review(state, rating, parse_iso(at), duration, exact=logged_due, due=due)
        except (ValueError, TypeError, KeyError, OverflowError) as e:  # a row quizapp never wrote
            raise StoreError(f"the review log holds a row quizapp cannot read ({card_id!r} at {at!r}: {e});"
                             " was the database edited by hand?") from None
    return states


def log_high_water(conn: sqlite3.Connection) -> int:
    """The newest review id (0 for an empty log)."""
    return int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM reviews").fetchone()[0])


def states_mark(conn: sqlite3.Connection) -> int:
    """``meta.states_at``; -1 when never written (a file from before the mark existed)."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'states_at'").fetchone()
    return -1 if row is None else int(row[0])


def set_states_mark(conn: sqlite3.Connection, review_id: int) -> None:
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('states_at', ?)", (str(review_id),))


# A state row fsrs cannot read (damaged by hand, a bad disk): the card's memory is then taken from the log.
# One scan of card_state per open: 3-5 ms at 5,000 studied cards (measured), against the rebuild it spares.
_DAMAGED_STATE = ("SELECT 1 FROM card_state WHERE card IS NOT NULL AND CASE WHEN json_valid(card) THEN"
                  " json_type(card, '$.card_id') IS NOT 'integer' OR json_type(card, '$.state') IS NOT 'integer'"
                  " OR json_type(card, '$.due') IS NOT 'text' ELSE 1 END LIMIT 1")


def states_current(conn: sqlite3.Connection) -> bool:
    """Whether every review in the log is reflected in ``card_state``, in rows that read:
    a state is only a cache of the log, so a damaged row is rebuilt like a missing one."""
    return states_mark(conn) == log_high_water(conn) and conn.execute(_DAMAGED_STATE).fetchone() is None
