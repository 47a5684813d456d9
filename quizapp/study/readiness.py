"""Readiness: FSRS's predicted recall, averaged over cards, overall and by topic.

A card's readiness on a day is its retrievability then (:meth:`Srs.retrievability`,
which counts whole study days since the last review as Anki does); a card never
reviewed counts 0, so readiness is the share of the material you would recall if
asked that day: Anki's "estimated total knowledge" divided by the card count. The
same function serves today (``on=now``), the interview day (a later ``on``) and a
projected future (states the plan expects, see :mod:`quizapp.study.interview`).

Suspended cards are left out: studying cannot move them, so counting them would
hold readiness down whatever the learner does. Topics are decks and tags (not the
tags that only say where a card comes from, ``PROVENANCE_TAGS``); each
list is weakest first (ties: the bigger topic, then by name); "study next"
(:func:`quizapp.study.plan.topic_rows`) also weighs the plan's projection.

Pure: no store, no Textual, no torch; the callers fetch ``states`` once.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from quizapp.content.cards import PROVENANCE_TAGS
from quizapp.study.srs import CardState, Srs


class TopicCard(Protocol):
    """What readiness reads of a card (every content card has it)."""

    @property
    def id(self) -> str: ...

    @property
    def deck(self) -> str: ...

    @property
    def tags(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class TopicReadiness:
    """One deck's or tag's mean predicted recall on a day, over ``cards`` cards."""

    topic: str
    value: float
    cards: int


@dataclass(frozen=True)
class Readiness:
    """Mean predicted recall on one day: over every counted card, and by topic."""

    overall: float
    cards: int
    by_deck: list[TopicReadiness]  # weakest first
    by_tag: list[TopicReadiness]  # weakest first


def card_recall(cards: Iterable[TopicCard], states: Mapping[str, CardState], srs: Srs,
                on: datetime) -> dict[str, float]:
    """``{card id: predicted recall on ``on``}`` for the counted cards (0 for never seen)."""
    recall: dict[str, float] = {}
    for card in cards:
        state = states.get(card.id) or CardState(card.id)
        if not state.suspended:
            recall[card.id] = srs.retrievability(state, on)
    return recall


def readiness(cards: Iterable[TopicCard], states: Mapping[str, CardState], srs: Srs,
              on: datetime) -> Readiness:
    """Readiness on ``on`` for ``cards`` (a card id twice counts once), with each
    card's state from ``states`` (a missing id is a card never seen)."""
    unique = {card.id: card for card in cards}
    recall = card_recall(unique.values(), states, srs, on)
    by_deck: dict[str, list[float]] = {}
    by_tag: dict[str, list[float]] = {}
    for card_id, value in recall.items():
        card = unique[card_id]
        by_deck.setdefault(card.deck, []).append(value)
        for tag in dict.fromkeys(card.tags):
            if tag not in PROVENANCE_TAGS:
                by_tag.setdefault(tag, []).append(value)
    return Readiness(_mean(list(recall.values())), len(recall), _topics(by_deck), _topics(by_tag))


def _topics(groups: dict[str, list[float]]) -> list[TopicReadiness]:
    return sorted((TopicReadiness(name, _mean(values), len(values)) for name, values in groups.items()),
                  key=_weakest_first)


def _weakest_first(topic: TopicReadiness) -> tuple[float, int, str]:
    return topic.value, -topic.cards, topic.topic  # a tie: the bigger topic (more at stake), then the name


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0
