"""Typed cards, one class per kind; what the YAML decks turn into.

Cards are immutable values. Scheduling state is not here: it lives in the
store, keyed by the card id, so editing a card's text keeps its history.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

KINDS = ("qa", "cloze", "choice", "numeric", "code")
LEVELS = ("basic", "advanced", "research")

_GAP = re.compile(r"\{\{(.+?)\}\}", re.S)


def plain_data(value: Any) -> Any:
    """The same data as plain ``dict``/``list``, without the YAML loader's types.

    Cards and exercises keep only plain values, so they pickle into the
    start-up cache without PyYAML and dump back to YAML.
    """
    if isinstance(value, dict):
        return {str(k): plain_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain_data(v) for v in value]
    return value


@dataclass(frozen=True, kw_only=True)
class Card:
    id: str
    deck: str
    kind: str
    level: str
    source: str
    tags: tuple[str, ...] = ()
    more: str | None = None
    path: str = ""
    line: int = 0

    @property
    def question(self) -> str:
        """The text shown before the answer (for lists and search)."""
        raise NotImplementedError


@dataclass(frozen=True, kw_only=True)
class QACard(Card):
    front: str
    back: str

    @property
    def question(self) -> str:
        return self.front


@dataclass(frozen=True)
class Gap:
    answer: str
    hint: str | None


@dataclass(frozen=True, kw_only=True)
class ClozeCard(Card):
    text: str

    @property
    def gaps(self) -> list[Gap]:
        """The gaps in order; ``{{answer::hint}}`` carries a hint."""
        out = []
        for body in _GAP.findall(self.text):
            answer, _, hint = body.partition("::")
            out.append(Gap(answer.strip(), hint.strip() or None))
        return out

    def masked(self) -> str:
        """The text with each gap shown as ``[…]`` or ``[hint]``."""
        return _GAP.sub(lambda m: f"[{m.group(1).partition('::')[2].strip() or '…'}]", self.text)

    def revealed(self, mark=lambda s: s) -> str:
        """The text with each gap filled in, passed through ``mark`` for styling."""
        return _GAP.sub(lambda m: mark(m.group(1).partition("::")[0].strip()), self.text)

    @property
    def question(self) -> str:
        return self.masked()


@dataclass(frozen=True, kw_only=True)
class ChoiceCard(Card):
    prompt: str
    correct: tuple[str, ...]
    wrong: tuple[str, ...]
    explain: str | None = None

    @property
    def multiple(self) -> bool:
        return len(self.correct) > 1

    @property
    def question(self) -> str:
        return self.prompt


@dataclass(frozen=True, kw_only=True)
class NumericCard(Card):
    prompt: str
    engine: str
    params: dict[str, Any] = field(default_factory=dict)
    random: bool = False
    answer_key: str = "answer"
    decimals: int | None = None
    explain: str | None = None

    @property
    def question(self) -> str:
        """The prompt with the card's own parameters filled in (all of them for a
        fixed worked example; a random card keeps the placeholders it draws)."""
        from quizapp.formatting import render_prompt

        return render_prompt(self.prompt, self.params)


@dataclass(frozen=True, kw_only=True)
class CodeCard(Card):
    exercise: str
    title: str = ""

    @property
    def question(self) -> str:
        return self.title or self.exercise


@dataclass(frozen=True)
class Deck:
    name: str
    title: str
    description: str
    path: str
    cards: tuple[Card, ...]
    warnings: tuple = ()  # ContentErrors that did not stop the deck loading (`content check` lists them)
