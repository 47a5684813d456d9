"""How far the learner got on an unfinished exercise attempt, kept in the data dir.

``quizapp exercise hint ID`` shows the next hint each time and ``quizapp grade``
remembers failed runs between invocations, so work in the learner's own editor
is rated like work in the TUI editor (hints and failed runs make a pass Hard).
The editor reads and writes the same file when the attempt counts, so leaving
and reopening does not forget the hints already seen. The entry is cleared
when an attempt ends (saved, or passed in practice).

A small JSON file (``exercise-progress.json``), replaced atomically: it holds
a few numbers per exercise and is not part of the review log.
"""
from __future__ import annotations

import json
from pathlib import Path

from quizapp.atomic_file import write_atomically
from quizapp.study.exercise_attempt import Attempt

FILE_NAME = "exercise-progress.json"


class ExerciseProgress:
    """Per-exercise ``{"hints": n, "failed_runs": n}`` under ``data_dir``."""

    def __init__(self, data_dir: Path):
        self.path = Path(data_dir) / FILE_NAME

    def _load_all(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # missing or damaged: an unfinished attempt is not worth an error
        return data if isinstance(data, dict) else {}

    def _save_all(self, data: dict) -> bool:
        """Write the file; False when the data dir cannot be written (the caller says so)."""
        try:
            write_atomically(self.path, json.dumps(data, indent=1, sort_keys=True))
        except OSError:
            return False
        return True

    def resume(self, exercise) -> Attempt:
        """An attempt at ``exercise`` carrying the hints and failed runs kept so far."""
        entry = self._load_all().get(exercise.id)
        entry = entry if isinstance(entry, dict) else {}

        def number(key: str) -> int:
            value = entry.get(key, 0)
            return value if isinstance(value, int) and value >= 0 else 0

        return Attempt(exercise.starter, hints=min(number("hints"), len(exercise.hints)),
                       failed_runs=number("failed_runs"))

    def keep(self, exercise_id: str, attempt: Attempt) -> bool:
        """Remember the attempt's hints and failed runs for next time; False if it could not."""
        data = self._load_all()
        data[exercise_id] = {"hints": attempt.hints, "failed_runs": attempt.failed_runs}
        return self._save_all(data)

    def clear(self, exercise_id: str) -> bool:
        """The attempt ended: the next one starts fresh."""
        data = self._load_all()
        return data.pop(exercise_id, None) is None or self._save_all(data)
