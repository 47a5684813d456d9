"""The card search language of ``quizapp cards`` and the Browse screen.

A query is words separated by spaces (all must match) or by ``or`` (either
side; binds looser than the spaces), optionally grouped with parentheses:

    flat minima             free text in question, answer, id or source
    "flat minima"           a phrase (quotes also make ``or`` or ``deck:`` literal)
    deck:ann*  tag:cnn      deck name / any tag, ``*`` ``?`` globs allowed
    kind:code  level:basic  one of the card kinds / levels
    is:due is:new is:learn is:review    as Anki: a lapsed card is both learn and review
    is:suspended is:leech is:buried is:flagged   (is:learning is is:learn)
    flag:2  flag:orange     Anki's flags by number (0 none, 1-4) or colour
    prop:lapses>=3          lapses or reps compared with > >= < <= = !=
    prop:s>=30 prop:r<0.8   stability (days), difficulty and retrievability (0-1, as
    prop:d>0.7              Anki); a new card has none and matches no comparison
    -term  -(a or b)        negation

Parsing yields a predicate over ``(card, CardState, Facts)``; :func:`find`
reads every card state in one query and filters in Python, which is fast
enough for live filtering while typing. A malformed query is one
:class:`SearchSyntaxError` line naming the bad term.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from quizapp.clock import day_end
from quizapp.config import Settings
from quizapp.content.cards import Card
from quizapp.search.terms import Facts, Predicate, SearchSyntaxError, deck_selector, term
from quizapp.study.srs import CardState, Srs


@dataclass(frozen=True)
class _Token:
    kind: str  # "(", ")", "-", "or", "term"
    text: str = ""
    literal: bool = False  # started with a quote: free text, never a field


def _tokens(query: str) -> list[_Token]:
    out, i, n = [], 0, len(query)
    while i < n:
        c = query[i]
        if c.isspace():
            i += 1
        elif c in "()":
            out.append(_Token(c))
            i += 1
        elif c == "-":
            if i + 1 == n or query[i + 1].isspace():
                raise SearchSyntaxError("search: '-' must be followed by a term, e.g. -tag:cnn")
            out.append(_Token("-"))
            i += 1
        else:
            start, parts, quoted = i, [], False
            while i < n and not query[i].isspace() and query[i] not in "()":
                if query[i] == '"':
                    end = query.find('"', i + 1)
                    if end < 0:
                        raise SearchSyntaxError(f"search: unclosed quote in {query[i:]!r}")
                    parts.append(query[i + 1:end])
                    quoted, i = True, end + 1
                else:
                    parts.append(query[i])
                    i += 1
            word = "".join(parts)
            if not quoted and word.lower() == "or":
                out.append(_Token("or"))
            elif not quoted and word.lower() == "and":
                continue  # explicit AND is the same as a space
            elif not word.strip():
                raise SearchSyntaxError(f"search: empty phrase {query[start:i]!r}")
            else:
                out.append(_Token("term", word, query[start] == '"'))
    return out


class _Parser:
    """Recursive descent: or_expr := and_expr ('or' and_expr)*; and_expr := unary+;
    unary := '-' unary | '(' or_expr ')' | term."""

    def __init__(self, tokens: list[_Token]):
        self.tokens, self.pos = tokens, 0

    def peek(self) -> str | None:
        return self.tokens[self.pos].kind if self.pos < len(self.tokens) else None

    def take(self) -> _Token:
        self.pos += 1
        return self.tokens[self.pos - 1]

    def or_expr(self) -> Predicate:
        parts = [self.and_expr()]
        while self.peek() == "or":
            self.take()
            parts.append(self.and_expr())
        return parts[0] if len(parts) == 1 else (lambda c, s, f: any(p(c, s, f) for p in parts))

    def and_expr(self) -> Predicate:
        parts = []
        while self.peek() not in (None, "or", ")"):
            parts.append(self.unary())
        if not parts:
            after_or = self.pos > 0 and self.tokens[self.pos - 1].kind == "or"
            if self.peek() == "or" or after_or:
                raise SearchSyntaxError("search: 'or' needs a term on each side, e.g. tag:cnn or tag:rnn")
            raise SearchSyntaxError("search: empty parentheses '()'")
        return parts[0] if len(parts) == 1 else (lambda c, s, f: all(p(c, s, f) for p in parts))

    def unary(self) -> Predicate:
        token = self.take()
        if token.kind == "-":
            if self.peek() in (None, "or", ")"):
                raise SearchSyntaxError("search: '-' must be followed by a term, e.g. -tag:cnn")
            inner = self.unary()
            return lambda c, s, f: not inner(c, s, f)
        if token.kind == "(":
            inner = self.or_expr()
            self.take()  # its ')': parse() checked that every '(' is closed
            return inner
        return term(token.text, token.literal)


def parse(query: str) -> Predicate:
    """The predicate of ``query``; an empty query matches every card."""
    tokens = _tokens(query)
    if not tokens:
        return lambda c, s, f: True
    depth = 0  # balanced first, so the parser's own messages are about what is inside
    for token in tokens:
        depth += {"(": 1, ")": -1}.get(token.kind, 0)
        if depth < 0:
            raise SearchSyntaxError("search: unmatched ')' (remove it or add a '(' before it)")
    if depth > 0:
        raise SearchSyntaxError("search: unclosed '(' (add the matching ')')")
    return _Parser(tokens).or_expr()


def find(store, cards, query: str, now: datetime, hour: int, tz: tzinfo | None = None,
         texts: dict[str, str] | None = None, srs: Srs | None = None) -> list[tuple[Card, CardState]]:
    """Cards matching ``query`` (in the given order) with their states.

    One read of all card states plus the leech ids; ``texts`` is a cache of
    searchable text a caller may keep between searches (Browse does). ``srs``
    gives the weights ``prop:r`` predicts with (pass the learner's: personal
    weights change R); without it fsrs's defaults, with study days from ``hour``."""
    predicate = parse(query)
    states = store.card_states()
    if srs is None:
        srs = Srs(Settings(day_starts_at_hour=hour), fuzzing=False, tz=tz)
    facts = Facts(now, day_end(now, hour, tz), frozenset(store.resets.leech_ids()),
                  {} if texts is None else texts, srs)
    out = []
    for card in cards:
        state = states.get(card.id) or CardState(card.id)
        if predicate(card, state, facts):
            out.append((card, state))
    return out


def unmatched_decks(query: str, deck_names) -> list[str]:
    """The ``deck:`` values of ``query`` (negated ones too) that select none of
    ``deck_names``. A mistyped deck matches no card, which the result alone cannot
    tell from an empty search, so the command line names it instead."""
    names = list(deck_names)
    values = [t.text.partition(":")[2] for t in _tokens(query)
              if t.kind == "term" and not t.literal and t.text.partition(":")[0].lower() == "deck"]
    return [v for v in values if v and not any(map(deck_selector(v), names))]
