"""The mock interview's clock: counts down from the minutes asked for, stands still while paused.

It reads the app's clock (a callable returning an aware datetime), the one a
test moves by hand, so every figure of a mock (time left, time per question)
is exact in tests and nothing here sleeps or ticks: the screen only asks.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime


class MockTimer:
    """``limit_s`` seconds from the moment it is made; :meth:`pause` stops the count."""

    def __init__(self, limit_s: float, clock: Callable[[], datetime]):
        self.limit_s, self.clock = limit_s, clock
        self.started_at = clock()
        self._paused_at: datetime | None = None
        self._paused_s = 0.0

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    def pause(self) -> None:
        if self._paused_at is None:
            self._paused_at = self.clock()

    def resume(self) -> None:
        if self._paused_at is not None:
            self._paused_s += (self.clock() - self._paused_at).total_seconds()
            self._paused_at = None

    def elapsed_s(self) -> float:
        """Seconds counted so far: since the start, less the time spent paused."""
        until = self._paused_at or self.clock()
        return max(0.0, (until - self.started_at).total_seconds() - self._paused_s)

    def remaining_s(self) -> float:
        return max(0.0, self.limit_s - self.elapsed_s())

    @property
    def over(self) -> bool:
        return self.remaining_s() <= 0


def clock_text(seconds: float) -> str:
    """``29:59``, ``1:05:00``: time left as a wall clock shows it (whole seconds, rounded up,
    so the clock reads 0:00 only when the time is really up)."""
    whole = int(-(-seconds // 1))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
