"""How far the learner got on an unfinished exercise attempt, kept in the data dir.

``quizapp exercise hint ID`` shows the next hint each time and ``quizapp grade``
remembers failed runs between invocations, so work in the learner's own editor
is rated like work in the TUI editor (hints and failed runs make a pass Hard).
The editor reads and writes the same file when the attempt counts, so leaving
and reopening does not forget the hints already seen. The entry is cleared
when an attempt ends (saved, or passed in practice).

A small JSON file (``exercise-progress.json``), replaced atomically: it holds
a few numbers per exercise and is not part of the review log. A file damaged by
hand or by a disk is not written over: it is kept as ``exercise-progress.damaged.json``
and the caller's ``warn`` says so once, as the next attempt starts from zero.
"""
from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

from quizapp.atomic_file import write_atomically
from quizapp.study.exercise_attempt import Attempt

FILE_NAME = "exercise-progress.json"
DAMAGED_NAME = "exercise-progress.damaged.json"


class ExerciseProgress:
    """Per-exercise ``{"hints": n, "failed_runs": n}`` under ``data_dir``."""

    def __init__(self, data_dir: Path, *, warn: Callable[[str], None]):
        """``warn``: how the caller tells the learner a damaged file was set aside."""
        self.path = Path(data_dir) / FILE_NAME
        self.warn = warn

    def _load_all(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except OSError:
            return {}  # missing or unreadable: an unfinished attempt is not worth an error
        except ValueError:  # not JSON, or not UTF-8
            data = None
        if not isinstance(data, dict):
            self._set_aside()
            return {}
        return data

    def _set_aside(self) -> None:
        aside = self.path.with_name(DAMAGED_NAME)
        try:
            os.replace(self.path, aside)
        except OSError:
            return  # the next write replaces it: the data dir is not writable anyway
        self.warn(f"{self.path} was damaged: kept as {aside}; hints and failed runs of unfinished attempts"
                  " start again from zero")

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
