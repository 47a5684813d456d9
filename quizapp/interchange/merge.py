"""Merge another machine's review log into this one: a union by ``uid``.

Every review row carries a random ``uid`` (schema v2), so the same answer
exported twice, or exported back and forth between two machines, is recognised
and added once: importing a file a second time changes nothing. After new rows
arrive the card states are rebuilt by replaying the merged log through FSRS
(:meth:`quizapp.store.Store.rebuild_states`), since a state is only a cache of
the log. Rows are checked before anything is written; one bad row rejects the
file.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from quizapp.clock import iso, parse_iso
from quizapp.interchange.userdecks import ImportFailed
from quizapp.store_progress import RESET_RATING

RATINGS = (RESET_RATING, 1, 2, 3, 4)  # a reset row (rating 0) forgets the card on replay


@dataclass(frozen=True)
class MergeResult:
    new: int
    present: int

    def message(self) -> str:
        return f"merged {self.new} new reviews ({self.present} already present)"


def _time(row: dict, key: str, required: bool) -> str | None:
    value = row.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{key}: expected an ISO-8601 time")
    try:
        return iso(parse_iso(value))
    except ValueError:
        raise ValueError(f"{key}: {value!r} is not an ISO-8601 time with a UTC offset") from None


def _optional(row: dict, key: str, kind: type | tuple) -> Any:
    value = row.get(key)
    if value is not None and (not isinstance(value, kind) or isinstance(value, bool) and kind is int):
        raise ValueError(f"{key}: expected {getattr(kind, '__name__', 'a value')} or null")
    return value


def check_row(row: Any) -> dict:
    """One exported review row, normalised for :meth:`Store.merge_reviews` (ValueError if bad)."""
    if not isinstance(row, dict):
        raise ValueError("expected an object")
    for key in ("uid", "card_id"):
        if not isinstance(row.get(key), str) or not row[key]:
            raise ValueError(f"{key}: expected non-empty text")
    rating = row.get("rating")
    if isinstance(rating, bool) or rating not in RATINGS:
        raise ValueError(f"rating: expected one of {', '.join(map(str, RATINGS))}, got {rating!r}")
    correct = row.get("correct")
    if correct not in (None, True, False, 0, 1):
        raise ValueError(f"correct: expected true, false or null, got {correct!r}")
    prev_state = _optional(row, "prev_state", int)
    if prev_state is not None and prev_state not in (0, 1, 2, 3):
        raise ValueError(f"prev_state: expected 0-3, got {prev_state!r}")
    return {
        "uid": row["uid"], "card_id": row["card_id"], "rating": rating,
        "reviewed_at": _time(row, "reviewed_at", True), "due_after": _time(row, "due_after", False),
        "duration_ms": _optional(row, "duration_ms", int), "answer": _optional(row, "answer", str),
        "correct": None if correct is None else int(correct), "params": _optional(row, "params", str),
        "kind": _optional(row, "kind", str), "prev_state": prev_state,
        "state_before": _optional(row, "state_before", str),
    }


def check_rows(rows: list, where: str) -> list[dict]:
    """All rows normalised, or ImportFailed listing every bad row as ``where: reviews[i]: ...``."""
    good, problems = [], []
    for index, row in enumerate(rows):
        try:
            good.append(check_row(row))
        except ValueError as e:
            problems.append(f"{where}: reviews[{index}]: {e}")
    if problems:
        raise ImportFailed(problems)
    return good


def merge_log(store, rows: list[dict], srs) -> MergeResult:
    """Add the rows not yet in ``store`` and, if any were new, rebuild every card state."""
    new = store.merge_reviews(rows)
    if new:
        store.rebuild_states(srs)
    return MergeResult(new, len(rows) - new)
