"""Today's queue after every daily limit: the one home of the limit rules.

:func:`plan_day` says which cards today brings for a selection of cards: the home
screen shows its counts per deck, ``quizapp stats`` its totals, and the study
session studies exactly those cards, so the deck rows on home add up to what
"Study all" gives. Counting never builds a session.

Limits work as Anki's v3 scheduler with one preset per deck: a deck's own limit
(``deck_limits``) and the top limit (``new_per_day`` / ``reviews_per_day``, for
all decks together) both apply, and what was done today counts against both.
Learning cards have no limit. Reviews are taken earliest due first, each deck up
to its own limit, then across decks up to the top limit; with an interview date
ahead they include the reviews the plan pulls in although stored past the date
(:func:`pulled_in_today`), due on the day the plan gives them (those already
overdue spread over the days left). New cards are taken in
the ``new_card_order``: "mixed" interleaves the decks one card each in turn
(each deck in its own order; a deck's turn counts the new cards it brought
earlier in the day, so a card studied takes one off its own deck's row and
moves no other), "deck" takes deck after deck, "random" shuffles them with a
key per card and study day, so a restart (or a card studied) leaves the order
of the others as it was. A deck studied on its own is held by its own
limit and the top one only: it may give more than its row on home, where the
top limit was shared out among the decks.
"""
from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from itertools import chain, islice
from typing import TYPE_CHECKING, Any, Protocol

from quizapp.clock import boundary, day_end, day_start, study_date
from quizapp.config import Settings
from quizapp.study.interview import (
    InterviewDay,
    brought_today,
    on_target_ratio,
    overdue_answered,
    paced_new_left,
    pulled_in_reviews,
)
from quizapp.study.srs import NEW, REVIEW, Srs

if TYPE_CHECKING:
    from quizapp.store.database import Store


class StudyCard(Protocol):
    """What the counts and the study queue read of a card (every content card has it)."""

    @property
    def id(self) -> str: ...

    @property
    def deck(self) -> str: ...


@dataclass(frozen=True)
class Today:
    """The current study day's bounds and what is left of its top limits."""

    start: datetime
    end: datetime
    reviews_left: int
    new_left: int
    new_introduced: int  # new cards seen for the first time since ``start``
    counted: tuple[tuple[str, int], ...] = ()  # (card id, state before) of each answer the limits count

    @classmethod
    def of(cls, store: Store, settings: Settings, now: datetime, tz: tzinfo | None = None) -> Today:
        hour = settings.day_starts_at_hour
        start = day_start(now, hour, tz)
        counted = tuple(store.history.limited_answers_since(start))
        introduced = sum(prev == NEW for _, prev in counted)
        reviewed = len(counted) - introduced
        return cls(start, day_end(now, hour, tz), max(0, settings.reviews_per_day - reviewed),
                   max(0, settings.new_per_day - introduced), introduced, counted)

    def done_in(self, deck_of: Mapping[str, str], state: int) -> Counter[str]:
        """Per deck, today's counted answers to cards that were in ``state`` (NEW or REVIEW)."""
        return Counter(deck_of[cid] for cid, prev in self.counted if prev == state and cid in deck_of)


def new_allowance(settings: Settings, today: Today, deck_of: Mapping[str, str],
                  decks: Iterable[str]) -> tuple[int, dict[str, int]]:
    """How many new cards today may still bring: ``(top, {deck: its own})``, the top
    limit less the new cards introduced today in all, each deck's own limit less
    those introduced in that deck. A deck without its own limit has the top one."""
    own = {d.deck: d.new_per_day for d in settings.deck_limits if d.new_per_day is not None}
    return today.new_left, _shares(today.new_left, own, today.done_in(deck_of, NEW), decks)


def review_allowance(settings: Settings, today: Today, deck_of: Mapping[str, str],
                     decks: Iterable[str]) -> tuple[int, dict[str, int]]:
    """As :func:`new_allowance`, for reviews."""
    own = {d.deck: d.reviews_per_day for d in settings.deck_limits if d.reviews_per_day is not None}
    return today.reviews_left, _shares(today.reviews_left, own, today.done_in(deck_of, REVIEW), decks)


def _shares(top: int, own: Mapping[str, int], done: Counter[str], decks: Iterable[str]) -> dict[str, int]:
    return {deck: max(0, own[deck] - done[deck]) if deck in own else top for deck in decks}


@dataclass(frozen=True)
class DayQueue:
    """What today brings for a selection of cards, after every limit."""

    today: Today
    learning: list[tuple[datetime, str]]  # (due, id) of learning cards due before the day ends, earliest first
    reviews: list[tuple[datetime, str]]  # (due, id) of the reviews that come today, earliest due first
    new: list[str]  # the new cards that come today, in the order they are shown
    by_deck: dict[str, tuple[int, int, int]]  # deck -> (learning, review, new) counts, every deck of the selection


def plan_day(store: Store, cards: Iterable[StudyCard], settings: Settings, now: datetime,
             tz: tzinfo | None = None, *, new_limit: int | None = None,
             leave_out: Collection[str] = ()) -> DayQueue:
    """Today's queue over ``cards`` (in deck order). ``new_limit`` replaces the new-card
    allowance (a drill's own number: no daily or deck limit then); ``leave_out`` names
    cards already held elsewhere (a session's undone cards)."""
    today = Today.of(store, settings, now, tz)
    deck_of = {card.id: card.deck for card in cards if card.id not in leave_out}
    decks = list(dict.fromkeys(deck_of.values()))
    learning: list[tuple[datetime, str]] = []
    due_reviews: dict[str, list[tuple[datetime, str]]] = {deck: [] for deck in decks}
    for card_id, state, due in store.history.due_rows(today.end, now):
        if card_id in deck_of:
            if state == REVIEW:
                due_reviews[deck_of[card_id]].append((due, card_id))
            else:
                learning.append((due, card_id))
    for due, card_id in pulled_in_today(store, settings, now, tz):
        if card_id in deck_of:
            due_reviews[deck_of[card_id]].append((due, card_id))
    top, own = review_allowance(settings, today, deck_of, decks)
    reviews = sorted(chain.from_iterable(sorted(rows)[:own[deck]] for deck, rows in due_reviews.items()))[:top]
    seen, introduced = store.history.not_new_ids(now), today.done_in(deck_of, NEW)
    fresh: dict[str, list[str]] = {deck: [] for deck in decks}
    for card_id, deck in deck_of.items():
        if card_id not in seen:
            fresh[deck].append(card_id)
    if new_limit is None:
        top, own = new_allowance(settings, today, deck_of, decks)
        # With an interview date ahead, new cards are paced to it (quizapp.study.interview):
        # today's share of this selection's new cards, within the limits above.
        paced = paced_new_left(settings, sum(map(len, fresh.values())), sum(introduced.values()),
                               study_date(now, settings.day_starts_at_hour, tz))
        top = top if paced is None else min(top, paced)
    else:
        top, own = new_limit, dict.fromkeys(fresh, new_limit)
    new = _new_in_order(fresh, own, top, settings.new_card_order, study_date(now, settings.day_starts_at_hour, tz),
                        introduced)
    counts = {deck: [0, 0, 0] for deck in decks}
    for column, ids in enumerate(([cid for _, cid in learning], [cid for _, cid in reviews], new)):
        for card_id in ids:
            counts[deck_of[card_id]][column] += 1
    return DayQueue(today, learning, reviews, new, {deck: (a, b, c) for deck, (a, b, c) in counts.items()})


def pulled_in_today(store: Store, settings: Settings, now: datetime,
                    tz: tzinfo | None = None) -> list[tuple[datetime, str]]:
    """``(due, id)`` of the reviews an interview date ahead brings today although their
    stored due lies past the date (set before the date was: see
    :func:`~quizapp.study.interview.pulled_in_reviews`), those whose plan day has passed
    spread over the days left (:func:`~quizapp.study.interview.brought_today`); ``due``
    is the start of the study day each falls due under the plan. Empty with no date ahead."""
    interview, hour = InterviewDay.of(settings), settings.day_starts_at_hour
    today = study_date(now, hour, tz)
    if interview is None or interview.days_left(today) <= 0:
        return []
    after_date, srs = boundary(interview.day, hour, tz), Srs(settings, fuzzing=False, tz=tz)
    # Those on target on the date are left out unread (the rule would keep them as they are).
    ids = store.history.review_ids_due_from(after_date, now, ratio=on_target_ratio(srs.scheduler, interview.target))
    states = store.card_states(ids)
    days = brought_today(srs, states, pulled_in_reviews(srs, states.values(), now, by=today), today,
                         answered=overdue_answered_today(store, srs, now))
    return [(boundary(day, hour, tz), card_id) for card_id, day in days.items()]


def overdue_answered_today(store: Store, srs: Srs, now: datetime) -> int:
    """The overdue pull-ins answered today (:func:`~quizapp.study.interview.overdue_answered`),
    from the log: what today's share of them has already used."""
    start = day_start(now, srs.day_starts_at_hour, srs.tz)
    return overdue_answered(srs, store.history.review_states_before_since(start), now)


def _new_in_order(fresh: dict[str, list[str]], own: dict[str, int], top: int, order: str, day: date,
                  introduced: Counter[str]) -> list[str]:
    """At most ``own[deck]`` of each deck's new cards and ``top`` in all, in ``order``
    (``introduced``: each deck's new cards studied earlier today)."""
    if order == "random":
        def key(card_id: str) -> bytes:
            return hashlib.blake2b(f"{day}/{card_id}".encode(), digest_size=8).digest()

        deck_of = {card_id: deck for deck, ids in fresh.items() for card_id in ids}
        left, picked = dict(own), list[str]()
        for card_id in sorted(deck_of, key=key):
            if len(picked) == top:
                break
            if left[deck_of[card_id]] > 0:
                left[deck_of[card_id]] -= 1
                picked.append(card_id)
        return picked
    heads = [ids[:min(own[deck], top)] for deck, ids in fresh.items()]
    if order == "deck":
        return list(islice(chain.from_iterable(heads), top))
    turns = sorted((introduced[deck] + i, d, card_id)  # the i-th card still to come is the deck's turn done + i
                   for d, (deck, ids) in enumerate(zip(fresh, heads, strict=True)) for i, card_id in enumerate(ids))
    return [card_id for *_, card_id in turns[:top]]


def deck_counts(store: Store, cards: Iterable[StudyCard], settings: Settings, now: datetime,
                tz: tzinfo | None = None) -> dict[str, tuple[int, int]]:
    """``{deck: (due, new)}``: what "Study all" brings today from each deck (due =
    learning cards due today + reviews)."""
    return {deck: (learn + review, new) for deck, (learn, review, new) in
            plan_day(store, cards, settings, now, tz).by_deck.items()}


def study_stats(store: Store, cards: Collection[StudyCard], settings: Settings, now: datetime,
                tz: tzinfo | None = None) -> dict[str, Any]:
    """The ``quizapp stats --json`` object (keys may be added, never removed)."""
    day = plan_day(store, cards, settings, now, tz)
    return {
        "cards": len({card.id for card in cards}),
        "due_today": len(day.learning) + len(day.reviews),
        "new_today": len(day.new),
        "reviews_total": store.history.reviews_total(),
        "reviews_today": store.history.reviews_today(day.today.start),
        "streak_days": store.history.streak_days(now, settings.day_starts_at_hour, tz),
        "retention_30d": store.history.retention_30d(now),
        "new_introduced_today": day.today.new_introduced,
        # What home shows per deck: what "Study all" brings today from it, after every limit.
        "today_by_deck": {deck: {"learning": learning, "review": review, "new": new}
                          for deck, (learning, review, new) in day.by_deck.items()},
    }
