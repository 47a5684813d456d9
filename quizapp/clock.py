"""Time helpers: UTC storage format and the study-day boundary.

Everything stored is UTC; only the *day boundary* is local. Like Anki, a study
day starts at ``day_starts_at_hour`` local time (4am by default), so a review at
3am still belongs to the previous evening's session. The timezone is injectable
so tests do not depend on the machine's zone.
"""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import overload


def utc_now() -> datetime:
    """The current time as an aware UTC datetime (the default session clock)."""
    return datetime.now(UTC)


def to_utc(moment: datetime) -> datetime:
    """Normalise an aware datetime to ``timezone.utc`` (fsrs insists on that object)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: quizapp stores only timezone-aware times")
    return moment.astimezone(UTC)


def iso(moment: datetime) -> str:
    """Fixed-width UTC ISO-8601 text, so that SQL string comparison orders by time."""
    return to_utc(moment).isoformat(timespec="microseconds")


@overload
def parse_iso(text: str) -> datetime: ...
@overload
def parse_iso(text: None) -> None: ...
@overload
def parse_iso(text: str | None) -> datetime | None: ...
def parse_iso(text: str | None) -> datetime | None:
    """Inverse of :func:`iso` (accepts any ISO-8601 offset, returns UTC)."""
    return None if text is None else to_utc(datetime.fromisoformat(text))


def to_local(moment: datetime, tz: tzinfo | None = None) -> datetime:
    """``moment`` in ``tz``, or in the machine's zone (DST-aware) when ``None``."""
    return to_utc(moment).astimezone(tz) if tz is not None else to_utc(moment).astimezone()


def study_date(moment: datetime, hour: int, tz: tzinfo | None = None) -> date:
    """The study day a moment belongs to: local date after shifting back by ``hour``."""
    return (to_local(moment, tz) - timedelta(hours=hour)).date()


def day_start(moment: datetime, hour: int, tz: tzinfo | None = None) -> datetime:
    """UTC start of the study day containing ``moment`` (the last boundary passed)."""
    return boundary(study_date(moment, hour, tz), hour, tz)


def boundary(day: date, hour: int, tz: tzinfo | None = None) -> datetime:
    """UTC instant at which study day ``day`` begins (``hour`` o'clock local time)."""
    naive = datetime.combine(day, time(hour))
    # A naive datetime's astimezone() uses the system zone with its DST rules.
    return to_utc(naive.replace(tzinfo=tz)) if tz is not None else naive.astimezone(UTC)


def day_end(moment: datetime, hour: int, tz: tzinfo | None = None) -> datetime:
    """When the study day holding ``moment`` ends: the next day's boundary (what
    "due today" means, and how long burying lasts)."""
    return boundary(study_date(moment, hour, tz) + timedelta(days=1), hour, tz)
