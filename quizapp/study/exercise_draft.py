"""The learner's last code for an exercise, kept beside the database.

Leaving the editor, however it happens, must lose nothing, yet the untouched
starter must never overwrite a real attempt. Reads and writes report a problem
as one sentence instead of raising, so the editor can say it and go on.
"""
from __future__ import annotations

from pathlib import Path

from quizapp.study.exercise_attempt import changed_from_starter


class Draft:
    def __init__(self, drafts: Path, exercise_id: str) -> None:
        self.path = drafts / f"{exercise_id}.py"

    def read(self) -> tuple[str | None, str | None]:
        """``(text, None)``, ``(None, None)`` when there is none, or ``(None, problem)``."""
        try:
            return self.path.read_text(encoding="utf-8"), None
        except FileNotFoundError:
            return None, None
        except (OSError, UnicodeDecodeError) as e:
            return None, f"Could not read your previous attempt ({e})."

    def save(self, text: str, starter: str) -> str | None:
        """Keep changed code; the untouched starter never replaces a saved attempt."""
        if not changed_from_starter(text, starter):
            return None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(text, encoding="utf-8")
        except OSError as e:
            return f"Could not save your draft: {e}"
        return None
