"""The review database: an append-only review log plus a rebuildable state cache.

Durability: WAL journal, ``synchronous=FULL`` and one ``BEGIN IMMEDIATE`` ...
``COMMIT`` per answer. A committed answer survives the process being killed (that
alone needs only WAL + commit); FULL also fsyncs the WAL on each commit so it
survives a power cut. An answer is rare (human pace) and the fsync cost is
measured by ``benchmarks/bench_answer.py``.

The log is append-only with one exception: :meth:`Store.undo_review` deletes the
last review of a card (the session's undo) and restores the card-state JSON that
row saved in ``state_before``. Nothing ever UPDATEs a review row. Resetting a
card appends a reset row (rating 0) rather than deleting its history
(:mod:`quizapp.store_progress`).

Checkpoints run in a background thread, not inside an answer's commit
(:mod:`quizapp.store_checkpoint`).

Concurrency: every write is a short IMMEDIATE transaction that reads the card's
current state *inside* the lock, so two quizapp processes on one file never lose
each other's answers; a writer waits up to ``timeout`` seconds for the lock.
"""
from __future__ import annotations

import json
import sqlite3
import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from fsrs import Card

from quizapp.clock import iso, parse_iso
from quizapp.migrations import migrate
from quizapp.paths import database_file
from quizapp.srs import CardState, Srs
from quizapp.store_checkpoint import Checkpointer
from quizapp.store_errors import StoreError, translated
from quizapp.store_progress import (
    RESET_RATING, ProgressMixin, mark_if_leech, restore_flags, with_flags_before)
from quizapp.store_queries import QueriesMixin

_STATE_COLUMNS = "card_id, card, reps, lapses, suspended, buried_until, flag"


@dataclass(frozen=True)
class ReviewResult:
    """What :meth:`Store.record_review` wrote: the log row and the states around it."""

    review_id: int
    uid: str
    before: CardState
    after: CardState
    became_leech: bool = False  # this Again suspended the card as a leech


class Store(QueriesMixin, ProgressMixin):
    """One open connection to ``quizapp.db`` (open one per process or thread)."""

    def __init__(self, conn: sqlite3.Connection, path: Path):
        self.conn, self.path = conn, path
        self.backup: Path | None = None  # copy made before a migration, if one ran
        self.checkpointer = Checkpointer(path)

    @classmethod
    def open(cls, path: Path | str, timeout: float = 5.0, *, synchronous: str = "FULL") -> "Store":
        """Open (creating folder and file if needed) and migrate the database file."""
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise StoreError(f"{path.parent}: cannot create the data folder ({err.strerror})") from None
        with translated(path):
            conn = sqlite3.connect(path, timeout=timeout, isolation_level=None,
                                   check_same_thread=False)
            try:
                store = cls(conn, path)
                conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
                conn.execute("PRAGMA journal_mode = WAL").fetchone()
                conn.execute(f"PRAGMA synchronous = {synchronous}")
                conn.execute("PRAGMA wal_autocheckpoint = 0")  # see store_checkpoint.py
                store.backup = migrate(conn)
            except BaseException:
                conn.close()
                raise
        return store

    @classmethod
    def in_data_dir(cls, data_dir: Path | str, timeout: float = 5.0) -> "Store":
        """Open ``<data_dir>/quizapp.db``."""
        return cls.open(database_file(data_dir), timeout)

    def close(self) -> None:
        self.conn.close()
        self.checkpointer.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- transactions -----------------------------------------------------
    def _write(self, fn):
        """Run ``fn(conn)`` in one IMMEDIATE transaction; committed when this returns."""
        conn = self.conn
        with translated(self.path):
            conn.execute("BEGIN IMMEDIATE")
            try:
                result = fn(conn)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:  # SQLite may already have rolled back (disk full, I/O error)
                    conn.execute("ROLLBACK")
                raise
        self.checkpointer.wrote()
        return result

    def _read(self, sql: str, params=()) -> list[tuple]:
        with translated(self.path):
            return self.conn.execute(sql, params).fetchall()

    # -- card state ---------------------------------------------------------
    def card_state(self, card_id: str) -> CardState:
        """The cached state (a blank new state for a card never seen)."""
        rows = self._read(f"SELECT {_STATE_COLUMNS} FROM card_state WHERE card_id = ?", (card_id,))
        return _state_from_row(rows[0]) if rows else CardState(card_id)

    @staticmethod
    def _state_in(conn: sqlite3.Connection, card_id: str) -> CardState | None:
        """The cached state read inside a write transaction; ``None`` without a row."""
        row = conn.execute(f"SELECT {_STATE_COLUMNS} FROM card_state WHERE card_id = ?",
                           (card_id,)).fetchone()
        return None if row is None else _state_from_row(row)

    def card_states(self, card_ids=None) -> dict[str, CardState]:
        """Cached states by id: all rows, or only those of ``card_ids`` that exist."""
        if card_ids is None:
            rows = self._read(f"SELECT {_STATE_COLUMNS} FROM card_state")
        else:
            rows = self._read(f"SELECT {_STATE_COLUMNS} FROM card_state"
                              " WHERE card_id IN (SELECT value FROM json_each(?))", (json.dumps(list(card_ids)),))
        return {r[0]: _state_from_row(r) for r in rows}

    def record_review(self, card_id: str, rating: int, reviewed_at: datetime, srs: Srs, *,
                      duration_ms: int | None = None, answer: str | None = None,
                      correct: bool | None = None, params: str | None = None,
                      kind: str | None = None, leech_lapses: int | None = None) -> ReviewResult:
        """Schedule one answer and append it to the log, committed before returning.

        ``params`` is JSON text (the exercise parameters or seed), stored as given.
        With ``leech_lapses``, an Again that brings the lapses to that count also
        suspends the card and marks it a leech, in the same transaction.
        """
        if rating not in (1, 2, 3, 4):
            raise ValueError(f"rating must be 1-4, not {rating!r}")

        def write(conn):
            before = self._state_in(conn, card_id) or CardState(card_id)
            after = srs.review(before, rating, reviewed_at, duration_ms)
            _put_state(conn, after)
            flags_before = mark_if_leech(conn, before, after, rating, leech_lapses)
            if flags_before is not None:
                after = replace(after, suspended=True)
            uid = uuid.uuid4().hex
            cur = conn.execute(
                "INSERT INTO reviews (uid, card_id, rating, reviewed_at, duration_ms, answer,"
                " correct, params, kind, prev_state, state_before, due_after)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (uid, card_id, rating, iso(reviewed_at), duration_ms, answer,
                 None if correct is None else int(correct), params, kind,
                 before.state, with_flags_before(before.sched_json(), flags_before), iso(after.due)))
            return ReviewResult(cur.lastrowid, uid, before, after, flags_before is not None)

        return self._write(write)

    def undo_review(self, uid: str) -> CardState:
        """Delete review ``uid`` (must be its card's latest) and restore the state before it."""
        def undo(conn):
            row = conn.execute("SELECT id, card_id, state_before FROM reviews WHERE uid = ?",
                               (uid,)).fetchone()
            if row is None:
                raise StoreError(f"cannot undo: review {uid} is not in the log")
            review_id, card_id, before_json = row
            later = conn.execute("SELECT 1 FROM reviews WHERE card_id = ? AND id > ?",
                                 (card_id, review_id)).fetchone()
            if later:
                raise StoreError(f"cannot undo: {card_id} was reviewed again since")
            current = self._state_in(conn, card_id) or CardState(card_id)
            conn.execute("DELETE FROM reviews WHERE id = ?", (review_id,))
            _put_state(conn, current.with_sched_json(before_json))
            restore_flags(conn, card_id, before_json)
            return self._state_in(conn, card_id)

        return self._write(undo)

    def set_flags(self, card_id: str, *, suspended: bool | None = None,
                  buried_until: datetime | None | bool = False, flag: int | None = None) -> None:
        """Change user flags (``buried_until=None`` unburies; ``False`` leaves it)."""
        def write(conn):
            conn.execute("INSERT OR IGNORE INTO card_state (card_id) VALUES (?)", (card_id,))
            if suspended is not None:
                conn.execute("UPDATE card_state SET suspended = ? WHERE card_id = ?",
                             (int(suspended), card_id))
            if buried_until is not False:
                conn.execute("UPDATE card_state SET buried_until = ? WHERE card_id = ?",
                             (None if buried_until is None else iso(buried_until), card_id))
            if flag is not None:
                conn.execute("UPDATE card_state SET flag = ? WHERE card_id = ?", (flag, card_id))

        self._write(write)

    def rebuild_states(self, srs: Srs, *, logged_due: bool = True) -> int:
        """Recompute every card's scheduling state by replaying the log through FSRS.

        Fuzz is random, so with ``logged_due`` the due time each review actually
        got is taken from the log (the cache then comes back identical); pass
        ``False`` after changing parameters to reschedule from the replay alone.
        User flags are kept. A reset row forgets the card: it is new again (no
        cached row) unless reviewed after. Returns the number of cards replayed.
        """
        def rebuild(conn):
            flags = {r[0]: r for r in conn.execute(f"SELECT {_STATE_COLUMNS} FROM card_state")}
            rows = conn.execute("SELECT card_id, rating, reviewed_at, duration_ms, due_after"
                                " FROM reviews ORDER BY card_id, reviewed_at, id")
            states: dict[str, CardState] = {}
            for card_id, rating, at, duration, due_after in rows:
                if rating == RESET_RATING:
                    states.pop(card_id, None)
                    continue
                state = states.get(card_id)
                if state is None:
                    state = _state_from_row(flags[card_id]) if card_id in flags else CardState(card_id)
                    state = state.with_sched_json(None)
                state = srs.review(state, rating, parse_iso(at), duration, exact=logged_due)
                if logged_due and due_after:
                    state.card.due = parse_iso(due_after)
                states[card_id] = state
            conn.execute("UPDATE card_state SET card = NULL, due = NULL, state = 0, step = NULL,"
                         " stability = NULL, difficulty = NULL, reps = 0, lapses = 0, last_review = NULL")
            for state in states.values():
                _put_state(conn, state)
            return len(states)

        return self._write(rebuild)

    MERGE_COLUMNS = ("uid", "card_id", "rating", "reviewed_at", "duration_ms", "answer", "correct",
                     "params", "kind", "prev_state", "state_before", "due_after")

    def merge_reviews(self, rows: list[dict]) -> int:
        """Add review rows from another machine's log, skipping any whose ``uid`` is
        already here; returns how many were new. One transaction: all or nothing.

        Rows must already be checked and normalised (``iso`` times); card states
        are not touched, so call :meth:`rebuild_states` afterwards.
        """
        columns = self.MERGE_COLUMNS
        sql = (f"INSERT INTO reviews ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
               " ON CONFLICT(uid) DO NOTHING")

        def merge(conn):
            before = conn.total_changes
            conn.executemany(sql, [tuple(row.get(c) for c in columns) for row in rows])
            return conn.total_changes - before

        return self._write(merge)


def _state_from_row(row) -> CardState:
    card_id, card_json, reps, lapses, suspended, buried, flag = row
    card = None if card_json is None else Card.from_json(card_json)
    return CardState(card_id, card, reps, lapses, bool(suspended), parse_iso(buried), flag)


def _put_state(conn: sqlite3.Connection, s: CardState) -> None:
    """Upsert the scheduling columns of ``s`` (user flags only on insert)."""
    c = s.card
    values = (s.card_id, None if c is None else c.to_json(), None if c is None else iso(c.due), s.state,
              None if c is None else c.step, None if c is None else c.stability,
              None if c is None else c.difficulty, s.reps, s.lapses,
              None if c is None or c.last_review is None else iso(c.last_review),
              int(s.suspended), None if s.buried_until is None else iso(s.buried_until), s.flag)
    conn.execute(
        "INSERT INTO card_state (card_id, card, due, state, step, stability, difficulty, reps,"
        " lapses, last_review, suspended, buried_until, flag)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(card_id) DO UPDATE SET card = excluded.card, due = excluded.due,"
        " state = excluded.state, step = excluded.step, stability = excluded.stability,"
        " difficulty = excluded.difficulty, reps = excluded.reps, lapses = excluded.lapses,"
        " last_review = excluded.last_review", values)
