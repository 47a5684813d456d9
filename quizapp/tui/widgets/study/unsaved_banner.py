"""A banner that says answers are waiting for the database, and retries saving them.

Shown by the study screen while :class:`quizapp.study.unsaved.UnsavedAnswers` holds
answers the database refused (busy, read-only, full). It retries with backoff
(0.5 s doubling to 8 s) and hides itself once everything is written.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.reactive import reactive
from textual.widgets import Static

if TYPE_CHECKING:
    from textual.timer import Timer

FIRST_RETRY_S, LAST_RETRY_S = 0.5, 8.0


class UnsavedBanner(Static):
    DEFAULT_CSS = """
    UnsavedBanner {
        display: none;
        height: auto;
        padding: 0 1;
        background: $warning 30%;
        color: $text;
    }
    UnsavedBanner.-waiting { display: block; }
    """

    waiting: reactive[int] = reactive(0)

    def __init__(self, save: Callable[[], int], reason: Callable[[], str | None], **kwargs):
        """``save()`` writes what waits and returns how many still wait; ``reason()`` says why."""
        super().__init__(markup=False, **kwargs)
        self._save, self._reason = save, reason
        self._delay = FIRST_RETRY_S
        self._timer: Timer | None = None

    def kept(self, waiting: int) -> None:
        """An answer was just kept instead of saved: show it and start retrying."""
        self.waiting = waiting
        if self._timer is None and waiting:
            self._delay = FIRST_RETRY_S
            self._timer = self.set_timer(self._delay, self._retry)

    def _retry(self) -> None:
        self._timer = None
        before = self.waiting
        self.waiting = self._save()
        if self.waiting:
            self._delay = min(self._delay * 2, LAST_RETRY_S)
            self._timer = self.set_timer(self._delay, self._retry)
        elif before:
            self.notify(f"Saved {before} waiting answer(s).", title="Saved")

    def watch_waiting(self, waiting: int) -> None:
        self.set_class(bool(waiting), "-waiting")
        if waiting:
            self.update(f"⚠ {waiting} answer(s) not saved yet ({self._reason()}). "
                        "Kept and retried: keep studying.")
