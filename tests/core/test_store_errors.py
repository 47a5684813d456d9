"""Opening the store while another process writes."""
from __future__ import annotations


def test_opening_a_current_database_does_not_wait_for_a_writer(tmp_path):
    """Only a migration takes the write lock; a plain open reads the version."""
    import sqlite3

    from quizapp.store.database import Store

    path = tmp_path / "quizapp.db"
    Store.open(path).close()
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another quizapp in the middle of a long write
    try:
        store = Store.open(path, timeout=0.2)
        assert store.reviews() == []
        store.close()
    finally:
        writer.execute("ROLLBACK")
        writer.close()
