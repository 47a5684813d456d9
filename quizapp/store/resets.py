"""Resetting a card and marking leeches: :class:`Resets`, offered as ``store.resets``,
and the leech rule a review's transaction applies.

Reset keeps the append-only log honest: instead of deleting a card's reviews,
it appends a *reset row* (``rating`` 0, ``kind`` ``"reset"``) and drops the
card's cached state, so the card is new again. A replay of the log
(:meth:`Store.rebuild_states`) treats that row as "forget", and every query
that counts answers skips it (``rating > 0``, see :mod:`quizapp.store.queries`).

A leech is a card that keeps lapsing: it costs more time than it teaches, so
(like Anki) it is suspended and marked for rewriting. The mark lives in the
``card_state.leech`` column (schema v3) beside the other user flags.
"""
from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from quizapp.clock import iso
from quizapp.study.srs import CardState

if TYPE_CHECKING:
    from quizapp.store.database import Store

RESET_RATING = 0
RESET_KIND = "reset"


def leech_lapse(lapses: int, threshold: int) -> bool:
    """Whether reaching ``lapses`` makes a card a leech: at the threshold, and (as
    Anki does) again every half threshold after, so a card the learner unsuspended
    without rewriting it is caught again rather than never."""
    if threshold < 1 or lapses < threshold:
        return False
    return (lapses - threshold) % max(1, threshold // 2) == 0


def mark_if_leech(conn: sqlite3.Connection, before: CardState, after: CardState, rating: int,
                  threshold: int | None) -> str | None:
    """Inside a review's transaction: suspend and mark the card when this Again made
    it a leech. Returns the flags it had before as JSON (what undo puts back), or
    ``None`` when the card did not become a leech."""
    if threshold is None or rating != 1 or after.lapses <= before.lapses:
        return None
    if not leech_lapse(after.lapses, threshold):
        return None
    row = conn.execute("SELECT suspended, leech FROM card_state WHERE card_id = ?",
                       (after.card_id,)).fetchone()
    conn.execute("UPDATE card_state SET suspended = 1, leech = 1 WHERE card_id = ?", (after.card_id,))
    return json.dumps({"suspended": row[0], "leech": row[1]})


def with_flags_before(sched_json: str | None, flags_json: str | None) -> str | None:
    """``state_before`` of a review that made a leech: the scheduling JSON plus the
    user flags it changed, so undoing that answer unsuspends the card again."""
    if flags_json is None or sched_json is None:
        return sched_json
    data = json.loads(sched_json)
    data["flags_before"] = json.loads(flags_json)
    return json.dumps(data)


def restore_flags(conn: sqlite3.Connection, card_id: str, state_before: str | None) -> None:
    """Undo's half of :func:`mark_if_leech`: put back the flags a leech answer changed."""
    flags = json.loads(state_before).get("flags_before") if state_before else None
    if flags:
        conn.execute("UPDATE card_state SET suspended = ?, leech = ? WHERE card_id = ?",
                     (flags["suspended"], flags["leech"], card_id))


class Resets:
    """Starting one Store's cards over, and which of them are leeches (``store.resets``).
    Writes go through the Store's transactions, in step with the log."""

    def __init__(self, store: Store):
        self._store = store

    def reset_card(self, card_id: str, now: datetime) -> bool:
        """Forget everything learnt about ``card_id``: it becomes new, with no flags.

        Appends a reset row (the log stays append-only and a replay gives the same
        result) and deletes the cached state. Returns ``False`` when the card had
        no state to reset (never studied nor flagged).
        """
        def write(conn: sqlite3.Connection) -> bool:
            before = self._store._state_in(conn, card_id)
            if before is None:
                return False
            conn.execute(
                "INSERT INTO reviews (uid, card_id, rating, reviewed_at, kind, prev_state, state_before)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (uuid.uuid4().hex, card_id, RESET_RATING, iso(now), RESET_KIND, before.state,
                 before.sched_json()))
            conn.execute("DELETE FROM card_state WHERE card_id = ?", (card_id,))
            return True

        return self._store._write(write, in_step=True)

    def leech_ids(self) -> set[str]:
        """Ids of the cards marked as leeches."""
        return {r[0] for r in self._store._read("SELECT card_id FROM card_state WHERE leech = 1")}
