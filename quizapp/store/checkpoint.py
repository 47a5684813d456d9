"""WAL checkpoints off the answer path.

SQLite's automatic checkpoint runs inside whichever commit crosses the threshold
(1000 WAL pages), so every ~100th answer paid for copying the WAL into the main
file and fsyncing it: ~9 ms instead of ~1 ms (measured by
``benchmarks/bench_answer.py``). The store turns the automatic checkpoint off on
its connection and asks this class after every write; every ``every`` writes it
runs a PASSIVE checkpoint (never blocks readers or writers) on its own
connection in a background thread. A checkpoint is crash-safe at any point, so
a thread killed with the process loses nothing.
"""
from __future__ import annotations

import sqlite3
import threading
from pathlib import Path


class Checkpointer:
    def __init__(self, path: Path, every: int = 50):
        self.path, self.every = path, every
        self._writes = 0
        self._thread: threading.Thread | None = None

    def wrote(self) -> None:
        """Count one committed write; start a background checkpoint when due."""
        self._writes += 1
        if self._writes >= self.every and not (self._thread and self._thread.is_alive()):
            self._writes = 0
            self._thread = threading.Thread(target=self.run, name="quizapp-checkpoint", daemon=True)
            self._thread.start()

    def run(self) -> None:
        """One PASSIVE checkpoint; failures (busy, gone) are harmless and ignored."""
        try:
            conn = sqlite3.connect(self.path, timeout=1.0)
            try:
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            finally:
                conn.close()
        except sqlite3.Error:
            pass

    def close(self) -> None:
        """Wait for a running checkpoint, then run a last one so the WAL stays small."""
        if self._thread is not None:
            self._thread.join()
        self.run()
