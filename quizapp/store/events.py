"""Flag changes as events, so they can travel between machines (``quizapp sync``).

Suspend, bury, flag and the leech mark are columns of ``card_state``, which is a
cache. Schema v4 adds ``card_events``: each change to those columns appends one
row (a ``uid``, the card, the time, the fields it set as JSON) in the same
transaction as the change itself (:meth:`Store.set_flags`, a review that makes a
leech). Undoing that review deletes its leech event with it, as it deletes the
review row.

Another machine's events are added by ``uid`` (:meth:`Events.merge_card_events`,
reached as ``store.events``), then :meth:`Events.settle_flags` replays a card's events *and* its reset
rows (a reset clears every flag) in time order, ties broken by ``uid``: the last
writer wins, field by field. Replaying the same set of events gives the same
flags on every machine whichever order they arrived in; a field no event ever
set keeps the value it has.
"""
from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from quizapp.clock import iso

if TYPE_CHECKING:
    from quizapp.store.database import Store

FLAG_FIELDS = ("suspended", "buried_until", "flag", "leech")
DEFAULT_FLAGS: dict[str, Any] = {"suspended": False, "buried_until": None, "flag": 0, "leech": False}


def record_flag_event(conn: sqlite3.Connection, card_id: str, at: datetime, changes: dict[str, Any],
                      uid: str | None = None) -> None:
    """Inside a write: append the event that ``changes`` (some of :data:`FLAG_FIELDS`,
    as stored in JSON: bools, an ISO time or None, an int) were set at ``at``."""
    if changes:
        conn.execute("INSERT INTO card_events (uid, card_id, at, changes) VALUES (?, ?, ?, ?)",
                     (uid or uuid.uuid4().hex, card_id, iso(at), json.dumps(changes, sort_keys=True)))


def leech_event_uid(review_uid: str) -> str:
    """The uid of the event a leech-making review writes (undo finds it by this)."""
    return f"{review_uid}.leech"


def _settle_in(conn: sqlite3.Connection, card_ids: list[str]) -> int:
    """Inside a write: each card's flags replayed from its events and resets."""
    from quizapp.store.resets import RESET_RATING

    ids = json.dumps(sorted(set(card_ids)))
    timeline: dict[str, list[tuple[str, str, dict[str, Any] | None]]] = {}
    for card_id, at, uid, changes in conn.execute(
            "SELECT card_id, at, uid, changes FROM card_events WHERE card_id IN (SELECT value FROM json_each(?))",
            (ids,)):
        timeline.setdefault(card_id, []).append((at, uid, json.loads(changes)))
    for card_id, at, uid in conn.execute(
            "SELECT card_id, reviewed_at, uid FROM reviews WHERE rating = ? AND card_id IN"
            " (SELECT value FROM json_each(?))", (RESET_RATING, ids)):
        timeline.setdefault(card_id, []).append((at, uid, None))
    changed = 0
    for card_id, events in timeline.items():
        row = conn.execute("SELECT suspended, buried_until, flag, leech FROM card_state WHERE card_id = ?",
                           (card_id,)).fetchone()
        current = DEFAULT_FLAGS if row is None else dict(
            zip(FLAG_FIELDS, (bool(row[0]), row[1], row[2], bool(row[3])), strict=True))
        flags = dict(current)
        for _at, _uid, changes in sorted(events, key=lambda e: (e[0], e[1])):
            flags.update(DEFAULT_FLAGS if changes is None else
                         {k: v for k, v in changes.items() if k in FLAG_FIELDS})
        if flags == current:
            continue
        changed += 1
        conn.execute("INSERT OR IGNORE INTO card_state (card_id) VALUES (?)", (card_id,))
        conn.execute("UPDATE card_state SET suspended = ?, buried_until = ?, flag = ?, leech = ? WHERE card_id = ?",
                     (int(flags["suspended"]), flags["buried_until"], int(flags["flag"]), int(flags["leech"]),
                      card_id))
    return changed


class Events:
    """One Store's flag events and the uids it already holds (``store.events``): what
    ``quizapp sync`` reads and merges. Writes go through the Store's transactions."""

    def __init__(self, store: Store):
        self._store = store

    def card_events(self) -> list[dict[str, Any]]:
        """Every flag event, oldest first by log order: ``uid, card_id, at, changes`` (a dict)."""
        return [{"uid": uid, "card_id": card_id, "at": at, "changes": json.loads(changes)}
                for uid, card_id, at, changes in self._store._read(
                    "SELECT uid, card_id, at, changes FROM card_events ORDER BY id")]

    def known_uids(self, table: str, uids: Iterable[str]) -> set[str]:
        """Which of ``uids`` are already in ``table`` (``reviews`` or ``card_events``)."""
        if table not in ("reviews", "card_events"):
            raise ValueError(table)
        rows = self._store._read(f"SELECT uid FROM {table} WHERE uid IN (SELECT value FROM json_each(?))",
                                 (json.dumps(list(uids)),))
        return {str(r[0]) for r in rows}

    def merge_card_events(self, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Add the events (checked: ``uid, card_id, at, changes``) not yet here and
        replay the flags of the cards they touch, in one transaction; returns the new ones."""
        def write(conn: sqlite3.Connection) -> list[dict[str, Any]]:
            new = []
            for event in events:
                cur = conn.execute("INSERT INTO card_events (uid, card_id, at, changes) VALUES (?, ?, ?, ?)"
                                   " ON CONFLICT(uid) DO NOTHING",
                                   (event["uid"], event["card_id"], event["at"],
                                    json.dumps(event["changes"], sort_keys=True)))
                if cur.rowcount:
                    new.append(event)
            _settle_in(conn, [e["card_id"] for e in new])
            return new

        return self._store._write(write)

    def settle_flags(self, card_ids: Iterable[str]) -> int:
        """Replay the flags of ``card_ids`` from their events and resets (see the module
        docstring); returns how many cards' flags changed."""
        card_ids = list(card_ids)
        if not card_ids:
            return 0
        return self._store._write(lambda conn: _settle_in(conn, card_ids))
