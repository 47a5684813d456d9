"""Which questions a mock interview asks: a mix like an interview, weak topics first, fitted to the time.

An interview asks some concepts, works a numeric exercise and ends with code.
The mix follows that: about 30 % of the minutes go to coding exercises and 25 %
to numeric cards (each rounded to whole questions), and concepts (qa, cloze,
choice) fill what is left; every question is counted at the time it usually
takes in an interview (:data:`ESTIMATE_S`), so the questions fit the minutes.
A section the chosen decks have no cards for leaves its time to concepts.

Which cards: those of the chosen decks and levels. Each is drawn with a weight
that grows with its topic's weakness (1 − the readiness of its deck) and its
own (1 − FSRS's predicted recall now; a card never seen counts as 0), so weak
topics come up most and every card can come up. Each pick halves the weight of
its deck's other cards, so one weak deck does not take the whole interview.
"""
from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from quizapp.content.cards import CHOOSE, CODE, LEVELS, REVEAL, TYPE, Card

CONCEPTS, NUMERIC, CODING = "concepts", "numeric", "coding"
SECTIONS = (CONCEPTS, NUMERIC, CODING)  # the order an interview asks them in
SECTION_OF = {REVEAL: CONCEPTS, CHOOSE: CONCEPTS, TYPE: NUMERIC, CODE: CODING}  # by how a card is answered
ESTIMATE_S = {REVEAL: 120, CHOOSE: 60, TYPE: 240, CODE: 600}  # said aloud or typed; picked; worked; written
SHARE = {CODING: 0.30, NUMERIC: 0.25}  # of the minutes; concepts take the rest
MIN_MINUTES, MAX_MINUTES, DEFAULT_MINUTES = 5, 180, 30
FLOOR = 0.1  # added to both weaknesses: a strong topic or a well-known card still comes up now and then


@dataclass(frozen=True)
class MockOptions:
    """What the learner asked for: minutes, decks (none: all) and levels (none: all)."""

    minutes: int = DEFAULT_MINUTES
    decks: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()

    def problem(self) -> str | None:
        """Why these options cannot start a mock (one line), or None."""
        if not MIN_MINUTES <= self.minutes <= MAX_MINUTES:
            return f"--minutes must be {MIN_MINUTES}-{MAX_MINUTES}, not {self.minutes}"
        unknown = [level for level in self.levels if level not in LEVELS]
        if unknown:
            return f"unknown level(s): {', '.join(unknown)} (levels: {', '.join(LEVELS)})"
        return None

    def admits(self, card: Card) -> bool:
        return (not self.decks or card.deck in self.decks) and (not self.levels or card.level in self.levels)


def section(card: Card) -> str:
    return SECTION_OF[card.ANSWERED_BY]


def estimate_s(card: Card) -> int:
    return ESTIMATE_S[card.ANSWERED_BY]


def card_weights(cards: Iterable[Card], recall: Mapping[str, float],
                 readiness: Mapping[str, float]) -> dict[str, float]:
    """Each card's draw weight from its own recall (card id -> 0-1; missing: never
    seen, 0) and its deck's readiness (deck -> 0-1; missing: 0)."""
    return {card.id: (FLOOR + 1 - readiness.get(card.deck, 0.0)) * (FLOOR + 1 - recall.get(card.id, 0.0))
            for card in cards}


class _Draw:
    """Weighted picks without replacement; each pick halves its deck's other weights."""

    def __init__(self, weights: Mapping[str, float], rng: random.Random):
        self.weights, self.rng = weights, rng
        self.taken: dict[str, int] = {}

    def pick(self, pool: list[Card], room_s: float) -> Card | None:
        """Take one card of ``pool`` that fits in ``room_s`` seconds (None when none does)."""
        candidates = [card for card in pool if estimate_s(card) <= room_s]
        if not candidates:
            return None
        card = self.rng.choices(candidates, [self.weights[c.id] * 0.5 ** self.taken.get(c.deck, 0)
                                             for c in candidates])[0]
        pool.remove(card)
        self.taken[card.deck] = self.taken.get(card.deck, 0) + 1
        return card


def choose_questions(cards: Sequence[Card], options: MockOptions, weights: Mapping[str, float],
                     rng: random.Random) -> list[Card]:
    """The mock's questions in the order they are asked (concepts, numeric, coding).

    ``weights``: card id -> draw weight (:func:`card_weights`); every admitted card needs one."""
    pools: dict[str, list[Card]] = {name: [] for name in SECTIONS}
    for card in cards:
        if options.admits(card):
            pools[section(card)].append(card)
    draw, room = _Draw(weights, rng), options.minutes * 60
    chosen: dict[str, list[Card]] = {name: [] for name in SECTIONS}
    for name, wanted in ((CODING, _share(options, CODE)), (NUMERIC, _share(options, TYPE)),
                         (CONCEPTS, len(cards)), (NUMERIC, len(cards))):
        # concepts fill what coding and numeric left; numeric cards again when concepts run out
        while len(chosen[name]) < wanted and (picked := draw.pick(pools[name], room)) is not None:
            chosen[name].append(picked)
            room -= estimate_s(picked)
    return [card for name in SECTIONS for card in chosen[name]]


def _share(options: MockOptions, answered_by: str) -> int:
    """Whole questions answered that way in their section's share of the minutes."""
    return int(options.minutes * 60 * SHARE[SECTION_OF[answered_by]] / ESTIMATE_S[answered_by] + 0.5)
