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
  there can be; the earliest such day spreads the pulled-in reviews over the days
  left instead of piling them on the eve, and leaves time to relearn a card that
  is missed. Days are study days, counted as Anki and :meth:`Srs.retrievability`
  count them. A review set past the date before the date was chosen is pulled in
  by the same rule, counted from its last review, where the day's queue is
  decided (:func:`pulled_in_reviews`, read by :func:`~quizapp.study.counts.plan_day`
  and the plan's projection): nothing is written, the answer then schedules it. Those
  whose day has already passed when the date is set are spread over the days left,
  the weakest first (:func:`brought_today`), so the first day is no pile.
- **Pacing** (:func:`paced_new_per_day`): the new cards left are spread over the
  days before the last :data:`SETTLE_DAYS`, so each is introduced early enough
  to be reviewed at least once or twice before the date.

On and after the date nothing here applies: an answer gets its normal FSRS
interval from the memory state it has, so there is no pile of cards due the day
after (each pulled-in card's next review follows from its last answer, as any).

This module sees only fsrs cards, card states and the Settings: :mod:`quizapp.study.srs`
calls it, and :mod:`quizapp.study.plan` builds the learner's plan on top.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from fsrs import Card, Rating, State

from quizapp.clock import boundary, study_date, to_utc
from quizapp.config import Settings, parse_date

if TYPE_CHECKING:
    from fsrs import Scheduler

    from quizapp.study.srs import CardState, Srs

SETTLE_DAYS = 3  # the last study days before the date introduce no new card while the plan keeps pace


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


# The plan is projected this many days ahead at most (quizapp.study.plan): a date set
# further off would get a forecast and a pace that stop short of it.
HORIZON_DAYS = 366


def new_date_refused(day: date, today: date) -> str | None:
    """Why ``day`` cannot be *set* as the interview date (one already past: there is no
    plan to it; one past the horizon: the plan does not reach it), else None; ``quizapp
    plan --date`` and Settings both ask. A stored date that has since passed stays valid
    (home says the day has passed) until it is changed."""
    if day < today:
        return "that day has passed; give the interview date ahead"
    if (day - today).days > HORIZON_DAYS:
        return f"the plan looks {HORIZON_DAYS} days ahead at most; give a date within a year"
    return None


def recall_after(scheduler: Scheduler, card: Card, days: int) -> float:
    """fsrs's predicted recall ``days`` whole days after the card's last review (a reviewed
    card's: the moment is its last review + ``days``, so fsrs counts exactly those days)."""
    assert card.last_review is not None
    return scheduler.get_card_retrievability(card, card.last_review + timedelta(days=days))


def on_target_ratio(scheduler: Scheduler, target: float) -> float:
    """Days / stability up to which fsrs predicts a recall of at least ``target`` (over
    it by a rounding error at most). fsrs's forgetting curve is a function of days /
    stability alone, so a card whose days to the date are within this ratio of its
    stability is on target there: the day's queue leaves such cards out before it reads
    them (:meth:`~quizapp.store.queries.History.review_ids_due_from`). Found on fsrs's
    own curve, by bisection on the stability of a card last reviewed 10,000 days ago."""
    days, low, high = 10_000, 1e-6, 1e12  # recall after `days`: below target at `low`, on it at `high`
    card = Card(card_id=0, state=State.Review, stability=high, difficulty=5.0,
                last_review=datetime(2000, 1, 1, tzinfo=UTC))
    for _ in range(80):
        card.stability = math.sqrt(low * high)
        if recall_after(scheduler, card, days) >= target:
            high = card.stability
        else:
            low = card.stability
    return days / high


def _good_after(scheduler: Scheduler, card: Card, days: int) -> Card:
    """The card after a Good answer ``days`` days after its last review (fsrs's own step;
    fsrs answers on a copy)."""
    assert card.last_review is not None
    return scheduler.review_card(card, Rating.Good, to_utc(card.last_review) + timedelta(days=days))[0]


def pulled_in_days(scheduler: Scheduler, card: Card, days_to_date: int, days_to_due: int,
                   target: float, *, by: int | None = None) -> int | None:
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
    or Easy the day a Hard answer would get instead.

    ``by`` asks only whether the day comes by day ``by`` (``None`` too when it comes
    later): one Good answer on day ``by`` tells, before any bisection. That is what the
    day's queue asks of every card scheduled past the date (:func:`pulled_in_reviews`)."""
    last = days_to_date - 1  # the eve: the latest day before the date
    if days_to_due < days_to_date or last < 1 or recall_after(scheduler, card, days_to_date) >= target:
        return None

    def reaches_target(day: int) -> bool:
        after = _good_after(scheduler, card, day)
        return recall_after(scheduler, after, days_to_date - day) >= target

    low, high = 1, last if by is None else min(by, last)
    if high < last and (high < 1 or not reaches_target(high)):
        return None  # the day comes after `by`
    while low < high:  # the earliest day in [1, high] on target, or `high` (the eve) when none is
        middle = (low + high) // 2
        if reaches_target(middle):
            high = middle
        else:
            low = middle + 1
    return low


def pulled_in_reviews(srs: Srs, states: Iterable[CardState], now: datetime, *,
                      by: date | None = None) -> dict[str, date]:
    """The review cards among ``states`` that the pull-in rule brings before the date
    although their stored due lies on or after it, each with the study day it falls
    due under the plan; with ``by``, only those due by that day. Empty with no date
    ahead of ``now``'s study day.

    :meth:`Srs.review` applies the rule when a card is answered, so a review set past
    the date before the learner chose it (or before the date was moved nearer) would
    keep its normal day. Here the rule holds for those too, lazily, without writing
    (the state cache stays a replay of the log): the card falls due on its last
    review's study day + :func:`pulled_in_days`, counted as if answered then, study
    days as Srs counts them. A card answered since has its pull-in from the answer.
    ``srs`` should not fuzz (its scheduler takes the Good steps; fuzz would draw
    random numbers for intervals nobody uses); a suspended card is left out."""
    interview = srs.interview
    hour, tz = srs.day_starts_at_hour, srs.tz
    today = study_date(now, hour, tz)
    if interview is None or interview.days_left(today) <= 0:
        return {}
    after_date = boundary(interview.day, hour, tz)  # a due from then on: its normal review passes the date
    found = {}
    for state in states:
        card = state.card
        if card is None or card.state != State.Review or state.suspended or card.due < after_date:
            continue
        assert card.last_review is not None  # a review card has been reviewed
        reviewed = min(today, study_date(card.last_review, hour, tz))  # as Srs.elapsed_days counts days
        days = pulled_in_days(srs.scheduler, card, (interview.day - reviewed).days,
                              (study_date(card.due, hour, tz) - reviewed).days, interview.target,
                              by=None if by is None else (by - reviewed).days)
        if days is not None:
            found[state.card_id] = reviewed + timedelta(days=days)
    return found


def brought_today(srs: Srs, states: Mapping[str, CardState], planned: Mapping[str, date], today: date, *,
                  answered: int = 0) -> dict[str, date]:
    """Of the pull-ins ``planned`` (id -> plan day, as :func:`pulled_in_reviews` gives
    them; ``states`` has each card's state), those ``today`` brings, each with its plan
    day: all of those due exactly today, and an even share of the overdue ones (plan day
    passed), the weakest first (lowest predicted recall on the date). ``answered``:
    overdue pull-ins already answered today (:func:`overdue_answered`). The date must be
    ahead of ``today``.

    A date set on a studied collection finds most plan days passed already: brought at
    once they would make its first day a pile. Spread as the new cards are paced
    (:func:`_share`, the days before the last :data:`SETTLE_DAYS`, so a missed card has
    time to be relearned), each day recounted from what is left keeps a steady rate with
    nothing stored; counting today's answers keeps the share from growing as it is studied.
    Each later day than its plan day still reaches the target (:func:`pulled_in_days`)."""
    interview = srs.interview
    assert interview is not None and interview.days_left(today) > 0
    overdue = [cid for cid, day in planned.items() if day < today]
    share = _share(len(overdue) + answered, interview.days_left(today)) - answered
    on = boundary(interview.day, srs.day_starts_at_hour, srs.tz)
    weakest = sorted(overdue, key=lambda cid: (srs.retrievability(states[cid], on), cid))[:max(0, share)]
    return {cid: planned[cid] for cid in weakest} | {cid: day for cid, day in planned.items() if day == today}


def overdue_answered(srs: Srs, states_before: Iterable[CardState], now: datetime) -> int:
    """How many of the review cards answered today were overdue pull-ins at the start of
    the day, from each one's state before its first answer today (``states_before``)."""
    yesterday = study_date(now, srs.day_starts_at_hour, srs.tz) - timedelta(days=1)
    return len(pulled_in_reviews(srs, states_before, now, by=yesterday))


def _share(left: int, days_left: int) -> int:
    """Today's even share of ``left`` things to bring in before the last :data:`SETTLE_DAYS`
    of the ``days_left`` (all of them once those have come)."""
    return math.ceil(left / max(1, days_left - SETTLE_DAYS))


def paced_new_per_day(unseen: int, days_left: int, settings: Settings) -> int:
    """New cards to introduce today so the ``unseen`` ones left at the start of the
    day are all in before the last :data:`SETTLE_DAYS` days (all of them once those
    have come), within the learner's ``new_per_day`` limit; the learner's own
    ``plan_new_per_day``, when set, instead (within that limit too). ``days_left``
    must be positive (the date is ahead)."""
    if settings.plan_new_per_day:
        return min(settings.new_per_day, settings.plan_new_per_day)
    return min(settings.new_per_day, _share(unseen, days_left))


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
