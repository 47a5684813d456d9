"""Merge another machine's review log into this one: a union by ``uid``.

Every review row carries a random ``uid`` (schema v2), so the same answer
exported twice, or exported back and forth between two machines, is recognised
and added once: importing a file a second time changes nothing. The states of
the cards new rows touch are replayed from the merged log in the same write
(:meth:`quizapp.store.database.Store.merge_reviews`), since a state is only a cache of
the log. Rows are checked before anything is written; one bad row rejects the
file, so a review dated 9999 can never land and poison later imports.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, overload

from quizapp.clock import iso, parse_iso, utc_now
from quizapp.interchange.userdecks import ImportFailed
from quizapp.store.modes import MODES
from quizapp.store.resets import RESET_RATING

RATINGS = (RESET_RATING, 1, 2, 3, 4)  # a reset row (rating 0) forgets the card on replay


@dataclass(frozen=True)
class MergeResult:
    new: int
    present: int

    def message(self) -> str:
        return f"merged {self.new} new reviews ({self.present} already present)"


EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
CLOCK_SKEW = timedelta(days=1)  # another machine's clock may run a little ahead
LATEST_DUE = timedelta(days=36500 + 366)  # fsrs's longest interval, and some


@overload
def read_time(row: dict, key: str, required: Literal[True]) -> datetime: ...
@overload
def read_time(row: dict, key: str, required: bool) -> datetime | None: ...
def read_time(row: dict, key: str, required: bool) -> datetime | None:
    """``row[key]`` as an aware time (ValueError unless ISO-8601 with an offset)."""
    value = row.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{key}: expected an ISO-8601 time")
    try:
        return parse_iso(value)
    except ValueError:
        raise ValueError(f"{key}: {value!r} is not an ISO-8601 time with a UTC offset") from None


def is_past(moment: datetime, now: datetime) -> bool:
    """Whether something recorded can have happened at ``moment``: not before 2000,
    not after ``now`` beyond clock skew."""
    return EARLIEST <= moment <= now + CLOCK_SKEW


def _review_times(row: dict, now: datetime) -> tuple[str, str | None]:
    """``reviewed_at`` and ``due_after`` as stored, refusing times no review can have:
    before 2000, in the future beyond clock skew, or due beyond the longest interval.
    One such row (9999-12-31, say) would otherwise overflow every later replay."""
    at, due = read_time(row, "reviewed_at", True), read_time(row, "due_after", False)
    if not is_past(at, now):
        raise ValueError(f"reviewed_at: {row['reviewed_at']!r} is not a time a review can have"
                         f" (between 2000 and now)")
    if due is not None and not EARLIEST <= due <= at + LATEST_DUE:
        raise ValueError(f"due_after: {row['due_after']!r} is not a due time (after 2000, within"
                         " 100 years of the review)")
    return iso(at), None if due is None else iso(due)


def _optional(row: dict, key: str, kind: type | tuple) -> Any:
    value = row.get(key)
    if value is not None and (not isinstance(value, kind) or (isinstance(value, bool) and kind is int)):
        raise ValueError(f"{key}: expected {getattr(kind, '__name__', 'a value')} or null")
    return value


def check_row(row: Any, now: datetime | None = None) -> dict:
    """One exported review row, normalised for :meth:`Store.merge_reviews` (ValueError if bad)."""
    now = now or utc_now()
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
    mode = row.get("mode")
    if mode not in MODES:
        raise ValueError(f"mode: expected null, {' or '.join(repr(m) for m in MODES if m)}, got {mode!r}")
    reviewed_at, due_after = _review_times(row, now)
    return {
        "uid": row["uid"], "card_id": row["card_id"], "rating": rating,
        "reviewed_at": reviewed_at, "due_after": due_after,
        "duration_ms": _optional(row, "duration_ms", int), "answer": _optional(row, "answer", str),
        "correct": None if correct is None else int(correct), "params": _optional(row, "params", str),
        "kind": _optional(row, "kind", str), "prev_state": prev_state,
        "state_before": _optional(row, "state_before", str), "mode": mode,
    }


def check_rows(rows: list, where: str) -> list[dict]:
    """All rows normalised, or ImportFailed listing every bad row as ``where: reviews[i]: ...``."""
    good, problems, now = [], [], utc_now()
    for index, row in enumerate(rows):
        try:
            good.append(check_row(row, now))
        except ValueError as e:
            problems.append(f"{where}: reviews[{index}]: {e}")
    if problems:
        raise ImportFailed(problems)
    return good


SAME_ANSWER = timedelta(seconds=1)  # a revlog row this close to a review here, same card and rating: that review


def merge_log(store, rows: list[dict], srs, own_cards: frozenset[str] = frozenset()) -> MergeResult:
    """Add the rows not yet in ``store``, with the states of the cards they touch
    (:meth:`quizapp.store.database.Store.merge_reviews`).

    ``own_cards``: cards quizapp exported to Anki that came back in a package. Their
    revlog holds the answers quizapp wrote, under uids of the package's; a row of such a
    card with its rating within :data:`SAME_ANSWER` of one here is that answer (export
    writes each review at its moment, a millisecond later when two share one), so it is
    counted as present, and only the answers given in Anki are added."""
    new = store.merge_reviews(_given_elsewhere(store, rows, own_cards) if own_cards else rows, srs)
    return MergeResult(new, len(rows) - new)


def _given_elsewhere(store, rows: list[dict], own_cards: frozenset[str]) -> list[dict]:
    """``rows`` less those of ``own_cards`` that are answers already here (see :func:`merge_log`)."""
    here: dict[tuple[str, int], list[datetime]] = {}
    for review in store.reviews():
        if review["card_id"] in own_cards:
            here.setdefault((review["card_id"], review["rating"]), []).append(parse_iso(review["reviewed_at"]))
    return [r for r in rows if not any(abs(parse_iso(r["reviewed_at"]) - t) < SAME_ANSWER
                                       for t in here.get((r["card_id"], r["rating"]), ()))]
