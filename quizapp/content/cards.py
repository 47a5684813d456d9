"""The registry of card kinds, and the deck they are gathered in.

Each kind lives in its own module under :mod:`quizapp.content.kinds` (fields, checks,
text, export and study hooks, all on its card class); adding a kind means
writing that module and naming its class in :data:`CARD_CLASSES`. Everything
else (the loader, search, export and import, the content cache, the study
screen) goes through the hooks of :class:`~quizapp.content.kinds.base.Card`.

Cards are immutable values. Scheduling state is not here: it lives in the
store, keyed by the card id, so editing a card's text keeps its history.
"""
from __future__ import annotations

from dataclasses import dataclass

from quizapp.content.kinds.base import CHOOSE, CODE, REVEAL, TYPE, Card, Prompt
from quizapp.content.kinds.choice import ChoiceCard
from quizapp.content.kinds.cloze import ClozeCard, Gap
from quizapp.content.kinds.code import CodeCard
from quizapp.content.kinds.fields import plain_data
from quizapp.content.kinds.numeric import NumericCard
from quizapp.content.kinds.qa import QACard

CARD_CLASSES: tuple[type[Card], ...] = (QACard, ClozeCard, ChoiceCard, NumericCard, CodeCard)
BY_KIND: dict[str, type[Card]] = {cls.KIND: cls for cls in CARD_CLASSES}
KINDS = tuple(BY_KIND)
LEVELS = ("basic", "advanced", "research")
# Tags that say where a card comes from, not what it is about (content/SCHEMA.md):
# searchable like any tag, but not a topic of readiness or "study next".
PROVENANCE_TAGS = frozenset({"supplementary"})

__all__ = ["BY_KIND", "CARD_CLASSES", "CHOOSE", "CODE", "KINDS", "LEVELS", "PROVENANCE_TAGS", "REVEAL", "TYPE", "Card",
           "ChoiceCard", "ClozeCard", "CodeCard", "Deck", "Gap", "NumericCard", "Prompt", "QACard", "plain_data"]


@dataclass(frozen=True)
class Deck:
    name: str
    title: str
    description: str
    path: str
    cards: tuple[Card, ...]
    warnings: tuple = ()  # ContentErrors that did not stop the deck loading (`content check` lists them)
    overrides: bool = False  # its cards replace those of their ids in the deck of its name (content.overrides)
