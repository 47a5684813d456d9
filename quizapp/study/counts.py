"""Today's allowance and the counts the home screen and ``quizapp stats`` show.

Kept apart from :mod:`quizapp.study.session` so that counting (called for every deck
on the home screen) never builds a queue. Limits are global, as in
``Settings``: a deck shows at most what is left of today's allowance.
"""
from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any, Protocol

from quizapp.clock import day_end, day_start
from quizapp.config import Settings
from quizapp.study.srs import REVIEW

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
    """The current study day's bounds and what is left of its limits."""

    start: datetime
    end: datetime
    reviews_left: int
    new_left: int
    new_introduced: int  # new cards seen for the first time since ``start``

    @classmethod
    def of(cls, store: Store, settings: Settings, now: datetime, tz: tzinfo | None = None) -> Today:
        hour = settings.day_starts_at_hour
        start = day_start(now, hour, tz)
        end = day_end(now, hour, tz)
        done = store.reviews_today(start, review_cards_only=True)
        introduced = store.new_introduced_today(start)
        return cls(start, end, max(0, settings.reviews_per_day - done),
                   max(0, settings.new_per_day - introduced), introduced)


def _raw_counts(store: Store, cards: Iterable[StudyCard], today: Today, now: datetime) -> dict[str, list[int]]:
    """Per deck ``[learning, review, new]`` before limits."""
    deck_of = {card.id: card.deck for card in cards}
    counts = {deck: [0, 0, 0] for deck in deck_of.values()}
    for card_id, state, _due in store.due_rows(today.end, now):
        if card_id in deck_of:
            counts[deck_of[card_id]][1 if state == REVIEW else 0] += 1
    seen = store.not_new_ids(now)
    for card_id, deck in deck_of.items():
        if card_id not in seen:
            counts[deck][2] += 1
    return counts


def deck_counts(store: Store, cards: Iterable[StudyCard], settings: Settings, now: datetime,
                tz: tzinfo | None = None) -> dict[str, tuple[int, int]]:
    """``{deck: (due, new)}`` for today, each capped by what is left of the limits
    (due = learning cards due today + reviews due today)."""
    today = Today.of(store, settings, now, tz)
    return {deck: (learn + min(review, today.reviews_left), min(new, today.new_left))
            for deck, (learn, review, new) in _raw_counts(store, cards, today, now).items()}


def study_stats(store: Store, cards: Collection[StudyCard], settings: Settings, now: datetime,
                tz: tzinfo | None = None) -> dict[str, Any]:
    """The ``quizapp stats --json`` object (keys may be added, never removed)."""
    today = Today.of(store, settings, now, tz)
    counts = _raw_counts(store, cards, today, now).values()
    learn, review, new = (sum(c[i] for c in counts) for i in range(3))
    return {
        "cards": len({card.id for card in cards}),
        "due_today": learn + min(review, today.reviews_left),
        "new_today": min(new, today.new_left),
        "reviews_total": store.reviews_total(),
        "reviews_today": store.reviews_today(today.start),
        "streak_days": store.streak_days(now, settings.day_starts_at_hour, tz),
        "retention_30d": store.retention_30d(now),
        "new_introduced_today": today.new_introduced,
    }
