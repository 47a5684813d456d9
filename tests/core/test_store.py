"""The database file: concurrency, migration with backup, clear errors, append-only log."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest

from quizapp.errors import QuizError
from quizapp.store.database import Store
from quizapp.store.errors import DatabaseBusyError, DatabaseCorruptError, DatabaseNewerError
from quizapp.store.migrations import SCHEMA_VERSION, migrate

REPO = Path(__file__).resolve().parents[2]


def test_open_creates_folder_wal_and_schema(tmp_path):
    path = tmp_path / "a" / "b" / "quizapp.db"
    with Store.open(path) as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert store.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone() == (
            str(SCHEMA_VERSION),)
        assert store.backup is None  # a new file needs no backup
    assert Store.in_data_dir(path.parent).path == path


def test_two_connections_interleave_and_keep_every_answer(store, clock, srs):
    other = Store.open(store.path)
    try:
        for i in range(20):
            writer = store if i % 2 else other
            writer.record_review("nn.shared", 3, clock.advance(minutes=1), srs)
            writer.record_review(f"nn.own{i % 2}", 1, clock.now, srs)
        assert len(store.reviews()) == len(other.reviews()) == 40
        assert store.card_state("nn.shared").reps == 20  # each write saw the other's state
        assert other.card_state("nn.own0").reps == 10
    finally:
        other.close()


WRITER = textwrap.dedent("""
    import sys
    from datetime import datetime, timedelta, timezone
    from quizapp.config import Settings
    from quizapp.study.srs import Srs
    from quizapp.store.database import Store
    path, who, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    store, srs = Store.open(path, timeout=30), Srs(Settings())
    t = datetime(2024, 5, 1, tzinfo=timezone.utc)
    for i in range(n):
        store.record_review("nn.shared", 3, t + timedelta(seconds=i), srs, kind=who)
        store.record_review(f"nn.{who}", 3, t + timedelta(seconds=i), srs, kind=who)
    store.close()
""")


def test_two_processes_write_at_once(tmp_path):
    path = tmp_path / "quizapp.db"
    Store.open(path).close()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), who, "60"], env=env,
                              stderr=subprocess.PIPE, text=True) for who in ("p1", "p2")]
    for p in procs:
        assert p.wait(timeout=120) == 0, p.stderr.read()
    with Store.open(path) as store:
        rows = store.reviews()
        assert len(rows) == 240 and len({r["uid"] for r in rows}) == 240
        assert store.card_state("nn.shared").reps == 120
        assert store.card_state("nn.p1").reps == store.card_state("nn.p2").reps == 60


def _v1_file(path: Path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=1)
    conn.execute("INSERT INTO reviews (card_id, rating, reviewed_at) VALUES"
                 " ('nn.a', 3, '2024-05-01T12:00:00.000000+00:00')")
    conn.close()


def test_migration_from_v1_makes_a_backup_first(tmp_path):
    path = tmp_path / "quizapp.db"
    _v1_file(path)
    with Store.open(path) as store:
        assert store.backup == tmp_path / "quizapp.db.bak-v1"
        (row,) = store.reviews()
        assert row["card_id"] == "nn.a" and len(row["uid"]) == 32  # backfilled
    backup = sqlite3.connect(tmp_path / "quizapp.db.bak-v1")
    assert backup.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("1",)
    assert backup.execute("SELECT count(*) FROM reviews").fetchone() == (1,)
    assert "uid" not in [c[1] for c in backup.execute("PRAGMA table_info(reviews)")]
    backup.close()
    with Store.open(path) as store:  # already current: no second backup
        assert store.backup is None
    assert sorted(p.name for p in tmp_path.iterdir() if "bak" in p.name) == ["quizapp.db.bak-v1"]


def test_newer_database_is_refused_with_one_line(tmp_path):
    path = tmp_path / "quizapp.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseNewerError) as err:
        Store.open(path)
    assert str(err.value) == (f"{path} was written by a newer quizapp (schema v{SCHEMA_VERSION + 1}, this one knows "
                              f"v{SCHEMA_VERSION}); upgrade quizapp")
    assert isinstance(err.value, QuizError) and "\n" not in str(err.value)


@pytest.mark.parametrize("content, reason", [
    (b"this is a text file, not sqlite" * 100, "file is not a database"),
])
def test_corrupt_file_is_reported(tmp_path, content, reason):
    path = tmp_path / "quizapp.db"
    path.write_bytes(content)
    with pytest.raises(DatabaseCorruptError) as err:
        Store.open(path)
    assert str(err.value) == (f"{path} is not a valid quizapp database ({reason}); "
                              "move it aside to start fresh")


def test_other_programs_database_is_not_taken_over(tmp_path):
    path = tmp_path / "quizapp.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE photos (id INTEGER)")
    conn.close()
    with pytest.raises(DatabaseCorruptError, match="it has no quizapp tables"):
        Store.open(path)


def test_locked_beyond_timeout_says_busy(tmp_path, clock, srs):
    path = tmp_path / "quizapp.db"
    store = Store.open(path, timeout=0.2)
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseBusyError) as err:
            store.record_review("nn.a", 3, clock.now, srs)
        assert str(err.value) == "the database is busy: another quizapp is writing to it"
        assert store.reviews() == []  # readers are not blocked in WAL mode
        assert store.card_state("nn.a").reps == 0
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    store.record_review("nn.a", 3, clock.now, srs)  # works again once the lock is gone
    store.close()


def test_review_log_is_never_updated_in_place(store, clock, srs, session_factory, make_cards):
    statements = []
    store.conn.set_trace_callback(statements.append)
    s = session_factory(make_cards(3))
    for rating in (3, 1, 4, 3):
        s.answer(rating)
        clock.advance(minutes=3)
    s.undo()
    store.set_flags("nn.c000", suspended=True, flag=2)
    store.rebuild_states(srs)
    sql = [" ".join(x.upper().split()) for x in statements]
    assert any(x.startswith("INSERT INTO REVIEWS") for x in sql)
    assert not [x for x in sql if x.startswith("UPDATE REVIEWS") or "REPLACE INTO REVIEWS" in x]
    deletes = [x for x in sql if x.startswith("DELETE FROM REVIEWS")]
    assert len(deletes) == 1  # only the undo


def test_undo_refuses_a_review_that_is_not_the_latest(store, clock, srs):
    first = store.record_review("nn.a", 3, clock.now, srs)
    store.record_review("nn.a", 3, clock.advance(minutes=10), srs)
    with pytest.raises(QuizError, match="reviewed again since"):
        store.undo_review(first.uid)


def test_queries_forecast_retention_streak(store, clock, srs):
    for day in range(3):  # three consecutive study days, Easy then Again on review cards
        at = clock.now + timedelta(days=day)
        store.record_review(f"nn.{day}", 4, at, srs)
    later = clock.now + timedelta(days=40)
    store.record_review("nn.0", 1, later, srs)
    store.record_review("nn.1", 3, later, srs)
    assert store.history.retention_30d(later) == 0.5
    assert store.history.retention_30d(clock.now) is None
    assert store.history.streak_days(clock.now + timedelta(days=2), 4) == 3
    assert store.history.streak_days(clock.now + timedelta(days=3), 4) == 3  # today not studied yet
    assert store.history.streak_days(clock.now + timedelta(days=5), 4) == 0
    forecast = store.history.due_forecast(later, 7, 4)
    assert len(forecast) == 7 and forecast[0][1] >= 1  # nn.2 is overdue, counted today
    assert sum(n for _, n in forecast) <= 3
