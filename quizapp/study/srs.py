"""Scheduling: a thin wrapper over the ``fsrs`` package (never a hand-written FSRS).

:class:`CardState` is what the store caches per card: the fsrs ``Card`` plus the
counters and user flags fsrs does not track (reps, lapses, suspended, buried,
flag). :class:`Srs` turns Settings into an fsrs ``Scheduler`` and applies one
rating to a state, with the interval rules Anki lays over FSRS (each named where
it is applied; tests/peer checks the result against Anki itself). A card that was
never reviewed has ``card is None`` (state 0, "new"): fsrs 6 has no New state, a
new card is Learning step 0. With an interview date ahead, an answer's due time
then follows the plan's pull-in rule (:mod:`quizapp.study.interview`); without
one, nothing changes.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from fsrs import Card, Rating, Scheduler, State

from quizapp.clock import study_date, to_utc
from quizapp.config import Settings
from quizapp.study.interview import InterviewDay, pulled_in_days

NEW = 0  # state code for a never-reviewed card (fsrs States are 1-3)
LEARNING, REVIEW, RELEARNING = int(State.Learning), int(State.Review), int(State.Relearning)
RATINGS = (Rating.Again, Rating.Hard, Rating.Good, Rating.Easy)
AGAIN, HARD, GOOD, EASY = (int(r) for r in RATINGS)  # 1-4, as stored in the review log
RATING_NAMES = {AGAIN: "Again", HARD: "Hard", GOOD: "Good", EASY: "Easy"}


@dataclass(frozen=True)
class CardState:
    """One card's scheduling state (cache row) plus user flags."""

    card_id: str
    card: Card | None = None
    reps: int = 0
    lapses: int = 0
    suspended: bool = False
    buried_until: datetime | None = None
    flag: int = 0

    @property
    def state(self) -> int:
        """0 new, 1 learning, 2 review, 3 relearning."""
        return NEW if self.card is None else int(self.card.state)

    @property
    def due(self) -> datetime | None:
        return None if self.card is None else self.card.due

    def sched_json(self) -> str | None:
        """The scheduling part as JSON (fsrs card + counters): what undo restores."""
        if self.card is None:
            return None
        return json.dumps({"card": self.card.to_dict(), "reps": self.reps, "lapses": self.lapses})

    def with_sched_json(self, text: str | None) -> CardState:
        """This state with its scheduling part replaced by :meth:`sched_json` output."""
        if text is None:
            return replace(self, card=None, reps=0, lapses=0)
        data = json.loads(text)
        return replace(self, card=Card.from_dict(data["card"]), reps=data["reps"], lapses=data["lapses"])


class Srs:
    """FSRS scheduling configured from :class:`Settings`.

    Fuzzing spreads reviews so cards learnt together do not stay clumped; tests
    switch it off for exact intervals. Previews never fuzz (as Anki's buttons).
    The FSRS weights are ``parameters`` when given, else the learner's fitted
    ``settings.fsrs_parameters`` (``quizapp optimize --apply``), else fsrs's defaults.
    Study days are local to ``tz`` (the machine's zone when ``None``).
    """

    def __init__(self, settings: Settings, *, fuzzing: bool = True,
                 parameters: Sequence[float] | None = None, tz: tzinfo | None = None):
        self.day_starts_at_hour, self.tz = settings.day_starts_at_hour, tz
        self.interview = InterviewDay.of(settings)
        if parameters is None:
            parameters = settings.fsrs_parameters
        kwargs = {} if parameters is None else {"parameters": tuple(parameters)}
        common: dict[str, Any] = dict(
            desired_retention=settings.desired_retention,
            learning_steps=tuple(timedelta(minutes=m) for m in settings.learning_steps_minutes),
            relearning_steps=tuple(timedelta(minutes=m) for m in settings.relearning_steps_minutes),
            **kwargs,
        )
        self.scheduler = Scheduler(enable_fuzzing=fuzzing, **common)
        self._exact = self.scheduler if not fuzzing else Scheduler(enable_fuzzing=False, **common)

    def review(self, state: CardState, rating: int, now: datetime,
               duration_ms: int | None = None, *, exact: bool = False,
               due: datetime | None = None) -> CardState:
        """The state after rating ``state`` at ``now`` (``exact`` disables fuzz).

        Stability and difficulty are fsrs's; a passing answer that leaves a review
        card then gets at least the interval Anki's rules allow (:meth:`_least_days`),
        fuzzed or not, so the buttons (:meth:`preview`) show what answering saves.
        A replay that knows the due time the answer got (``due``, from the log)
        passes it and skips working the interval out again."""
        card = self._next_card(state, rating, now, duration_ms, exact=exact, due=due)
        if due is None:
            card = self._toward_interview(state, rating, card, now)
        lapsed = state.state == REVIEW and rating == Rating.Again
        return replace(state, card=card, reps=state.reps + 1, lapses=state.lapses + lapsed)

    def _next_card(self, state: CardState, rating: int, now: datetime,
                   duration_ms: int | None = None, *, exact: bool = False,
                   due: datetime | None = None) -> Card:
        """The fsrs card :meth:`review` puts in the state after the answer."""
        scheduler = self._exact if exact else self.scheduler
        card = self._fsrs_review(scheduler, state, rating, now, duration_ms)
        if due is not None:
            card.due = to_utc(due)
        elif card.state == State.Review and rating != AGAIN:
            days = max((card.due - to_utc(now)).days, self._least_days(state, rating, now))
            card.due = to_utc(now) + timedelta(days=min(days, scheduler.maximum_interval))
        # Anki keeps S to 4 and D to 3 decimals on the card (its CardData) and the
        # next answer starts from those: without this S drifts from Anki's (0.06 %
        # in a year of reviews), enough to move an interval by a day now and then.
        assert card.stability is not None and card.difficulty is not None  # fsrs sets both on an answer
        card.stability, card.difficulty = round(card.stability, 4), round(card.difficulty, 3)
        return card

    def _fsrs_review(self, scheduler: Scheduler, state: CardState, rating: int, now: datetime,
                     duration_ms: int | None = None) -> Card:
        """fsrs's own answer: the new memory state and its interval, nothing added."""
        card = self._as_fsrs_counts(state, now) if state.card is not None else Card(card_id=0, due=to_utc(now))
        return scheduler.review_card(card, Rating(rating), to_utc(now), duration_ms)[0]

    def _least_days(self, state: CardState, rating: int, now: datetime) -> int:
        """The shortest interval Anki gives a passing ``rating`` that makes a review card.

        A review card (Anki's review.rs, ``passing_fsrs_review_intervals``): Hard at
        least 1 day, Good at least Hard's interval + 1, Easy at least Good's + 1, so
        the three never show the same number of days. A learning or relearning card
        (learning.rs and relearning.rs, ``answer_easy``): Easy at least FSRS's Good
        interval + 1 day, even where Good would be one more step. The button below
        is taken unfuzzed, as on the buttons."""
        if state.state == REVIEW:
            if rating == HARD:
                return 1
            below = self._next_card(state, rating - 1, now, exact=True)
            return (below.due - to_utc(now)).days + 1
        if rating == EASY:
            good = self._fsrs_review(self._exact, state, GOOD, now)
            assert good.stability is not None  # fsrs sets it on an answer
            return self._exact._next_interval(stability=good.stability) + 1  # fsrs's days for that S
        return 1

    def elapsed_days(self, state: CardState, now: datetime) -> int | None:
        """Study days crossed since the card's last review (``None`` if never reviewed)."""
        last = None if state.card is None else state.card.last_review
        if last is None:
            return None
        hour, tz = self.day_starts_at_hour, self.tz
        return max(0, (study_date(now, hour, tz) - study_date(last, hour, tz)).days)

    def _as_fsrs_counts(self, state: CardState, now: datetime) -> Card:
        """A copy of the card that fsrs's whole-24-hour count reads as :meth:`elapsed_days`
        (``state`` must have been reviewed)."""
        if state.card is None:
            raise ValueError(f"{state.card_id} was never reviewed: it has no fsrs card")
        days = self.elapsed_days(state, now)
        card = copy(state.card)
        if days is not None:
            card.last_review = to_utc(now) - timedelta(days=days)
        return card

    def retrievability(self, state: CardState, now: datetime) -> float:
        """FSRS's predicted recall at ``now``; 0 for a card never reviewed."""
        if state.card is None or state.card.last_review is None:
            return 0.0
        return self.scheduler.get_card_retrievability(self._as_fsrs_counts(state, now), to_utc(now))

    def preview(self, state: CardState, now: datetime) -> dict[Rating, datetime]:
        """Due time for each rating, for the interval shown on the rating buttons."""
        return {r: self._toward_interview(state, r, self._next_card(state, r, now, exact=True), now).due
                for r in RATINGS}

    def _toward_interview(self, state: CardState, rating: int, card: Card, now: datetime) -> Card:
        """``card`` (``state`` after ``rating``) with its review pulled in before the
        interview date where :func:`~quizapp.study.interview.pulled_in_days` says so;
        as it is with no date ahead or when it is no review card. A pulled-in Good or
        Easy on a review card comes back on Hard's day (pulled in or not), so the
        buttons never go down from Hard to Easy and the stronger answers arrive above
        the target: margin for a memory weaker than FSRS predicts."""
        plan = self.interview
        if plan is None or card.state != State.Review:
            return card
        today = study_date(now, self.day_starts_at_hour, self.tz)
        days = pulled_in_days(self._exact, card, plan.days_left(today), self._days_until(card.due, today),
                              plan.target)
        if days is not None and state.state == REVIEW and rating in (GOOD, EASY):
            hard = self._toward_interview(state, HARD, self._next_card(state, HARD, now, exact=True), now)
            days = self._days_until(hard.due, today)
        if days is not None:
            card.due = to_utc(now) + timedelta(days=days)
        return card

    def _days_until(self, moment: datetime, today: date) -> int:
        return (study_date(moment, self.day_starts_at_hour, self.tz) - today).days


def format_interval(delta: timedelta) -> str:
    """Anki-style short interval: ``<1m``, ``10m``, ``1.5h``, ``3d``, ``2.1mo``, ``1.2y``."""
    seconds = delta.total_seconds()
    if seconds < 60:
        return "<1m"
    if seconds < 3600:
        return f"{round(seconds / 60)}m"
    if seconds < 86400:
        return f"{_short(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{_short(days / 30)}mo"
    return f"{_short(days / 365)}y"


def _short(value: float) -> str:
    """One decimal, without a trailing ``.0`` (``2.0`` -> ``2``, ``2.14`` -> ``2.1``)."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text
