"""Schema versions: a forward-only list of migration functions.

``MIGRATIONS[i]`` takes a database at version ``i`` to ``i + 1``; the version is
kept in ``meta`` under ``schema_version``. An existing file is copied (SQLite
backup API, so the copy is consistent even with WAL) to ``quizapp.db.bak-vN``
before it is migrated; a brand-new file needs no copy. Migration runs inside one
``BEGIN IMMEDIATE`` transaction, so two processes opening an old file at once
cannot both migrate it, and a failure leaves the old version intact.

The steps build tables with sqlite-utils; checking the version is plain SQL, so
the usual open (nothing to migrate) never imports sqlite-utils, which would
cost start-up about 40 ms.
"""
from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from quizapp.store.errors import DatabaseCorruptError, DatabaseNewerError

if TYPE_CHECKING:
    from sqlite_utils import Database


def _v1(db: Database) -> None:
    """First schema: meta, the review log and the card-state cache."""
    db.table("meta").create({"key": str, "value": str}, pk="key")
    db.table("reviews").create(
        {"id": int, "card_id": str, "rating": int, "reviewed_at": str, "duration_ms": int,
         "answer": str, "correct": int, "params": str, "kind": str},
        pk="id", not_null=["card_id", "rating", "reviewed_at"],
    )
    db.table("reviews").create_index(["card_id", "id"])
    db.table("reviews").create_index(["reviewed_at"])
    db.table("card_state").create(
        {"card_id": str, "card": str, "due": str, "state": int, "step": int,
         "stability": float, "difficulty": float, "reps": int, "lapses": int,
         "last_review": str, "suspended": int, "buried_until": str, "flag": int},
        pk="card_id", not_null=["state", "reps", "lapses", "suspended", "flag"],
        defaults={"state": 0, "reps": 0, "lapses": 0, "suspended": 0, "flag": 0},
    )
    db.table("card_state").create_index(["due"])


def _v2(db: Database) -> None:
    """Mergeable, undoable log: a unique ``uid`` per review (existing rows get one),
    the state before the review (exact undo, state-dependent stats) and the due
    time actually scheduled (fuzz is random, so a replay takes it from the log)."""
    reviews = db.table("reviews")
    reviews.add_column("uid", str)
    reviews.add_column("prev_state", int)
    reviews.add_column("state_before", str)
    reviews.add_column("due_after", str)
    ids = [row[0] for row in db.execute("SELECT id FROM reviews WHERE uid IS NULL").fetchall()]
    db.conn.executemany("UPDATE reviews SET uid = ? WHERE id = ?", [(uuid.uuid4().hex, i) for i in ids])
    reviews.create_index(["uid"], unique=True)
    reviews.create_index(["prev_state", "reviewed_at"])
    db.table("card_state").create_index(["state", "due"])
    # covering index: "which cards are not new/available" without reading card JSON
    db.table("card_state").create_index(["state", "suspended", "buried_until", "card_id"])


def _v3(db: Database) -> None:
    """Leeches: a card that keeps lapsing is suspended and marked, so Browse and
    ``is:leech`` can find it for rewriting. A user flag like ``suspended``: kept
    when the cache is rebuilt, cleared when the card's progress is reset."""
    db.table("card_state").add_column("leech", int, not_null_default=0)


def _v4(db: Database) -> None:
    """Flag changes as events (``card_events``), so suspend, bury, flag and leech
    marks can travel to another machine (``quizapp sync``) and be replayed there
    in time order, as reviews are. Written in the same transaction as the change
    (:mod:`quizapp.store.events`). Flags set before this version become one
    baseline event per card, dated 2000-01-01 so any later recorded change wins."""
    import json

    db.table("card_events").create(
        {"id": int, "uid": str, "card_id": str, "at": str, "changes": str},
        pk="id", not_null=["uid", "card_id", "at", "changes"],
    )
    db.table("card_events").create_index(["uid"], unique=True)
    db.table("card_events").create_index(["card_id", "at"])
    rows = db.execute("SELECT card_id, suspended, buried_until, flag, leech FROM card_state"
                      " WHERE suspended != 0 OR buried_until IS NOT NULL OR flag != 0 OR leech != 0").fetchall()
    baseline = []
    for card_id, suspended, buried_until, flag, leech in rows:
        changes = {key: value for key, value, on in (
            ("suspended", bool(suspended), suspended), ("buried_until", buried_until, buried_until),
            ("flag", flag, flag), ("leech", bool(leech), leech)) if on}
        baseline.append((uuid.uuid4().hex, card_id, "2000-01-01T00:00:00.000000+00:00", json.dumps(changes)))
    db.conn.executemany("INSERT INTO card_events (uid, card_id, at, changes) VALUES (?, ?, ?, ?)", baseline)


def _v5(db: Database) -> None:
    """How a review was given (``mode``): NULL for studying, ``"cram"`` for an answer
    that leaves the schedule alone (cramming, review ahead without rescheduling),
    ``"mock"`` for one in a mock interview (scheduled as any answer, told apart in
    stats). See :mod:`quizapp.store.modes`."""
    db.table("reviews").add_column("mode", str)


MIGRATIONS = [_v1, _v2, _v3, _v4, _v5]
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    """Version recorded in ``meta``; 0 for an empty file; error for a foreign one."""
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "meta" not in tables:
        if tables:
            raise DatabaseCorruptError(db_path(conn), "it has no quizapp tables")
        return 0
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    try:
        return int(row[0]) if row else 0
    except (TypeError, ValueError):
        raise DatabaseCorruptError(db_path(conn), f"schema version {row[0]!r} is not a number") from None


# The columns the code reads, per table, as the migrations above leave them
# (tests/faults/test_cli_fuzz.py checks that a fresh file has exactly these).
COLUMNS = {
    "meta": {"key", "value"},
    "reviews": {"id", "card_id", "rating", "reviewed_at", "duration_ms", "answer", "correct", "params", "kind",
                "uid", "prev_state", "state_before", "due_after", "mode"},
    "card_state": {"card_id", "card", "due", "state", "step", "stability", "difficulty", "reps", "lapses",
                   "last_review", "suspended", "buried_until", "flag", "leech"},
    "card_events": {"id", "uid", "card_id", "at", "changes"},
}


def check_columns(conn: sqlite3.Connection) -> None:
    """A file at the current version whose tables lost a column (edited by hand,
    another program) is refused on open with one line, not met later as an
    "internal error" in whichever query first touches the missing column."""
    for table, wanted in COLUMNS.items():
        have = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        missing = sorted(wanted - have)
        if missing:
            what = "table is missing" if not have else f"column(s) {', '.join(missing)} missing"
            raise DatabaseCorruptError(db_path(conn), f"{table}: {what}")


def db_path(conn: sqlite3.Connection) -> str:
    return str(conn.execute("PRAGMA database_list").fetchone()[2])


def backup_path(path: Path, version: int) -> Path:
    """``quizapp.db.bak-vN``, or ``.bak-vN.2`` and so on: never overwrite a backup."""
    candidate, n = path.with_name(f"{path.name}.bak-v{version}"), 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}.bak-v{version}.{n}")
    return candidate


def _backup(path: Path, version: int) -> Path:
    """Copy ``path`` with the SQLite backup API through a second connection.

    The migrating connection already holds the write lock, and a backup *from* a
    connection that holds it never finishes (SQLITE_LOCKED, retried forever);
    a separate reader sees the consistent pre-migration snapshot instead.
    """
    target = backup_path(path, version)
    source, dest = sqlite3.connect(path), sqlite3.connect(target)
    try:
        source.backup(dest)
    finally:
        source.close()
        dest.close()
    return target


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> Path | None:
    """Bring the database to ``target``; return the backup made, if any.

    The connection must be in autocommit mode (isolation_level=None).
    """
    current = schema_version(conn)
    if current == target:
        if target == SCHEMA_VERSION:
            check_columns(conn)
        return None  # the usual case: no write lock, so opening never waits on a busy writer
    if current > SCHEMA_VERSION:
        raise DatabaseNewerError(db_path(conn), current, SCHEMA_VERSION)
    conn.execute("BEGIN IMMEDIATE")
    try:
        found = schema_version(conn)  # again under the lock: another process may have migrated
        if found > SCHEMA_VERSION:
            raise DatabaseNewerError(db_path(conn), found, SCHEMA_VERSION)
        backup = None
        if found < target:
            from quizapp.store.sqlite_db import Database

            if found > 0:
                backup = _backup(Path(db_path(conn)), found)
            db = Database(conn, execute_plugins=False)  # no entry-point scan
            for step in MIGRATIONS[found:target]:
                step(db)
            if found == 0:  # a new file's (empty) states are in step with its (empty) log
                from quizapp.store.replay import set_states_mark

                set_states_mark(conn, 0)
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)",
                         (str(target),))
        conn.execute("COMMIT")
        return backup
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
