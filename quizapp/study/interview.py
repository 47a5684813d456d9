"""The interview date and the two rules that plan toward it, on FSRS's own model.

No spaced-repetition scheduler plans for a deadline (fsrs4anki-helper #456 is
still open); Anki's advice is to raise desired retention by hand, which makes
*every* interval shorter for good. quizapp keeps normal FSRS and changes two
things only while the date is ahead (``settings.interview_date``):

- **Pull-in** (:func:`pulled_in_days`, applied by :meth:`Srs.review`): a review
  whose normal interval would reach past the date, leaving the card's predicted
  recall on the day below the target (``settings.plan_target``, 0.95), is moved
  before the date, to the earliest day from which one review, answered Good,
  brings the recall on the day to the target (after Good or Easy: the day Hard
  would get, see :func:`pulled_in_days`). That is one extra review, the fewest
  there can be; the
  earliest such day spreads the pulled-in reviews over the days left instead of
  piling them on the eve, and leaves time to relearn a card that is missed. Days
  are study days, counted as Anki and :meth:`Srs.retrievability` count them.
- **Pacing** (:func:`paced_new_per_day`): the new cards left are spread over the
  days before the last :data:`SETTLE_DAYS`, so each is introduced early enough
  to be reviewed at least once or twice before the date.

On and after the date nothing here applies: an answer gets its normal FSRS
interval from the memory state it has, so there is no pile of cards due the day
after (each pulled-in card's next review follows from its last answer, as any).

This module sees only fsrs cards and the Settings: :mod:`quizapp.study.srs`
calls it, and :mod:`quizapp.study.plan` builds the learner's plan on top.
"""
from __future__ import annotations

import math
from copy import copy
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from fsrs import Card, Rating

from quizapp.config import Settings, parse_date

if TYPE_CHECKING:
    from fsrs import Scheduler

SETTLE_DAYS = 3  # the last study days before the date introduce no new card while the plan keeps pace
_ORIGIN = datetime(2000, 1, 1, tzinfo=UTC)  # any instant: only whole days after it are compared


@dataclass(frozen=True)
class InterviewDay:
    """The date studied toward and the recall wanted on it."""

    day: date
    target: float

    @classmethod
    def of(cls, settings: Settings) -> InterviewDay | None:
        day = parse_date(settings.interview_date)
        return None if day is None else cls(day, settings.plan_target)

    def days_left(self, today: date) -> int:
        """Study days from ``today`` to the date: 0 on the day, negative after it."""
        return (self.day - today).days


def recall_after(scheduler: Scheduler, card: Card, days: int) -> float:
    """fsrs's predicted recall ``days`` whole days after the card's last review."""
    moved = copy(card)
    moved.last_review = _ORIGIN
    return scheduler.get_card_retrievability(moved, _ORIGIN + timedelta(days=days))


def _good_after(scheduler: Scheduler, card: Card, days: int) -> Card:
    """The card after a Good answer ``days`` days after its last review (fsrs's own step)."""
    moved = copy(card)
    moved.last_review = _ORIGIN
    return scheduler.review_card(moved, Rating.Good, _ORIGIN + timedelta(days=days))[0]


def pulled_in_days(scheduler: Scheduler, card: Card, days_to_date: int, days_to_due: int,
                   target: float) -> int | None:
    """The days from today (the answer's study day) to review ``card`` (just answered, a
    review card) instead of its normal ``days_to_due``; ``None`` to keep the normal one.

    Kept when the normal review comes before the date, when the recall on the day is on
    target without it, or when no day is left between today and the date. Otherwise
    the earliest day from which one Good answer brings the card to the target on the
    day, or the eve of the date when no day does. Later days give more (a longer gap
    grows stability more, and less time is left to forget), so the earliest is found
    by bisection.

    A stronger card reaches the target from an earlier day, so on its own this would
    bring an Easy back sooner than a Hard: :meth:`Srs.review` gives a pulled-in Good
    or Easy the day a Hard answer would get instead."""
    last = days_to_date - 1  # the eve: the latest day before the date
    if days_to_due < days_to_date or last < 1 or recall_after(scheduler, card, days_to_date) >= target:
        return None
    low, high = 1, last
    while low < high:  # the earliest day in [1, last] on target, or `last` when none is
        middle = (low + high) // 2
        after = _good_after(scheduler, card, middle)
        if recall_after(scheduler, after, days_to_date - middle) >= target:
            high = middle
        else:
            low = middle + 1
    return low


def paced_new_per_day(unseen: int, days_left: int, settings: Settings) -> int:
    """New cards to introduce today so the ``unseen`` ones left at the start of the
    day are all in before the last :data:`SETTLE_DAYS` days (all of them once those
    have come), within the learner's ``new_per_day`` limit; the learner's own
    ``plan_new_per_day``, when set, instead (within that limit too). ``days_left``
    must be positive (the date is ahead)."""
    if settings.plan_new_per_day:
        return min(settings.new_per_day, settings.plan_new_per_day)
    days = max(1, days_left - SETTLE_DAYS)
    return min(settings.new_per_day, math.ceil(unseen / days))


def paced_new_left(settings: Settings, unseen: int, introduced: int, today: date) -> int | None:
    """What is left today of the paced new cards for a selection of cards with ``unseen``
    new cards left and ``introduced`` seen first today; ``None`` with no date ahead
    (the usual limits alone apply)."""
    interview = InterviewDay.of(settings)
    left = None if interview is None else interview.days_left(today)
    if left is None or left <= 0:
        return None
    return max(0, paced_new_per_day(unseen + introduced, left, settings) - introduced)


def in_final_days(settings: Settings, today: date) -> bool:
    """Whether ``today`` is one of the last :data:`SETTLE_DAYS` study days before the date,
    when the day's reviews come in order of what each adds to recall on the day."""
    interview = InterviewDay.of(settings)
    return interview is not None and 0 < interview.days_left(today) <= SETTLE_DAYS
