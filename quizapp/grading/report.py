"""Shared by the ``exercise`` and ``grade`` commands: finding exercises and
printing a grade the way rustlings does (cases in order, the first failure in
full). Kept out of the TUI so both front ends say the same things."""
from __future__ import annotations

import sys

from quizapp.errors import UsageError
from quizapp.safetext import say


def load_all(ctx):
    """All exercises from the content folders; their content problems go to stderr.

    Through the start-up content cache: parsing every exercise's YAML was most
    of a cold ``quizapp grade`` once the expected values were cached."""
    from pathlib import Path

    from quizapp.content.cache import load_cached
    from quizapp.content.library import exercise_dirs

    library, by_id = load_cached(ctx.content_dirs, ctx.data_dir / "cache")
    folders = {Path(folder) for folder in exercise_dirs(ctx.content_dirs)}
    errors = [e for e in library.errors if Path(e.path).parent in folders]
    for error in errors:
        say(str(error))
    return list(by_id.values()), errors


def require(exercises, exercise_id: str):
    """The exercise with this id; an unknown id is a usage error (exit 2), as for a deck."""
    from quizapp.grading.exercises import find_exercise

    exercise = find_exercise(exercises, exercise_id)
    if exercise is None:
        raise UsageError(f"unknown exercise {exercise_id!r}; `quizapp exercise list` shows them")
    return exercise


def marks() -> tuple[str, str]:
    """✓/✗ where the terminal can show them, plain words where it cannot."""
    try:
        "✓✗".encode(sys.stdout.encoding or "ascii")
        return "✓", "✗"
    except (UnicodeEncodeError, LookupError):
        return "ok", "FAIL"


PRINTED_LINES, PRINTED_WIDTH = 20, 200  # enough to debug with; a flood stays readable


def _clip(line: str) -> str:
    return line if len(line) <= PRINTED_WIDTH else line[:PRINTED_WIDTH] + f"… ({len(line)} characters)"


def render(result) -> str:
    """Per-case lines in order, then the first failure's details, then a summary."""
    ok, bad = marks()
    lines = []
    first_failure = None
    for case in result.cases:
        lines.append(f"  {ok if case.passed else bad} {case.name}")
        if not case.passed and first_failure is None:
            first_failure = case
    if first_failure is not None and first_failure.message:
        lines.append("")
        lines.append(f"first failure: {first_failure.name}")
        lines.extend("  " + line for line in first_failure.message.splitlines())
    if result.message:
        lines.append("")
        lines.append(result.message)
    if result.stdout.strip():
        lines.append("")
        lines.append("your code printed (the end of it):")
        lines.extend("  " + _clip(line) for line in result.stdout.rstrip().splitlines()[-PRINTED_LINES:])
    passed = sum(c.passed for c in result.cases)
    lines.append("")
    lines.append(f"{result.exercise}: {result.verdict} ({passed}/{len(result.cases)} cases, {result.duration:.2f} s)")
    return "\n".join(lines)
