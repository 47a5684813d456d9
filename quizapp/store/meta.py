"""Named values kept in the database file beside the log (the ``meta`` table).

The schema version (:mod:`quizapp.store.migrations`) and the states mark
(:mod:`quizapp.store.replay`) live there too, written inside their own
transactions; :class:`Meta` is for a caller's own keys, such as the FSRS
parameters ``quizapp sync`` carries between machines.
"""
from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quizapp.store.database import Store


class Meta:
    """One Store's ``meta`` keys (``store.meta``): read, or replaced in one transaction."""

    def __init__(self, store: Store):
        self._store = store

    def value(self, key: str) -> str | None:
        """The value stored under ``key``; ``None`` when there is none."""
        rows = self._store._read("SELECT value FROM meta WHERE key = ?", (key,))
        return str(rows[0][0]) if rows else None

    def set_value(self, key: str, value: str) -> None:
        def write(conn: sqlite3.Connection) -> None:
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

        self._store._write(write)
