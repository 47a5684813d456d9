"""Everything ``quizapp stats`` and the stats screen show, computed in one place.

The CLI prints it (or its JSON) and :mod:`quizapp.tui.stats_screen` draws it, so
both always agree. Days are *study* days (``settings.day_starts_at_hour``, like
Anki), and every count is an SQL aggregate: the review log may hold a million
rows, and Python only ever loops over days, decks or cards, never over reviews.
The result is plain JSON-ready data (dates as ``YYYY-MM-DD`` text) and only adds
keys to :func:`quizapp.study.counts.study_stats`, whose keys are a contract. With
an interview date, ``"plan"`` holds the plan (``quizapp plan --json``'s object).
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo
from itertools import pairwise

from quizapp.clock import boundary, day_start, study_date
from quizapp.config import Settings
from quizapp.study.counts import study_stats

REVIEW_DAYS = 30  # bars in "reviews per day"
FORECAST_DAYS = 30
HEATMAP_DAYS = 365
RETENTION_DAYS = 30
TOP_LAPSES = 10
SPARK = "▁▂▃▄▅▆▇█"


def daily_reviews(store, now: datetime, days: int, hour: int,
                  tz: tzinfo | None = None) -> list[tuple[date, int]]:
    """``(study day, answers)`` for the ``days`` study days ending today, oldest first."""
    today = study_date(now, hour, tz)
    first = today - timedelta(days=days - 1)
    edges = [boundary(first + timedelta(days=k), hour, tz) for k in range(days + 1)]
    counts = store.history.review_counts(list(pairwise(edges)))
    return [(first + timedelta(days=k), n) for k, n in enumerate(counts)]


def retention_by(store, cards, now: datetime, attribute: str) -> dict[str, float | None]:
    """True retention (review-state answers not rated Again, last 30 days) grouped by a
    card attribute (``"deck"`` or ``"kind"``); ``None`` for a group without such answers.
    Answers to cards no longer in any deck are left out: they have no deck or kind."""
    per_card = store.history.retention_by_card(now - timedelta(days=RETENTION_DAYS), now)
    sums: dict[str, list[int]] = {}
    for card in {card.id: card for card in cards}.values():
        total, passed = per_card.get(card.id, (0, 0))
        group = sums.setdefault(getattr(card, attribute), [0, 0])
        group[0] += total
        group[1] += passed
    return {name: (passed / total if total else None) for name, (total, passed) in sorted(sums.items())}


def time_spent_s(store, now: datetime, hour: int, tz: tzinfo | None = None) -> dict[str, float]:
    """Answer time in seconds: this study day, the last 7 study days, all time."""
    today = study_date(now, hour, tz)
    week_start = boundary(today - timedelta(days=6), hour, tz)
    return {
        "today": store.history.duration_ms_since(day_start(now, hour, tz)) / 1000,
        "week": store.history.duration_ms_since(week_start) / 1000,
        "total": store.history.duration_ms_since(None) / 1000,
    }


def full_stats(store, cards, settings: Settings, now: datetime, tz: tzinfo | None = None) -> dict:
    """The whole ``quizapp stats --json`` object: :func:`study_stats` plus the series."""
    hour = settings.day_starts_at_hour
    result = study_stats(store, cards, settings, now, tz)
    year = daily_reviews(store, now, HEATMAP_DAYS, hour, tz)  # the last 30 days are its tail
    result.update({
        "reviews_per_day": _series(year[-REVIEW_DAYS:], "count"),
        "forecast": _series(store.history.due_forecast(now, FORECAST_DAYS, hour, tz), "due"),
        "retention_by_deck": retention_by(store, cards, now, "deck"),
        "retention_by_kind": retention_by(store, cards, now, "kind"),
        "heatmap": _series(year, "count"),
        "time_spent_s": time_spent_s(store, now, hour, tz),
        "most_lapses": [{"id": cid, "lapses": n} for cid, n in store.history.most_lapsed(TOP_LAPSES)],
        # Mock and cram answers told apart from studying (quizapp.store.modes), last 30 study days.
        "answers_30d_by_mode": store.history.answers_by_mode(boundary(study_date(now, hour, tz)
                                                                       - timedelta(days=REVIEW_DAYS - 1), hour, tz)),
        "plan": _plan(store, cards, settings, now, tz),
    })
    return result


def _plan(store, cards, settings: Settings, now: datetime, tz: tzinfo | None) -> dict | None:
    """The interview plan (``quizapp plan --json``'s object), ``None`` with no date."""
    from quizapp.study.plan import plan_from_store

    plan = plan_from_store(store, cards, settings, now, tz)
    return None if plan is None else plan.to_json()


def _series(pairs, name: str) -> list[dict]:
    return [{"date": day.isoformat(), name: n} for day, n in pairs]


def sparkline(values: list[int]) -> str:
    """One block character per value, scaled to the largest (all low when all zero)."""
    top = max(values, default=0)
    return "".join(SPARK[0] if not top else SPARK[round(v / top * (len(SPARK) - 1))] for v in values)


def readiness_bar(now: float, on_date: float, width: int = 20) -> str:
    """Readiness now and on the date as one bar: ``█`` up to now, ``▒`` what the plan
    adds by the date, ``·`` the rest (``████▒▒▒▒▒▒··········`` for 20 % → 50 %)."""
    have = round(now * width)
    more = max(0, round(on_date * width) - have)
    return "█" * have + "▒" * more + "·" * (width - have - more)


def format_duration(seconds: float) -> str:
    """``42s``, ``12m 05s``, ``3h 05m``: short enough for a header line."""
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m {seconds % 60:02d}s"
    return f"{seconds // 3600}h {seconds % 3600 // 60:02d}m"


def streak_text(days: int) -> str:
    """``12-day streak``; with none, an invitation rather than "0-day streak"."""
    return f"{days}-day streak" if days else "start a streak today"


def percent(value: float | None) -> str:
    """A retention share as ``91.5%``, or ``–`` when there is nothing to measure."""
    return "–" if value is None else f"{value:.1%}"
