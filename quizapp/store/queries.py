"""What the review log says about the past and the days ahead: :class:`History`,
the read-only aggregates a Store offers as ``store.history``.

Counts, streaks, retention and forecasts are read by the home screen, the
session queue and the stats; none of them writes. They lean on the indexes
(``card_state(due)``, ``card_state(state, due)``, ``reviews(reviewed_at)``,
``reviews(prev_state, reviewed_at)``) so that a home screen or a session queue
stays fast with 100k cards and a million reviews. Times in and out are aware
datetimes; SQL compares the fixed-width UTC text.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from quizapp.clock import boundary, iso, parse_iso, study_date
from quizapp.store.errors import translated
from quizapp.store.modes import CRAM, MOCK, SCHEDULED
from quizapp.study.srs import NEW, REVIEW, CardState

if TYPE_CHECKING:
    from quizapp.store.database import Store

_AVAILABLE = "suspended = 0 AND (buried_until IS NULL OR buried_until <= ?)"
# A reset row (rating 0, see quizapp.store.resets) is in the log but is no answer:
# every count of answers, retention and streak days must leave it out.
ANSWERED = "rating > 0"


class History:
    """The aggregates over one Store's log and state cache (``store.history``); it
    reads through the Store's connection and never writes. The log rows themselves
    are :meth:`Store.reviews <quizapp.store.database.Store.reviews>`."""

    def __init__(self, store: Store):
        self._store = store

    def due_rows(self, until: datetime, now: datetime) -> list[tuple[str, int, datetime]]:
        """``(card_id, state, due)`` of studied cards due before ``until``, earliest first,
        excluding suspended and buried ones."""
        rows = self._store._read(f"SELECT card_id, state, due FROM card_state WHERE state != {NEW}"
                          f" AND due < ? AND {_AVAILABLE} ORDER BY due", (iso(until), iso(now)))
        return [(cid, state, parse_iso(due)) for cid, state, due in rows]

    def review_ids_due_from(self, moment: datetime, now: datetime, *, ratio: float = 0.0) -> list[str]:
        """Ids of review cards due at or after ``moment``, excluding suspended and buried
        ones: those an interview date ahead may pull in (quizapp.study.interview). With
        ``ratio``, only those whose days from their last review to ``moment`` (two more:
        the slack of the study day a review falls in and of a clock change) exceed
        ``ratio`` times their stability; FSRS's recall falls with days / stability
        alone, so the others keep a recall above the one at that ratio, and are read no
        further."""
        rows = self._store._read(f"SELECT card_id FROM card_state WHERE state = {REVIEW} AND due >= ?"
                                 " AND julianday(?) - julianday(last_review) + 2 > ? * stability"
                                 f" AND {_AVAILABLE}", (iso(moment), iso(moment), ratio, iso(now)))
        return [r[0] for r in rows]

    def not_new_ids(self, now: datetime) -> set[str]:
        """Ids that cannot be shown as new: already studied, suspended or buried."""
        rows = self._store._read(f"SELECT card_id FROM card_state WHERE state != {NEW} OR NOT ({_AVAILABLE})",
                          (iso(now),))
        return {r[0] for r in rows}

    def reviews_today(self, day_start: datetime, *, review_cards_only: bool = False) -> int:
        """Answers since ``day_start``; ``review_cards_only`` counts only scheduled answers
        to cards that were in the review state (what the daily review limit is about)."""
        where = f" AND prev_state = {REVIEW} AND {SCHEDULED}" if review_cards_only else ""
        return int(self._store._read(f"SELECT count(*) FROM reviews WHERE reviewed_at >= ? AND {ANSWERED}{where}",
                              (iso(day_start),))[0][0])

    def new_introduced_today(self, day_start: datetime) -> int:
        """New cards seen for the first time since ``day_start`` (a crammed new card stays new)."""
        return int(self._store._read(f"SELECT count(*) FROM reviews WHERE prev_state = {NEW}"
                              f" AND reviewed_at >= ? AND {ANSWERED} AND {SCHEDULED}", (iso(day_start),))[0][0])

    def limited_answers_since(self, day_start: datetime) -> list[tuple[str, int]]:
        """``(card_id, prev_state)`` of the answers since ``day_start`` that the daily limits
        count (those :meth:`new_introduced_today` and :meth:`reviews_today` with
        ``review_cards_only`` count), so each deck's share can be counted too."""
        return [(cid, prev) for cid, prev in self._store._read(
            f"SELECT card_id, prev_state FROM reviews WHERE prev_state IN ({NEW}, {REVIEW})"
            f" AND reviewed_at >= ? AND {ANSWERED} AND {SCHEDULED}", (iso(day_start),))]

    def review_states_before_since(self, day_start: datetime) -> list[CardState]:
        """The state before its first answer since ``day_start`` of each review card answered
        since then as the limits count it: its state at the start of the day (what the
        interview date's spread of overdue pull-ins counts, quizapp.study.interview)."""
        rows = self._store._read(
            "SELECT card_id, state_before FROM reviews WHERE id IN (SELECT min(id) FROM reviews"
            f" WHERE prev_state = {REVIEW} AND reviewed_at >= ? AND {ANSWERED} AND {SCHEDULED} GROUP BY card_id)",
            (iso(day_start),))
        return [CardState(cid).with_sched_json(before) for cid, before in rows]

    def reviews_total(self) -> int:
        return int(self._store._read(f"SELECT count(*) FROM reviews WHERE {ANSWERED}")[0][0])

    def studied_between(self, start: datetime, end: datetime) -> bool:
        return bool(self._store._read("SELECT 1 FROM reviews WHERE reviewed_at >= ? AND reviewed_at < ?"
                               f" AND {ANSWERED} LIMIT 1", (iso(start), iso(end))))

    def streak_days(self, now: datetime, hour: int, tz: tzinfo | None = None) -> int:
        """Consecutive study days ending today, or yesterday when today has no reviews
        yet (a streak is not broken until the day is over)."""
        today, streak = study_date(now, hour, tz), 0
        for back in range(0, 100_000):
            day = today - timedelta(days=back)
            if self.studied_between(boundary(day, hour, tz), boundary(day + timedelta(days=1), hour, tz)):
                streak += 1
            elif back > 0:
                break
        return streak

    def retention_30d(self, now: datetime) -> float | None:
        """Share of scheduled answers to review-state cards in the last 30 days that
        were not Again; ``None`` without such answers."""
        total, passed = self._store._read(
            f"SELECT count(*), sum(rating > 1) FROM reviews WHERE prev_state = {REVIEW}"
            f" AND reviewed_at >= ? AND reviewed_at <= ? AND {ANSWERED} AND {SCHEDULED}",
            (iso(now - timedelta(days=30)), iso(now)))[0]
        return None if not total else passed / total

    def due_forecast(self, now: datetime, days: int, hour: int,
                     tz: tzinfo | None = None) -> list[tuple[date, int]]:
        """Cards falling due on each of the next ``days`` study days; today's count
        includes everything overdue."""
        today, out = study_date(now, hour, tz), []
        for k in range(days):
            end = boundary(today + timedelta(days=k + 1), hour, tz)
            start = "" if k == 0 else iso(boundary(today + timedelta(days=k), hour, tz))
            n = self._store._read(f"SELECT count(*) FROM card_state WHERE state != {NEW} AND due >= ?"
                           f" AND due < ? AND suspended = 0", (start, iso(end)))[0][0]
            out.append((today + timedelta(days=k), n))
        return out

    def next_due(self, after: datetime, card_ids: Iterable[str]) -> datetime | None:
        """Earliest due time after ``after`` among ``card_ids`` (for the drill summary)."""
        wanted = set(card_ids)
        with translated(self._store.path):
            cursor = self._store.conn.execute(f"SELECT card_id, due FROM card_state WHERE state != {NEW}"
                                       " AND due > ? AND suspended = 0 ORDER BY due", (iso(after),))
            return next((parse_iso(due) for card_id, due in cursor if card_id in wanted), None)

    # -- aggregates for quizapp.study.stats (each one SQL statement, index-driven) ------
    def review_counts(self, bounds: list[tuple[datetime, datetime]]) -> list[int]:
        """Answers in each ``[start, end)`` window (windows in time order, disjoint).

        Two statements, both cheap over a million rows: the windows go in as JSON
        and each is a count on the covering index ``reviews(reviewed_at)`` (asking
        for ``rating`` there would read every row of the year); then the rare reset
        rows are read once and taken off the window they fall in."""
        from bisect import bisect_right

        edges = [(iso(lo), iso(hi)) for lo, hi in bounds]
        rows = self._store._read(
            "SELECT w.key, (SELECT count(*) FROM reviews WHERE reviewed_at >= json_extract(w.value, '$[0]')"
            " AND reviewed_at < json_extract(w.value, '$[1]')) FROM json_each(?) AS w ORDER BY w.key",
            (json.dumps(edges),))
        counts = [n for _key, n in rows]
        starts = [lo for lo, _hi in edges]
        for (at,) in self._store._read(f"SELECT reviewed_at FROM reviews WHERE NOT ({ANSWERED})"):
            i = bisect_right(starts, at) - 1
            if i >= 0 and at < edges[i][1]:
                counts[i] -= 1
        return counts

    def retention_by_card(self, since: datetime, until: datetime) -> dict[str, tuple[int, int]]:
        """``{card_id: (answers, passed)}`` for review-state answers in ``[since, until]``
        (one row per card, grouped in SQL; passed = not Again)."""
        rows = self._store._read(
            f"SELECT card_id, count(*), sum(rating > 1) FROM reviews WHERE prev_state = {REVIEW}"
            f" AND reviewed_at >= ? AND reviewed_at <= ? AND {ANSWERED} AND {SCHEDULED} GROUP BY card_id",
            (iso(since), iso(until)))
        return {card_id: (total, passed) for card_id, total, passed in rows}

    def duration_ms_since(self, start: datetime | None = None) -> int:
        """Total answer time (ms) logged since ``start`` (all time when ``None``)."""
        where, params = ("", ()) if start is None else (" AND reviewed_at >= ?", (iso(start),))
        return int(self._store._read(f"SELECT coalesce(sum(duration_ms), 0) FROM reviews WHERE {ANSWERED}{where}",
                              params)[0][0])

    def answers_by_mode(self, since: datetime) -> dict[str, int]:
        """Answers since ``since`` by how they were given (:mod:`quizapp.store.modes`):
        ``{"study": n, "cram": n, "mock": n}``, every mode present."""
        rows = self._store._read(f"SELECT coalesce(mode, 'study'), count(*) FROM reviews WHERE {ANSWERED}"
                                 " AND reviewed_at >= ? GROUP BY 1", (iso(since),))
        return {"study": 0, CRAM: 0, MOCK: 0} | dict(rows)

    def most_lapsed(self, limit: int = 10) -> list[tuple[str, int]]:
        """``(card_id, lapses)`` of the cards forgotten most often, most first."""
        return [tuple(r) for r in self._store._read(
            "SELECT card_id, lapses FROM card_state WHERE lapses > 0"
            " ORDER BY lapses DESC, card_id LIMIT ?", (limit,))]

    def last_outcomes(self, card_ids: Iterable[str]) -> dict[str, bool | None]:
        """Whether each card's latest answer was correct (cards never answered are absent)."""
        rows = self._store._read(
            "SELECT card_id, correct FROM reviews WHERE id IN (SELECT MAX(id) FROM reviews"
            f" WHERE card_id IN (SELECT value FROM json_each(?)) AND {ANSWERED} GROUP BY card_id)",
            (json.dumps(list(card_ids)),))
        return {card_id: None if correct is None else bool(correct) for card_id, correct in rows}
