"""The learner's plan to the interview date: what ``quizapp plan``, home and stats show.

:func:`make_plan` projects the plan forward from the cards' states as they are: one
session a day until the date, each card answered Good when it falls due (the pull-in
rule of :mod:`quizapp.study.interview` applies, as :class:`Srs` applies it to real
answers and the day's queue to reviews set past the date before it was chosen) and the
new cards introduced at the paced number a day. What the projection counts is the
plan's review forecast; the states it ends with give readiness on the date "if you
keep the plan" (it assumes each review recalled, which at the plan's recall of 0.95
and more is what nearly all of them are). Readiness now is the
cards' predicted recall today (:mod:`quizapp.study.readiness`).

:func:`make_plan` is pure over what the caller fetched (``states``, the new cards
introduced today; :func:`plan_from_store` fetches them); nothing here imports
Textual. Projecting 700 cards 60 days ahead replays a few thousand answers through
fsrs, a fraction of a second: screens call it from a thread worker.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from quizapp.clock import boundary, study_date
from quizapp.config import Settings
from quizapp.study.counts import _new_in_order  # the queue's own order, so the plan foresees it
from quizapp.study.interview import (
    HORIZON_DAYS,
    InterviewDay,
    brought_today,
    paced_new_per_day,
    pulled_in_reviews,
)
from quizapp.study.readiness import Readiness, TopicCard, readiness
from quizapp.study.srs import AGAIN, GOOD, LEARNING, RELEARNING, CardState, Srs

if TYPE_CHECKING:
    from quizapp.store.database import Store

TOPIC_LIMIT = 12  # topics in "study next" lists on screen; the JSON has them all


@dataclass(frozen=True)
class Plan:
    """The plan on one day: readiness now and on the date, the pace, the forecast."""

    day: date  # the interview day
    days_left: int  # study days from today to it (0: the day itself)
    now: Readiness
    on_date: Readiness  # if the plan is kept
    new_per_day: int  # today's paced number (or the learner's own)
    reviews_per_day: list[tuple[date, int]]  # today until the eve
    new_left_on_date: int  # cards the pace leaves new on the day (the learner's limit is too low)

    def by_topic(self) -> list[dict[str, Any]]:
        """Every deck and tag, in "study next" order (:func:`topic_rows`)."""
        return topic_rows(self.now, self.on_date)

    def to_json(self) -> dict[str, Any]:
        """The ``quizapp plan --json`` object (keys may be added, never removed)."""
        return {
            "interview_date": self.day.isoformat(),
            "days_left": self.days_left,
            "readiness_now": self.now.overall,
            "readiness_on_date": self.on_date.overall,
            "new_per_day": self.new_per_day,
            "reviews_per_day": [{"date": day.isoformat(), "count": n} for day, n in self.reviews_per_day],
            "by_topic": self.by_topic(),
            "new_left_on_date": self.new_left_on_date,
        }


def topic_rows(now: Readiness, on_date: Readiness | None) -> list[dict[str, Any]]:
    """Every deck (``deck:NAME``) and tag (``tag:NAME``) with its readiness now and on the
    date (``None`` without a date), in "study next" order: weakest now first; among
    equals, the one the plan leaves weakest on the date, then the bigger one (more
    questions at stake), then the name. A new learner's topics are all at 0 % now: by
    name alone "study next" read the alphabet, a one-card tag first."""
    later = {} if on_date is None else {
        (kind, t.topic): t.value for kind, group in (("deck", on_date.by_deck), ("tag", on_date.by_tag))
        for t in group}
    rows = [{"topic": f"{kind}:{t.topic}", "now": t.value,
             "on_date": None if on_date is None else later.get((kind, t.topic), 0.0), "cards": t.cards}
            for kind, group in (("deck", now.by_deck), ("tag", now.by_tag)) for t in group]
    return sorted(rows, key=lambda row: (row["now"], row["on_date"] or 0.0, -row["cards"], row["topic"]))


def days_left(settings: Settings, now: datetime, tz: tzinfo | None = None) -> int | None:
    """Study days to the interview date (0 on the day, negative after); ``None`` with no date."""
    interview = InterviewDay.of(settings)
    return None if interview is None else interview.days_left(study_date(now, settings.day_starts_at_hour, tz))


def make_plan(cards: Iterable[TopicCard], states: Mapping[str, CardState], settings: Settings, now: datetime,
              introduced_today: int = 0, tz: tzinfo | None = None, *, overdue_answered: int = 0) -> Plan | None:
    """The plan from ``states`` (each card's; a missing one is new) at ``now``, with
    ``introduced_today`` new cards already seen today and ``overdue_answered`` overdue
    pull-ins answered today; ``None`` with no interview date.
    On and after the date there is nothing left to project: readiness on the date is
    then readiness on that day, and new cards come at the learner's own limit."""
    interview = InterviewDay.of(settings)
    if interview is None:
        return None
    unique = list({card.id: card for card in cards}.values())
    srs, hour = Srs(settings, fuzzing=False, tz=tz), settings.day_starts_at_hour
    left = interview.days_left(study_date(now, hour, tz))
    unseen: dict[str, list[str]] = {}  # deck -> its new cards, in deck order
    for card in unique:
        if _is_new(states.get(card.id)):
            unseen.setdefault(card.deck, []).append(card.id)
    count = sum(map(len, unseen.values()))
    pace = paced_new_per_day(count + introduced_today, left, settings) if left > 0 else settings.new_per_day
    own = {d.deck: d.new_per_day for d in settings.deck_limits if d.new_per_day is not None}
    projected, forecast = dict(states), []
    # Reviews set past the date before it was chosen come on the day the pull-in rule
    # gives them, those already overdue spread, as the day's queue brings them
    # (quizapp.study.counts.plan_day); until answered a card's state is the one it had.
    planned = pulled_in_reviews(srs, states.values(), now)
    # HORIZON_DAYS at most: the date can be set no further (interview.new_date_refused), and
    # one typed further off by hand gets a year's forecast and readiness on the day as the
    # states of a year on predict it (a year 9999 would otherwise keep a worker busy for hours).
    for k in range(max(0, min(left, HORIZON_DAYS))):
        moment = now + timedelta(days=k)
        day = study_date(moment, hour, tz)
        end = boundary(day + timedelta(days=1), hour, tz)
        brought = brought_today(srs, states, planned, day, answered=overdue_answered if k == 0 else 0)
        due = [cid for cid, s in projected.items() if s.due is not None and not s.suspended
               and (s.due < end or cid in brought)]
        for card_id in due:
            planned.pop(card_id, None)
            projected[card_id] = _learnt(srs, projected[card_id], moment)
        top = max(0, (pace - introduced_today) if k == 0 else paced_new_per_day(count, left - k, settings))
        # The day's new cards as its queue picks them (new_card_order, each deck's own limit).
        picked = set(_new_in_order(unseen, {deck: own.get(deck, top) for deck in unseen}, top,
                                   settings.new_card_order, day, Counter()))
        for card_id in picked:
            projected[card_id] = _learnt(srs, CardState(card_id), moment)
        unseen = {deck: [cid for cid in ids if cid not in picked] for deck, ids in unseen.items()}
        count -= len(picked)
        forecast.append((day, len(due)))
    on = boundary(interview.day, hour, tz)
    return Plan(interview.day, left, readiness(unique, states, srs, now), readiness(unique, projected, srs, on),
                pace, forecast, count)


def _is_new(state: CardState | None) -> bool:
    """Never studied and free to be introduced (a suspended new card is not)."""
    return state is None or (state.card is None and not state.suspended)


def _learnt(srs: Srs, state: CardState, moment: datetime) -> CardState:
    """``state`` answered Good at ``moment``, and again at each learning step that day,
    until it is a review card (what one session does with a card it shows)."""
    state = srs.review(state, GOOD, moment, exact=True)
    while state.state in (LEARNING, RELEARNING) and state.due is not None:
        state = srs.review(state, GOOD, max(moment, state.due), exact=True)
    return state


def by_gain_on_date(card_ids: Iterable[str], states: Mapping[str, CardState], srs: Srs,
                    now: datetime) -> list[str]:
    """Review cards in order of the recall on the interview day each review adds, per
    answer it costs, the most first (the order of the last days, so a session cut short
    has spent itself where it counts). The expected gain weighs a Good and an Again by
    the card's recall now; a miss costs its relearning steps too. Ties keep the order given."""
    interview = srs.interview
    if interview is None:
        return list(card_ids)
    on = boundary(interview.day, srs.day_starts_at_hour, srs.tz)
    steps = len(srs.scheduler.relearning_steps)

    def gain(card_id: str) -> float:
        state = states[card_id]
        recall = srs.retrievability(state, now)
        passed = srs.retrievability(srs.review(state, GOOD, now, exact=True), on)
        missed = srs.retrievability(srs.review(state, AGAIN, now, exact=True), on)
        added = recall * passed + (1 - recall) * missed - srs.retrievability(state, on)
        return added / (1 + (1 - recall) * steps)

    return sorted(card_ids, key=gain, reverse=True)


def plan_from_store(store: Store, cards: Iterable[TopicCard], settings: Settings, now: datetime,
                    tz: tzinfo | None = None) -> Plan | None:
    """:func:`make_plan` over the store's states and today's new cards."""
    from quizapp.study.counts import Today, overdue_answered_today

    introduced = Today.of(store, settings, now, tz).new_introduced
    answered = overdue_answered_today(store, Srs(settings, fuzzing=False, tz=tz), now)
    return make_plan(cards, store.card_states(), settings, now, introduced, tz, overdue_answered=answered)


def share(value: float) -> str:
    """A readiness as ``71 %``."""
    return f"{round(value * 100)} %"


def countdown_text(plan: Plan) -> str:
    """The one line home shows: ``Interview in 12 days · ready 71 % → 93 % if you keep the plan``."""
    if plan.days_left < 0:
        return (f"Interview day {plan.day.isoformat()} has passed · ready {share(plan.now.overall)}"
                " · set the next with `quizapp plan --date`")
    if plan.days_left == 0:
        return f"Interview today · ready {share(plan.now.overall)}"
    when = "tomorrow" if plan.days_left == 1 else f"in {plan.days_left} days"
    return (f"Interview {when} · ready {share(plan.now.overall)} → {share(plan.on_date.overall)}"
            " if you keep the plan")
