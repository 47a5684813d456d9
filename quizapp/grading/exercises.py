"""Coding exercises: load ``content/exercises/*.yaml`` into :class:`Exercise` objects.

An exercise file is data only (see ``content/exercises/FORMAT.md``). The loader
checks every field (:mod:`quizapp.grading.schema`) and reports every problem as
a ``ContentError`` with ``path:line``, so a content author sees all mistakes at
once; a broken file is skipped and the others still load. Nothing here runs
learner code or imports torch.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from quizapp.content import file_memo
from quizapp.content.yamlsource import load_yaml
from quizapp.errors import ContentError
from quizapp.grading.model import LEVELS, Case, Exercise, Param, RandomCases  # noqa: F401 - re-exported
from quizapp.grading.schema import build_exercise


def exercise_files(paths: Iterable[str | Path]) -> list[Path]:
    """YAML files to load: a file as is; a folder's ``exercises/`` subfolder if it
    has one (a content folder), else the folder's own ``*.yaml``."""
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            folder = p / "exercises" if (p / "exercises").is_dir() else p
            files.extend(sorted(folder.glob("*.yaml")))
        elif p.exists():
            files.append(p)
    return files


def load_exercises(paths: Iterable[str | Path]) -> tuple[list[Exercise], list[ContentError]]:
    """Load every exercise under ``paths``; return the good ones and all problems."""
    exercises: list[Exercise] = []
    errors: list[ContentError] = []
    seen: dict[str, str] = {}
    for file in exercise_files(paths):
        exercise, problems, id_line = _load_file(file)
        errors.extend(problems)
        if exercise is None:
            continue
        if exercise.id in seen:
            errors.append(ContentError(file, id_line,
                                       f"duplicate exercise id {exercise.id!r} (also in {seen[exercise.id]})"))
            continue
        seen[exercise.id] = f"{file}:{id_line}"
        exercises.append(exercise)
    return exercises, errors


@file_memo.by_content
def _load_file(file: Path) -> tuple[Exercise | None, tuple[ContentError, ...], int | None]:
    """One exercise file: the exercise (None if it has any problem), its problems, the line of its id."""
    try:
        data = load_yaml(file)
    except ContentError as e:
        return None, (e,), None
    problems: list[ContentError] = []
    exercise = build_exercise(data, str(file), problems)
    if exercise is None or problems:
        return None, tuple(problems), None
    return exercise, (), data.line_of("id")


def find_exercise(exercises: list[Exercise], exercise_id: str) -> Exercise | None:
    return next((e for e in exercises if e.id == exercise_id), None)
