"""Database failures as one-line :class:`QuizError`\\ s (never a sqlite traceback)."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from quizapp.errors import QuizError


class StoreError(QuizError):
    """Any problem with the review database."""


class DatabaseBusyError(StoreError):
    """Another process held the write lock for longer than the busy timeout."""

    def __init__(self, path: Path | str):
        super().__init__("the database is busy: another quizapp is writing to it")
        self.path = str(path)


class DatabaseCorruptError(StoreError):
    """The file is not SQLite, is damaged, or is some other program's database."""

    def __init__(self, path: Path | str, reason: str):
        super().__init__(f"{path} is not a valid quizapp database ({reason}); "
                         "move it aside to start fresh")
        self.path, self.reason = str(path), reason


class DatabaseNewerError(StoreError):
    """The schema is newer than this program knows: refuse rather than guess."""

    def __init__(self, path: Path | str, found: int, known: int):
        super().__init__(f"{path} was written by a newer quizapp (schema v{found}, "
                         f"this one knows v{known}); upgrade quizapp")
        self.path, self.found, self.known = str(path), found, known


def _is_busy(err: sqlite3.Error) -> bool:
    text = str(err).lower()
    return "locked" in text or "busy" in text


@contextmanager
def translated(path: Path | str) -> Iterator[None]:
    """Re-raise sqlite3 errors on ``path`` as the matching one-line StoreError."""
    try:
        yield
    except sqlite3.OperationalError as err:
        if _is_busy(err):
            raise DatabaseBusyError(path) from None
        if any(w in str(err).lower() for w in ("unable to open", "readonly", "disk")):
            raise StoreError(f"{path}: cannot use the database ({err})") from None
        raise  # e.g. SQL our code got wrong: keep the traceback for --debug
    except sqlite3.DatabaseError as err:
        if type(err) is not sqlite3.DatabaseError:
            raise  # IntegrityError etc. are our bugs, not the file's fault
        raise DatabaseCorruptError(path, str(err)) from None
