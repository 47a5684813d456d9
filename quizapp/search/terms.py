"""What the terms of a search mean: each becomes a predicate over
``(card, CardState, Facts)``. :mod:`quizapp.search.query` handles the syntax (words,
quotes, ``-``, ``or``, parentheses); this module the words themselves, so a new
field (``flag:``, ``prop:ease``) is added here without touching the parser.
``prop:s``, ``prop:d`` and ``prop:r`` read the memory state, R at the search's
``now`` in study days (:meth:`Srs.retrievability`), computed in Python only for
the cards a query reaches: about 7 µs a card, 35 ms for 5,000 cards on a busy
2-core machine, against 26 ms for reading their states at all
(``benchmarks/bench_search.py``), so no SQL function is needed.
"""
from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from fnmatch import fnmatchcase

from quizapp.config import Settings
from quizapp.content.cards import KINDS, LEVELS, Card
from quizapp.errors import UsageError
from quizapp.search.card_info import is_buried, memory_of, searchable_text
from quizapp.study.card_flags import FLAG_COLOURS
from quizapp.study.srs import LEARNING, NEW, RELEARNING, REVIEW, CardState, Srs


class SearchSyntaxError(UsageError):
    """A query that does not parse: one line naming the bad term (exit code 2)."""


@dataclass(eq=False)
class Facts:
    """What a term may look at besides the card and its state."""

    now: datetime
    day_end: datetime  # a card is ``is:due`` when due before this (end of the study day)
    leeches: frozenset[str] = frozenset()
    texts: dict[str, str] = field(default_factory=dict)  # searchable text cache by card id
    srs: Srs = field(default_factory=lambda: Srs(Settings(), fuzzing=False))  # weights and study days for R
    _recall: dict[str, float | None] = field(default_factory=dict)

    def text_of(self, card: Card) -> str:
        text = self.texts.get(card.id)
        if text is None:
            text = self.texts[card.id] = searchable_text(card)
        return text

    def retrievability(self, state: CardState) -> float | None:
        """Recall predicted at ``now`` (``None`` for a new card), computed only for
        the cards a query gets to, once each however often the query names it."""
        if state.card_id not in self._recall:
            self._recall[state.card_id] = memory_of(state, self.srs, self.now)[2]
        return self._recall[state.card_id]


Predicate = Callable[[Card, CardState, Facts], bool]


def _available(s: CardState, f: Facts) -> bool:
    return not s.suspended and not is_buried(s, f.now)


def _learning(c: Card, s: CardState, f: Facts) -> bool:
    return s.state in (LEARNING, RELEARNING)


# As Anki's search: is:review is a card past learning, lapsed ones (relearning) too, due
# or not; is:learn (also spelt is:learning) a card in its learning or relearning steps,
# so a lapsed card is both.
_IS: dict[str, Predicate] = {
    "due": lambda c, s, f: s.due is not None and s.due < f.day_end and _available(s, f),  # None: new
    "new": lambda c, s, f: s.state == NEW,
    "learning": _learning,
    "learn": _learning,
    "review": lambda c, s, f: s.state in (REVIEW, RELEARNING),
    "suspended": lambda c, s, f: s.suspended,
    "leech": lambda c, s, f: c.id in f.leeches,
    "buried": lambda c, s, f: is_buried(s, f.now),
    "flagged": lambda c, s, f: s.flag > 0,
}
# name -> (the card's value, ``None`` when it has none; what the number in the query means)
_PROPS = {
    "lapses": (lambda s, f: s.lapses, "count"),
    "reps": (lambda s, f: s.reps, "count"),
    "s": (lambda s, f: None if s.card is None else s.card.stability, "days"),
    "d": (lambda s, f: None if s.card is None else s.card.difficulty, "difficulty"),
    "r": (lambda s, f: f.retrievability(s), "fraction"),
}
_PROP = re.compile(r"^([a-z]+)(>=|<=|!=|>|<|=)(-?(?:\d+\.?\d*|\.\d+))$")
_COMPARE = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le,
            "=": operator.eq, "!=": operator.ne}
_PROP_HELP = ("expected prop:lapses or prop:reps (whole numbers), prop:s (stability in days), prop:d "
              "(difficulty 0-1) or prop:r (retrievability 0-1) with >, >=, <, <=, = or !=, "
              "e.g. prop:lapses>=3 or prop:r<0.8")


def _prop_number(prop: str, text: str, raw: str) -> float:
    """The query's number in the unit the card's value has.

    Difficulty is written as Anki's search takes it, 0 (easiest) to 1 (hardest),
    and compared with fsrs's stored 1-10 scale as Anki does (``d * 9 + 1``), so a
    query copied from Anki finds the same cards; a bigger number is an error
    rather than a search that silently matches nothing.
    """
    kind, number = _PROPS[prop][1], float(text)
    if kind == "count" and not number.is_integer():
        raise SearchSyntaxError(f"search: {raw!r}: prop:{prop} takes a whole number, e.g. prop:{prop}>=3")
    if kind in ("fraction", "difficulty") and not 0 <= number <= 1:
        example = "prop:d>0.7 is fsrs difficulty above 7.3 of 10" if kind == "difficulty" else "prop:r<0.8"
        raise SearchSyntaxError(f"search: {raw!r}: prop:{prop} is between 0 and 1 as in Anki ({example})")
    return number * 9 + 1 if kind == "difficulty" else number


def _prop_term(value: str, raw: str) -> Predicate:
    """``prop:NAMEopNUMBER``; a card without the value (a new card's S, D, R) matches
    no comparison, as in Anki."""
    match = _PROP.match(value.lower())
    if not match or match.group(1) not in _PROPS:
        raise SearchSyntaxError(f"search: {raw!r}: {_PROP_HELP}")
    prop, compare = match.group(1), _COMPARE[match.group(2)]
    number, get = _prop_number(prop, match.group(3), raw), _PROPS[prop][0]

    def matches(c: Card, s: CardState, f: Facts) -> bool:
        have = get(s, f)
        return have is not None and compare(have, number)

    return matches


def _one_of(what: str, value: str, allowed, raw: str) -> str:
    value = value.lower()
    if value not in allowed:
        raise SearchSyntaxError(f"search: {raw!r}: {what} must be one of {', '.join(allowed)}")
    return value


def deck_selector(value: str) -> Callable[[str], bool]:
    """Which deck names ``deck:value`` selects (``*`` ``?`` globs, any case): for the
    term itself and for telling the user that no deck is called that."""
    pattern = value.lower()
    return lambda deck: fnmatchcase(deck, pattern)


def _field_term(name: str, value: str, raw: str) -> Predicate:
    """The predicate of one ``name:value`` term."""
    if name == "deck":
        selects = deck_selector(value)
        return lambda c, s, f: selects(c.deck)
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
    if name == "flag":
        flag = _flag(value, raw)
        return lambda c, s, f: s.flag == flag
    return _prop_term(value, raw)


def _flag(value: str, raw: str) -> int:
    """``flag:N`` with Anki's numbers (0 none, 1 red ... 4 blue), or the colour's name."""
    value = value.lower()
    if value in FLAG_COLOURS[1:]:
        return FLAG_COLOURS.index(value)
    if value.isdigit() and int(value) < len(FLAG_COLOURS):
        return int(value)
    named = ", ".join(f"{n} {colour}" for n, colour in enumerate(FLAG_COLOURS) if n)
    raise SearchSyntaxError(f"search: {raw!r}: flag: is 0 (none), {named} or the colour's name")


FIELDS = ("deck", "tag", "kind", "level", "is", "flag", "prop")


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
