"""Answers the database could not take yet: kept, retried, and never lost.

A store error while studying (another process holding the write lock past the
busy timeout, a read-only file, a full disk) must not lose the answer the
learner just gave: it is the one thing that cannot be recomputed. So it is kept

- in memory, in order, with its own uid and time, and written as soon as the
  database takes writes again (:meth:`UnsavedAnswers.save_into`; the study
  screen retries with backoff and shows a banner meanwhile);
- in ``unsaved-answers.json`` in the data dir, rewritten on every change, so
  quitting, a crash or a kill while the database is unavailable loses nothing;
- until :func:`recover`, called whenever the store is opened, merges that file
  into the log (by uid, so an answer saved twice is added once).

While any answer is waiting, later ones wait behind it: the log of a card must
be written in the order it was answered.
"""
from __future__ import annotations

import json
from pathlib import Path

from quizapp.atomic_file import write_atomically
from quizapp.store.errors import StoreError


class UnsavedAnswers:
    """The answers waiting for the database, mirrored to ``path`` (``None``: memory only)."""

    def __init__(self, path: Path | None):
        self.path = path
        self.rows: list[dict] = []  # review rows as the JSON export writes them
        self.reason: str | None = None  # why the last write failed
        self.on_disk = True  # whether ``path`` holds every waiting answer

    def __len__(self) -> int:
        return len(self.rows)

    def keep(self, row: dict, reason: str) -> None:
        self.rows.append(row)
        self.reason = reason
        self._mirror()

    def discard(self, uid: str) -> bool:
        """Forget a waiting answer (undo); ``False`` when it is not waiting."""
        kept = [row for row in self.rows if row["uid"] != uid]
        if len(kept) == len(self.rows):
            return False
        self.rows = kept
        self._mirror()
        return True

    def save_into(self, store, srs, leech_lapses: int | None) -> int:
        """Write the waiting answers in order until one fails; returns how many still wait."""
        while self.rows:
            row = self.rows[0]
            try:
                store.record_review(row["card_id"], row["rating"], _time(row["reviewed_at"]), srs,
                                    duration_ms=row["duration_ms"], answer=row["answer"],
                                    correct=row["correct"], params=row["params"], kind=row["kind"],
                                    leech_lapses=leech_lapses, uid=row["uid"], mode=row.get("mode"))
            except StoreError as err:
                self.reason = str(err)
                break
            self.rows.pop(0)
        self._mirror()
        return len(self.rows)

    def message(self) -> str | None:
        """What to tell the learner on leaving while answers still wait (``None``: none)."""
        if not self.rows:
            return None
        where = (f"they are kept in {self.path} and added the next time quizapp opens"
                 if self.on_disk and self.path else
                 "they could not be kept on disk either: " + ", ".join(r["card_id"] for r in self.rows))
        return f"{len(self.rows)} answer(s) not saved to the database ({self.reason}); {where}"

    def _mirror(self) -> None:
        """Rewrite the file (atomically) to hold exactly the waiting answers."""
        if self.path is None:
            self.on_disk = False
            return
        try:
            if not self.rows:
                self.path.unlink(missing_ok=True)
            else:
                write_atomically(self.path, json.dumps({"format": "quizapp", "reviews": self.rows}), durable=True)
            self.on_disk = True
        except OSError:
            self.on_disk = False


def _time(text: str):
    from quizapp.clock import parse_iso

    return parse_iso(text)


def recover(store, srs, path: Path) -> int:
    """Merge answers a session could not save (``path``) into the log and remove the
    file; returns how many were added. A file the store still cannot take stays."""
    if not path.exists():
        return 0
    from quizapp.interchange.merge import check_rows
    from quizapp.interchange.userdecks import ImportFailed

    try:
        rows = check_rows(json.loads(path.read_text(encoding="utf-8"))["reviews"], str(path))
    except (OSError, ValueError, KeyError, TypeError, ImportFailed):
        path.rename(path.with_suffix(".damaged.json"))  # keep it for the learner, stop retrying
        return 0
    added = store.merge_reviews(rows, srs)
    path.unlink(missing_ok=True)
    return added
