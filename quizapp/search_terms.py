"""What the terms of a search mean: each becomes a predicate over
``(card, CardState, Facts)``. :mod:`quizapp.search` handles the syntax (words,
quotes, ``-``, ``or``, parentheses); this module the words themselves, so a new
field (``flag:``, ``prop:ease``) is added here without touching the parser.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from fnmatch import fnmatchcase
from typing import Callable

from quizapp.card_info import is_buried, searchable_text
from quizapp.cards import KINDS, LEVELS, Card
from quizapp.errors import UsageError


class SearchSyntaxError(UsageError):
    """A query that does not parse: one line naming the bad term (exit code 2)."""
from quizapp.srs import LEARNING, NEW, RELEARNING, CardState


@dataclass(eq=False)
class Facts:
    """What a term may look at besides the card and its state."""

    now: datetime
    day_end: datetime  # a card is ``is:due`` when due before this (end of the study day)
    leeches: frozenset[str] = frozenset()
    texts: dict[str, str] = field(default_factory=dict)  # searchable text cache by card id

    def text_of(self, card: Card) -> str:
        text = self.texts.get(card.id)
        if text is None:
            text = self.texts[card.id] = searchable_text(card)
        return text


Predicate = Callable[[Card, CardState, Facts], bool]


def _available(s: CardState, f: Facts) -> bool:
    return not s.suspended and not is_buried(s, f.now)


_IS: dict[str, Predicate] = {
    "due": lambda c, s, f: s.state != NEW and s.due < f.day_end and _available(s, f),
    "new": lambda c, s, f: s.state == NEW,
    "learning": lambda c, s, f: s.state in (LEARNING, RELEARNING),
    "suspended": lambda c, s, f: s.suspended,
    "leech": lambda c, s, f: c.id in f.leeches,
    "buried": lambda c, s, f: is_buried(s, f.now),
    "flagged": lambda c, s, f: s.flag > 0,
}
_PROPS = ("lapses", "reps")
_PROP = re.compile(r"^([a-z]+)(>=|<=|!=|>|<|=)(-?\d+)$")
_COMPARE = {">": int.__gt__, ">=": int.__ge__, "<": int.__lt__, "<=": int.__le__,
            "=": int.__eq__, "!=": int.__ne__}


def _one_of(what: str, value: str, allowed, raw: str) -> str:
    value = value.lower()
    if value not in allowed:
        raise SearchSyntaxError(f"search: {raw!r}: {what} must be one of {', '.join(allowed)}")
    return value


def _field_term(name: str, value: str, raw: str) -> Predicate:
    """The predicate of one ``name:value`` term."""
    if name == "deck":
        pattern = value.lower()
        return lambda c, s, f: fnmatchcase(c.deck, pattern)
    if name == "tag":
        pattern = value.lower()
        return lambda c, s, f: any(fnmatchcase(t.lower(), pattern) for t in c.tags)
    if name == "kind":
        kind = _one_of("kind", value, KINDS, raw)
        return lambda c, s, f: c.kind == kind
    if name == "level":
        level = _one_of("level", value, LEVELS, raw)
        return lambda c, s, f: c.level == level
    if name == "is":
        return _IS[_one_of("is:", value, tuple(_IS), raw)]
    match = _PROP.match(value.lower())
    if not match or match.group(1) not in _PROPS:
        raise SearchSyntaxError(f"search: {raw!r}: expected prop:lapses or prop:reps with >, >=, <, <=, = "
                        "or != and a whole number, e.g. prop:lapses>=3")
    prop, op, number = match.group(1), _COMPARE[match.group(2)], int(match.group(3))
    return lambda c, s, f: op(getattr(s, prop), number)


FIELDS = ("deck", "tag", "kind", "level", "is", "prop")


def term(text: str, literal: bool) -> Predicate:
    """One word of a query; ``literal`` (it began with a quote) makes it free text."""
    name, colon, value = text.partition(":")
    if colon and not literal:
        if name.lower() in FIELDS:
            if not value:
                raise SearchSyntaxError(f"search: {text!r} needs a value after the colon")
            return _field_term(name.lower(), value, text)
        if name.isalpha():
            raise SearchSyntaxError(f"search: unknown field {name + ':'!r} in {text!r} "
                            f"(use {', '.join(f + ':' for f in FIELDS)} or quotes for text)")
    needle = text.lower()
    return lambda c, s, f: needle in f.text_of(c)
