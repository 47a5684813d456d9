"""Past mock interview reports, kept in the data dir as JSON lines (``mock-history.jsonl``).

One report per line, oldest first. Adding one rewrites the file atomically
(a temp file in the same folder, fsynced, then ``os.replace``): a crash
mid-write leaves the old file whole, never half a line. The lines already
there are copied byte for byte, so a damaged line (a hand edit, a disk error)
is kept as it was, and the new report is added after it: nothing is lost.
Reading skips damaged lines and says so in one line (:attr:`History.problem`).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quizapp.atomic_file import write_atomically
from quizapp.errors import QuizError

FILE_NAME = "mock-history.jsonl"
REQUIRED = ("started_at", "minutes", "questions", "passed", "score", "readiness", "decks")


def history_file(data_dir: Path) -> Path:
    return Path(data_dir) / FILE_NAME


@dataclass
class History:
    """The reports that could be read, and one line about those that could not."""

    reports: list[dict[str, Any]] = field(default_factory=list)
    problem: str | None = None


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_report(value: Any) -> bool:
    """Whether ``value`` has what a history line shows, in the right shapes."""
    from quizapp.clock import parse_iso

    if not isinstance(value, dict) or not all(key in value for key in REQUIRED):
        return False
    moved = value["readiness"]
    if not (all(_number(value[key]) for key in ("minutes", "questions", "passed", "score"))
            and isinstance(moved, dict) and all(_number(moved.get(key)) for key in ("before", "after"))
            and isinstance(value["decks"], list) and all(isinstance(deck, str) for deck in value["decks"])
            and isinstance(value["started_at"], str)):
        return False
    try:
        parse_iso(value["started_at"])
    except ValueError:
        return False
    return True


def load_history(data_dir: Path) -> History:
    """Every readable report, oldest first; a missing file is an empty history."""
    path = history_file(data_dir)
    try:
        text = path.read_bytes().decode("utf-8", errors="replace")
    except FileNotFoundError:
        return History()
    except OSError as e:
        return History(problem=f"{path}: cannot read the mock history ({e.strerror or e})")
    history, bad = History(), []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            report = json.loads(line)
        except ValueError:
            report = None
        if _is_report(report):
            history.reports.append(report)
        else:
            bad.append(number)
    if bad:
        lines = ", ".join(map(str, bad[:5])) + (", …" if len(bad) > 5 else "")
        history.problem = (f"{path}: {len(bad)} line(s) are not mock reports (line {lines});"
                           " skipped and kept as they are")
    return history


def add_report(data_dir: Path, report: dict[str, Any]) -> Path:
    """Append ``report`` to the history (atomically); raises QuizError when the file cannot be written."""
    path = history_file(data_dir)
    line = (json.dumps(report, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
    try:
        try:
            old = path.read_bytes()
        except FileNotFoundError:
            old = b""
        if old and not old.endswith(b"\n"):
            old += b"\n"  # a damaged last line stays a line of its own
        write_atomically(path, old + line, durable=True)
    except OSError as e:
        raise QuizError(f"{path}: cannot save the mock report ({e.strerror or e})") from None
    return path
