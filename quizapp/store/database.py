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
(:mod:`quizapp.store.resets`).

Checkpoints run in a background thread, not inside an answer's commit
(:mod:`quizapp.store.checkpoint`).

Shape: :class:`Store` is the connection, its transactions and the log with the
state cache it implies: answer, undo, flags, replay, merge, and the log's own
rows (:meth:`Store.reviews`, which export, sync and the optimizer read whole).
The rest is in parts a Store makes when it is created, each a small class in its
own module given the Store, which callers reach by name: ``store.history`` (the
read-only aggregates, :mod:`quizapp.store.queries`), ``store.events`` (flag
events for sync, :mod:`quizapp.store.events`), ``store.resets`` (starting a
card over, and the leech mark, :mod:`quizapp.store.resets`) and ``store.meta``
(named values, :mod:`quizapp.store.meta`). The parts use the Store's ``_read``,
``_write`` and ``_state_in``, which are private to this package.

Concurrency: every write is a short IMMEDIATE transaction that reads the card's
current state *inside* the lock, so two quizapp processes on one file never lose
each other's answers; a writer waits up to ``timeout`` seconds for the lock.
"""
from __future__ import annotations

import json
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, Literal, TypeVar

from fsrs import Card

from quizapp.clock import iso, parse_iso, utc_now
from quizapp.paths import database_file
from quizapp.store.checkpoint import Checkpointer
from quizapp.store.errors import StoreError, translated
from quizapp.store.events import Events, leech_event_uid, record_flag_event
from quizapp.store.meta import Meta
from quizapp.store.migrations import migrate
from quizapp.store.modes import MODES, reschedules
from quizapp.store.queries import ANSWERED, History
from quizapp.store.replay import (
    REPLAY_COLUMNS,
    REPLAY_FIELDS,
    log_high_water,
    replay,
    set_states_mark,
    states_current,
    states_mark,
)
from quizapp.store.resets import Resets, mark_if_leech, restore_flags, with_flags_before
from quizapp.study.srs import CardState, Srs

BATCH_GAP_S = 0.11  # between merge batches; see merge_reviews
_STATE_COLUMNS = "card_id, card, reps, lapses, suspended, buried_until, flag"
# Before replayed states are written: every card new again, its user flags kept.
_FORGET_SCHEDULING = ("UPDATE card_state SET card = NULL, due = NULL, state = 0, step = NULL,"
                      " stability = NULL, difficulty = NULL, reps = 0, lapses = 0, last_review = NULL")

T = TypeVar("T")


@dataclass(frozen=True)
class ReviewResult:
    """What :meth:`Store.record_review` wrote: the log row and the states around it."""

    review_id: int | None  # None when not saved
    uid: str
    before: CardState
    after: CardState
    became_leech: bool = False  # this Again suspended the card as a leech
    saved: bool = True  # False: the database refused it for now (see quizapp.study.unsaved)


class Store:
    """One open connection to ``quizapp.db`` (open one per process or thread), with
    its parts: ``history``, ``events``, ``resets`` and ``meta`` (module docstring)."""

    def __init__(self, conn: sqlite3.Connection, path: Path):
        self.conn, self.path = conn, path
        self.backup: Path | None = None  # copy made before a migration, if one ran
        self.checkpointer = Checkpointer(path)
        self.history = History(self)
        self.events = Events(self)
        self.resets = Resets(self)
        self.meta = Meta(self)

    @classmethod
    def open(cls, path: Path | str, timeout: float = 5.0, *, synchronous: str = "FULL") -> Store:
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
    def in_data_dir(cls, data_dir: Path | str, timeout: float = 5.0) -> Store:
        """Open ``<data_dir>/quizapp.db``."""
        return cls.open(database_file(data_dir), timeout)

    def close(self) -> None:
        self.conn.close()
        self.checkpointer.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions -----------------------------------------------------
    def _write(self, fn: Callable[[sqlite3.Connection], T], *, in_step: bool = False) -> T:
        """Run ``fn(conn)`` in one IMMEDIATE transaction; committed when this returns.

        ``in_step``: ``fn`` changes the log and the states it implies together (an
        answer, an undo, a reset), so a states mark that was current stays current."""
        conn = self.conn
        with translated(self.path):
            conn.execute("BEGIN IMMEDIATE")
            try:
                current = in_step and states_current(conn)
                result = fn(conn)
                if current:
                    set_states_mark(conn, log_high_water(conn))
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:  # SQLite may already have rolled back (disk full, I/O error)
                    conn.execute("ROLLBACK")
                raise
        self.checkpointer.wrote()
        return result

    def _read(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
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

    def card_states(self, card_ids: Iterable[str] | None = None) -> dict[str, CardState]:
        """Cached states by id: all rows, or only those of ``card_ids`` that exist."""
        if card_ids is None:
            rows = self._read(f"SELECT {_STATE_COLUMNS} FROM card_state")
        else:
            rows = self._read(f"SELECT {_STATE_COLUMNS} FROM card_state"
                              " WHERE card_id IN (SELECT value FROM json_each(?))", (json.dumps(list(card_ids)),))
        return {r[0]: _state_from_row(r) for r in rows}

    def reviews(self, card_id: str | None = None, *, answers_only: bool = False) -> list[dict[str, Any]]:
        """The log itself: its rows (oldest first) as dicts, for export, sync, the
        optimizer and tests (the aggregates over it are ``self.history``).

        The log includes reset rows (``rating`` 0, ``kind`` ``"reset"``) unless
        ``answers_only``: an optimizer or an answer count must pass it."""
        where = [w for w, on in (("card_id = ?", card_id), (ANSWERED, answers_only)) if on]
        with translated(self.path):
            cursor = self.conn.execute(
                "SELECT * FROM reviews" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY id",
                (card_id,) if card_id else ())
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def record_review(self, card_id: str, rating: int, reviewed_at: datetime, srs: Srs, *,
                      duration_ms: int | None = None, answer: str | None = None,
                      correct: bool | None = None, params: str | None = None,
                      kind: str | None = None, leech_lapses: int | None = None,
                      uid: str | None = None, mode: str | None = None) -> ReviewResult:
        """Schedule one answer and append it to the log, committed before returning.

        ``uid`` names the review (a fresh one by default); an answer kept while the
        database was unavailable brings its own, so saving it twice adds it once.

        ``params`` is JSON text (the exercise parameters or seed), stored as given.
        With ``leech_lapses``, an Again that brings the lapses to that count also
        suspends the card and marks it a leech, in the same transaction.
        ``mode`` says how it was answered (:mod:`quizapp.store.modes`): a cram
        answer is logged and leaves the card's state as it was.
        """
        if rating not in (1, 2, 3, 4):
            raise ValueError(f"rating must be 1-4, not {rating!r}")
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        uid = uid or uuid.uuid4().hex

        def write(conn: sqlite3.Connection) -> ReviewResult:
            before = self._state_in(conn, card_id) or CardState(card_id)
            after, flags_before = before, None
            if reschedules(mode):
                after = srs.review(before, rating, reviewed_at, duration_ms)
                _put_state(conn, after)
                flags_before = mark_if_leech(conn, before, after, rating, leech_lapses)
                if flags_before is not None:
                    after = replace(after, suspended=True)
                    record_flag_event(conn, card_id, reviewed_at, {"suspended": True, "leech": True},
                                      uid=leech_event_uid(uid))
            cur = conn.execute(
                "INSERT INTO reviews (uid, card_id, rating, reviewed_at, duration_ms, answer,"
                " correct, params, kind, prev_state, state_before, due_after, mode)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (uid, card_id, rating, iso(reviewed_at), duration_ms, answer,
                 None if correct is None else int(correct), params, kind, before.state,
                 with_flags_before(before.sched_json(), flags_before),
                 None if after.due is None else iso(after.due), mode))
            assert cur.lastrowid is not None  # the row just inserted
            return ReviewResult(cur.lastrowid, uid, before, after, flags_before is not None)

        return self._write(write, in_step=True)

    def undo_review(self, uid: str) -> CardState:
        """Delete review ``uid`` (must be its card's latest) and restore the state before it."""
        def undo(conn: sqlite3.Connection) -> CardState:
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
            conn.execute("DELETE FROM card_events WHERE uid = ?", (leech_event_uid(uid),))
            _put_state(conn, current.with_sched_json(before_json))
            restore_flags(conn, card_id, before_json)
            restored = self._state_in(conn, card_id)
            assert restored is not None  # _put_state has just written its row
            return restored

        return self._write(undo, in_step=True)

    def set_flags(self, card_id: str, *, suspended: bool | None = None,
                  buried_until: datetime | Literal[False] | None = False, flag: int | None = None,
                  at: datetime | None = None) -> None:
        """Change user flags (``buried_until=None`` unburies; ``False`` leaves it).

        The change is also appended to ``card_events``, dated ``at`` (now by
        default), in the same transaction, so ``quizapp sync`` can replay it elsewhere."""
        changes: dict[str, Any] = {}
        if suspended is not None:
            changes["suspended"] = bool(suspended)
        if buried_until is not False:
            changes["buried_until"] = None if buried_until is None else iso(buried_until)
        if flag is not None:
            changes["flag"] = int(flag)

        def write(conn: sqlite3.Connection) -> None:
            record_flag_event(conn, card_id, at or utc_now(), changes)
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

        With ``logged_due`` each due time is the one the log recorded (see
        :func:`~quizapp.store.replay.replay`); pass ``False`` to reschedule from
        the replay alone. User flags are kept; a reset row forgets the card.
        The replay runs outside the write lock on a snapshot of the log, and the
        short transaction that writes it replays again only the cards answered
        since, so a studying TUI never waits for a rebuild. Afterwards the
        states mark is current. Returns the number of cards with a state.
        """
        with translated(self.path):
            conn = self.conn
            conn.execute("BEGIN")  # one consistent snapshot for the reads
            try:
                seen = log_high_water(conn)
                base = {r[0]: _state_from_row(r, damaged_card_ok=True)
                        for r in conn.execute(f"SELECT {_STATE_COLUMNS} FROM card_state")}
                rows = conn.execute(f"SELECT {REPLAY_COLUMNS} FROM reviews WHERE id <= ?"
                                    " ORDER BY card_id, reviewed_at, id", (seen,))
                states = replay(rows, srs, base, logged_due=logged_due)
            finally:
                conn.execute("COMMIT")

        def write(conn: sqlite3.Connection) -> int:
            late = [r[0] for r in conn.execute("SELECT DISTINCT card_id FROM reviews WHERE id > ?", (seen,))]
            _replay_cards_in(conn, late, srs, base, states, logged_due)
            conn.execute(_FORGET_SCHEDULING)
            for state in states.values():
                _put_state(conn, state)
            set_states_mark(conn, log_high_water(conn))
            return len(states)

        return self._write(write)

    def states_behind(self) -> bool:
        """Whether the log has reviews the card states do not reflect (an import killed
        half way, a file written by an older quizapp): then rebuild before studying."""
        with translated(self.path):
            return not states_current(self.conn)

    MERGE_COLUMNS = ("uid", "card_id", "rating", "reviewed_at", "duration_ms", "answer", "correct",
                     "params", "kind", "prev_state", "state_before", "due_after", "mode")
    MERGE_BATCH = 5000  # rows per transaction: a few tens of ms of write lock each

    def merge_reviews(self, rows: list[dict[str, Any]], srs: Srs, *, batch: int | None = None) -> int:
        """Add review rows from another machine's log, skipping any whose ``uid`` is
        already here, and bring the states of the cards they touch up to date;
        returns how many rows were new.

        Rows must already be checked and normalised (``iso`` times). The touched
        cards are replayed outside the write lock. A merge of up to ``batch`` new
        rows is one transaction: it lands whole, states included, or not at all.
        A larger one is written a batch per transaction, so another writer (a
        studying TUI) never waits longer than one batch; the states are written
        with the last batch, and until then the states mark stays behind the
        log, so if the process dies half way the next open rebuilds every state
        (and importing the file again adds the rest).
        """
        batch = batch or self.MERGE_BATCH
        new = self._unknown_rows(rows)
        if not new:
            return 0
        touched = {row["card_id"] for row in new}
        states, seen, base, mark_was_current = self._replay_with(new, touched, srs)
        columns = self.MERGE_COLUMNS
        sql = (f"INSERT INTO reviews ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
               " ON CONFLICT(uid) DO NOTHING")
        values = [tuple(row.get(c) for c in columns) for row in new]
        ours: list[tuple[int, int]] = []  # id ranges this merge inserted

        def insert(conn: sqlite3.Connection, chunk: list[tuple[Any, ...]]) -> None:
            first = log_high_water(conn) + 1
            conn.executemany(sql, chunk)
            ours.append((first, log_high_water(conn)))

        chunks = [values[i:i + batch] for i in range(0, len(values), batch)]
        for chunk in chunks[:-1]:
            self._write(partial(insert, chunk=chunk))
            # Let a waiting writer in: SQLite's busy handler retries at most 100 ms apart,
            # so a shorter gap could starve it for the whole import (measured: 3-6 s).
            time.sleep(BATCH_GAP_S)

        def finish(conn: sqlite3.Connection) -> None:
            insert(conn, chunks[-1])
            others = " AND ".join(["id > ?"] + ["id NOT BETWEEN ? AND ?"] * len(ours))
            late = [r[0] for r in conn.execute(f"SELECT DISTINCT card_id FROM reviews WHERE {others}",
                                               (seen, *(i for pair in ours for i in pair)))
                    if r[0] in touched]
            _replay_cards_in(conn, late, srs, base, states, True)
            conn.execute(f"{_FORGET_SCHEDULING} WHERE card_id IN (SELECT value FROM json_each(?))",
                         (json.dumps(sorted(touched)),))
            for card_id in touched:
                if card_id in states:
                    _put_state(conn, states[card_id])
            if mark_was_current and states_mark(conn) == seen:
                set_states_mark(conn, log_high_water(conn))

        self._write(finish)
        return len(new)

    def _unknown_rows(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """``rows`` whose uid is in neither the log nor earlier in ``rows``."""
        known = self.events.known_uids("reviews", (row["uid"] for row in rows))
        fresh = []
        for row in rows:
            if row["uid"] not in known:
                known.add(row["uid"])
                fresh.append(row)
        return fresh

    def _replay_with(self, new: list[dict[str, Any]], touched: set[str], srs: Srs
                     ) -> tuple[dict[str, CardState], int, dict[str, CardState], bool]:
        """Replay the touched cards' logs with ``new`` merged in, on a snapshot, outside
        any write lock. Returns the states, the snapshot's high-water id, the cards'
        base states and whether the states mark was current then."""
        ids = json.dumps(sorted(touched))
        with translated(self.path):
            conn = self.conn
            conn.execute("BEGIN")
            try:
                seen, current = log_high_water(conn), states_current(conn)
                base = {r[0]: _state_from_row(r) for r in conn.execute(
                    f"SELECT {_STATE_COLUMNS} FROM card_state WHERE card_id IN (SELECT value FROM json_each(?))",
                    (ids,))}
                old = conn.execute(f"SELECT {REPLAY_COLUMNS}, id FROM reviews WHERE id <= ? AND card_id IN"
                                   " (SELECT value FROM json_each(?))", (seen, ids)).fetchall()
            finally:
                conn.execute("COMMIT")
        # Same order as a full rebuild: by card, time, then log order (rows here first).
        keyed = [((r[0], r[2], 0, r[-1]), r[:-1]) for r in old]
        keyed += [((r["card_id"], r["reviewed_at"], 1, i), tuple(r.get(c) for c in REPLAY_FIELDS))
                  for i, r in enumerate(new)]
        keyed.sort(key=lambda item: item[0])
        states = replay((row for _, row in keyed), srs, base)
        return states, seen, base, current


def _replay_cards_in(conn: sqlite3.Connection, card_ids: list[str], srs: Srs, base: dict[str, CardState],
                     states: dict[str, CardState], logged_due: bool) -> None:
    """Inside a write: replay ``card_ids`` from their whole logs into ``states`` (the
    cards answered after a snapshot was replayed; few, so the lock stays short)."""
    if not card_ids:
        return
    rows = conn.execute(f"SELECT {REPLAY_COLUMNS} FROM reviews WHERE card_id IN"
                        " (SELECT value FROM json_each(?)) ORDER BY card_id, reviewed_at, id",
                        (json.dumps(card_ids),))
    fresh = replay(rows, srs, base, logged_due=logged_due)
    for card_id in card_ids:
        states.pop(card_id, None)
        if card_id in fresh:
            states[card_id] = fresh[card_id]


def _state_from_row(row: Sequence[Any], *, damaged_card_ok: bool = False) -> CardState:
    """``damaged_card_ok``: a memory state fsrs cannot read is taken as none (a rebuild,
    which replays it from the log and keeps only the row's flags)."""
    card_id, card_json, reps, lapses, suspended, buried, flag = row
    try:
        card = None if card_json is None else Card.from_json(card_json)
    except (ValueError, KeyError, TypeError, AttributeError):
        if not damaged_card_ok:
            raise
        card = None
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
