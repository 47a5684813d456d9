"""The learner's last code for an exercise, kept beside the database.

Leaving the editor, however it happens, must lose nothing, yet the untouched
starter must never overwrite a real attempt. A review starts from the starter, so
the code a sitting saves can replace an attempt it never looked at (or a file it
could not read): the first such save moves that file aside as
``<id>.earlier-<UTC time>.py``, one per replaced attempt, so no stray keystroke and
Esc, however often, can erase the work of an earlier day. Reads and writes report a
problem as one sentence instead of raising, so the editor can say it and go on.
"""
from __future__ import annotations

import contextlib
import os
from datetime import UTC, datetime
from pathlib import Path

from quizapp.atomic_file import write_atomically
from quizapp.study.exercise_attempt import changed_from_starter


class Draft:
    def __init__(self, drafts: Path, exercise_id: str, starter: str) -> None:
        self.starter = starter
        self.path = drafts / f"{exercise_id}.py"
        # The file holds an attempt (or bytes that could not be read) this sitting has not
        # built on: moved aside before a save first replaces it with other code.
        self._keep = False
        self._kept_text: str | None = None

    def read(self) -> tuple[str | None, str | None]:
        """``(text, None)``, ``(None, None)`` when there is none, or ``(None, problem)``."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None, None
        except (OSError, UnicodeDecodeError) as e:
            self._keep = self.path.is_file()
            return None, f"Could not read your previous attempt ({e})."
        if changed_from_starter(text, self.starter):
            self._keep, self._kept_text = True, text
        return text, None

    def built_on(self) -> None:
        """The code now starts from the saved attempt (loaded into the editor): replacing it loses nothing."""
        self._keep = False

    def earlier(self) -> list[Path]:
        """The attempts moved aside so far, oldest first (a move keeps the time the attempt was written)."""
        return sorted(self.path.parent.glob(f"{self.path.stem}.earlier-*.py"), key=lambda p: p.stat().st_mtime_ns)

    def save(self, text: str) -> str | None:
        """Keep changed code; the untouched starter never replaces a saved attempt."""
        if not changed_from_starter(text, self.starter):
            return None
        try:
            if self._keep and text != self._kept_text:
                with contextlib.suppress(FileNotFoundError):  # removed meanwhile: nothing to keep
                    os.replace(self.path, self._free_earlier_name())
                self._keep = False
            write_atomically(self.path, text, durable=True)  # the learner's work: whole or the old one
        except OSError as e:
            return f"Could not save your draft: {e}"
        return None

    def _free_earlier_name(self) -> Path:
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        name, n = self.path.with_name(f"{self.path.stem}.earlier-{stamp}.py"), 2
        while name.exists():  # two sittings in one second
            name, n = self.path.with_name(f"{self.path.stem}.earlier-{stamp}-{n}.py"), n + 1
        return name
