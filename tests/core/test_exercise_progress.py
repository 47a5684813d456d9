"""An unfinished attempt's hints and failed runs survive between sittings, in the data dir."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from quizapp.study.exercise_progress import ExerciseProgress


@dataclass(frozen=True)
class Ex:
    id: str = "softmax"
    starter: str = "def f(x):\n    return x\n"
    hints: tuple = ("one", "two", "three")


def test_kept_until_cleared(tmp_path):
    progress = ExerciseProgress(tmp_path, warn=pytest.fail)
    attempt = progress.resume(Ex())
    assert (attempt.hints, attempt.failed_runs) == (0, 0)
    attempt.took_hint(2)
    attempt.ran("def f(x):\n    return 1\n", passed=False)
    progress.keep("softmax", attempt)
    again = ExerciseProgress(tmp_path, warn=pytest.fail).resume(Ex())
    assert (again.hints, again.failed_runs, again.runs) == (2, 1, 0)
    progress.clear("softmax")
    assert ExerciseProgress(tmp_path, warn=pytest.fail).resume(Ex()).hints == 0


def test_a_damaged_file_or_entry_means_a_fresh_attempt(tmp_path):
    said: list[str] = []
    progress = ExerciseProgress(tmp_path, warn=said.append)
    progress.path.write_text("{not json")
    assert progress.resume(Ex()).hints == 0
    # The damaged file is kept beside it, not overwritten by the next write, and said once.
    aside = tmp_path / "exercise-progress.damaged.json"
    assert aside.read_text() == "{not json" and not progress.path.exists()
    assert said == [f"{progress.path} was damaged: kept as {aside}; hints and failed runs of unfinished"
                    " attempts start again from zero"]
    assert progress.resume(Ex()).hints == 0 and len(said) == 1
    progress.path.write_text('{"softmax": {"hints": 99, "failed_runs": -3}, "other": 1}')
    attempt = progress.resume(Ex())
    assert (attempt.hints, attempt.failed_runs) == (3, 0)  # capped at the hints there are
