"""A fixed start time and a hand-driven clock for scheduling tests."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)  # noon UTC; tests use UTC as the local zone


class Clock:
    """A settable clock: ``clock()`` is now, ``clock.advance(minutes=...)`` moves on."""

    def __init__(self, now: datetime = T0):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw) -> datetime:
        self.now += timedelta(**kw)
        return self.now
