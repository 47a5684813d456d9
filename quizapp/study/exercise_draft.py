"""The learner's last code for an exercise, kept beside the database.

Leaving the editor, however it happens, must lose nothing, yet the untouched
starter must never overwrite a real attempt. A review starts from the starter, so
the code a sitting saves can replace an attempt it never looked at: the first such
save keeps the replaced attempt as ``<id>.earlier.py``, so a stray keystroke and
Esc cannot erase the work of an earlier day. Reads and writes report a problem as
one sentence instead of raising, so the editor can say it and go on.
"""
from __future__ import annotations

from pathlib import Path

from quizapp.atomic_file import write_atomically
from quizapp.study.exercise_attempt import changed_from_starter


class Draft:
    def __init__(self, drafts: Path, exercise_id: str, starter: str) -> None:
        self.starter = starter
        self.path = drafts / f"{exercise_id}.py"
        self.earlier_path = drafts / f"{exercise_id}.earlier.py"
        self._unseen: str | None = None  # the saved attempt, until it is kept or built on

    def read(self) -> tuple[str | None, str | None]:
        """``(text, None)``, ``(None, None)`` when there is none, or ``(None, problem)``.
        The text read is kept as the earlier attempt when a save first replaces it,
        unless :meth:`built_on` says the new code started from it."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None, None
        except (OSError, UnicodeDecodeError) as e:
            return None, f"Could not read your previous attempt ({e})."
        if changed_from_starter(text, self.starter):
            self._unseen = text
        return text, None

    def built_on(self) -> None:
        """The code now starts from the saved attempt (loaded into the editor): replacing it loses nothing."""
        self._unseen = None

    def has_earlier(self) -> bool:
        return self.earlier_path.is_file()

    def save(self, text: str) -> str | None:
        """Keep changed code; the untouched starter never replaces a saved attempt."""
        if not changed_from_starter(text, self.starter):
            return None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if self._unseen is not None and text != self._unseen:
                write_atomically(self.earlier_path, self._unseen)
                self._unseen = None
            self.path.write_text(text, encoding="utf-8")
        except OSError as e:
            return f"Could not save your draft: {e}"
        return None
