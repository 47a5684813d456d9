"""Load YAML decks into typed cards, reporting every problem as ``path:line``.

A deck with errors is skipped as a whole (a half-loaded deck would show cards
the author did not mean to ship); the other decks still load. All problems of
a file are reported at once, so an author fixes them in one pass.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizapp.cards import (
    KINDS,
    LEVELS,
    Card,
    ChoiceCard,
    ClozeCard,
    CodeCard,
    Deck,
    NumericCard,
    QACard,
    plain_data,
)
from quizapp.errors import ContentError, UsageError

if TYPE_CHECKING:
    from quizapp.yamlsource import LineDict

DECK_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")

_COMMON = {"id", "kind", "level", "tags", "source", "more"}
_FIELDS = {
    "qa": {"front", "back"},
    "cloze": {"text"},
    "choice": {"question", "correct", "wrong", "explain"},
    "numeric": {"prompt", "engine", "params", "random", "answer", "decimals", "explain"},
    "code": {"exercise"},
}
_REQUIRED = {
    "qa": ("front", "back"),
    "cloze": ("text",),
    "choice": ("question", "correct", "wrong"),
    "numeric": ("prompt", "engine"),
    "code": ("exercise",),
}


class _Problems:
    """Collects the problems of one file."""

    def __init__(self, path: Path):
        self.path, self.items = path, []

    def add(self, line: int | None, message: str) -> None:
        self.items.append(ContentError(self.path, line, message))


def _text(card: LineDict, key: str, problems: _Problems) -> str | None:
    value = card.get(key)
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        problems.add(card.line_of(key), f"{key}: expected non-empty text")
        return None
    return value.strip()


def _text_list(card: LineDict, key: str, problems: _Problems) -> tuple[str, ...]:
    value = card.get(key)
    if not isinstance(value, list) or not value:
        problems.add(card.line_of(key), f"{key}: expected a non-empty list")
        return ()
    items = tuple(str(v).strip() for v in value if isinstance(v, (str, int, float)) and str(v).strip())
    if len(items) != len(value):
        problems.add(card.line_of(key), f"{key}: every entry must be non-empty text")
    return items


def _check_numeric(card: LineDict, fields: dict, problems: _Problems) -> None:
    """Engine name, parameters and asked output must fit the engine's schema."""
    from engines import ENGINES  # torch-free: engines import torch only to solve
    from engines.base import ParamError

    engine = ENGINES.get(fields["engine"])
    params = card.get("params") or {}
    line = card.line_of("engine")
    if engine is None:
        problems.add(line, f"unknown engine {fields['engine']!r} (see `quizapp engines`)")
        return
    if not isinstance(params, dict):
        problems.add(card.line_of("params"), "params: expected a mapping")
        return
    random = card.get("random", False)
    if not isinstance(random, bool):
        problems.add(card.line_of("random"), "random: expected true or false")
    elif not random:
        if not params:
            problems.add(line, "numeric card needs params: or random: true")
            return
        try:
            engine.validate(dict(params))
        except ParamError as e:
            problems.add(card.line_of("params"), str(e))
    else:
        names = {p.name for p in engine.params}
        for extra in sorted(set(params) - names):
            problems.add(card.line_of("params"), f"{engine.name}: unknown parameter {extra!r}")
    decimals = card.get("decimals")
    if decimals is not None and (not isinstance(decimals, int) or not 0 <= decimals <= 10):
        problems.add(card.line_of("decimals"), "decimals: expected a whole number from 0 to 10")


def _build_card(deck: str, raw: Any, path: Path, problems: _Problems, index: int) -> Card | None:
    if not isinstance(raw, dict):  # the loader makes every mapping a LineDict
        problems.add(getattr(raw, "line", None), f"card #{index + 1}: expected a mapping")
        return None
    line = raw.line
    before = len(problems.items)
    card_id, kind = raw.get("id"), raw.get("kind")
    if not isinstance(card_id, str) or not card_id:
        problems.add(line, "card without an id")
        card_id = None
    elif not card_id.startswith(deck + ".") or not SLUG.match(card_id[len(deck) + 1 :]):
        problems.add(raw.line_of("id"), f"id {card_id!r} must be '{deck}.<slug>' (lowercase, digits, '-')")
    if kind not in KINDS:
        problems.add(raw.line_of("kind"), f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
        return None
    level = raw.get("level")
    if level not in LEVELS:
        problems.add(raw.line_of("level"), f"level: expected one of {', '.join(LEVELS)}, got {level!r}")
    source = _text(raw, "source", problems)
    if source is None and "source" not in raw:
        problems.add(line, "missing field 'source' (the notes section it comes from)")
    tags = raw.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) and t for t in tags):
        problems.add(raw.line_of("tags"), "tags: expected a list of words")
        tags = []
    for key in sorted(set(raw) - _COMMON - _FIELDS[kind]):
        problems.add(raw.line_of(key), f"unknown field {key!r} for a {kind} card")
    fields: dict[str, Any] = {}
    for key in _REQUIRED[kind]:
        if key not in raw:
            problems.add(line, f"missing field {key!r} for a {kind} card")
        elif key in ("correct", "wrong"):
            fields[key] = _text_list(raw, key, problems)
        else:
            fields[key] = _text(raw, key, problems)
    if kind == "cloze" and fields.get("text") and "{{" not in fields["text"]:
        problems.add(raw.line_of("text"), "cloze text has no {{gap}}")
    if kind == "choice" and set(fields.get("correct", ())) & set(fields.get("wrong", ())):
        problems.add(raw.line_of("wrong"), "an option is listed as both correct and wrong")
    if kind == "numeric" and fields.get("engine"):
        _check_numeric(raw, fields, problems)
    if len(problems.items) > before or card_id is None:
        return None
    common = dict(
        id=card_id, deck=deck, kind=kind, level=level, source=source,
        tags=tuple(tags), more=_text(raw, "more", problems), path=str(path), line=line,
    )
    if kind == "qa":
        return QACard(**common, front=fields["front"], back=fields["back"])
    if kind == "cloze":
        return ClozeCard(**common, text=fields["text"])
    if kind == "choice":
        return ChoiceCard(**common, prompt=fields["question"], correct=fields["correct"],
                          wrong=fields["wrong"], explain=_text(raw, "explain", problems))
    if kind == "numeric":
        return NumericCard(
            **common, prompt=fields["prompt"], engine=fields["engine"],
            params=plain_data(raw.get("params") or {}), random=bool(raw.get("random", False)),
            answer_key=str(raw.get("answer", "answer")), decimals=raw.get("decimals"),
            explain=_text(raw, "explain", problems),
        )
    return CodeCard(**common, exercise=fields["exercise"])


def load_deck(path: str | Path) -> tuple[Deck | None, list[ContentError]]:
    """One deck file: the deck (None if it has any problem) and its problems."""
    from quizapp.yamlsource import load_yaml_with_warnings  # PyYAML only to parse: a cached start-up skips it

    path = Path(path)
    problems = _Problems(path)
    try:
        data, warnings = load_yaml_with_warnings(path)
    except ContentError as e:
        return None, [e]
    if not isinstance(data, dict):
        return None, [ContentError(path, 1, "a deck must be a mapping with deck:, title: and cards:")]
    name = data.get("deck")
    if not isinstance(name, str) or not DECK_NAME.match(name):
        problems.add(data.line_of("deck"), "deck: expected a name of lowercase letters, digits and '-'")
        name = "?"
    for key in sorted(set(data) - {"deck", "title", "description", "cards"}):
        problems.add(data.line_of(key), f"unknown deck field {key!r}")
    raw_cards = data.get("cards")
    if not isinstance(raw_cards, list) or not raw_cards:
        problems.add(data.line_of("cards"), "cards: expected a non-empty list")
        raw_cards = []
    cards, seen = [], {}
    for index, raw in enumerate(raw_cards):
        card = _build_card(name, raw, path, problems, index)
        if card is None:
            continue
        if card.id in seen:
            problems.add(card.line, f"duplicate id {card.id!r} (first at line {seen[card.id]})")
            continue
        seen[card.id] = card.line
        cards.append(card)
    if problems.items:
        return None, sorted(problems.items, key=lambda e: e.line or 0)
    title = data.get("title") if isinstance(data.get("title"), str) else name
    description = data.get("description") if isinstance(data.get("description"), str) else ""
    return Deck(name, title, description, str(path), tuple(cards), tuple(warnings)), []


@dataclass
class Library:
    """Every deck that loaded, plus the problems of those that did not."""

    decks: list[Deck] = field(default_factory=list)
    errors: list[ContentError] = field(default_factory=list)

    @property
    def cards(self) -> list[Card]:
        return [card for deck in self.decks for card in deck.cards]

    @property
    def warnings(self) -> list[ContentError]:
        return [warning for deck in self.decks for warning in deck.warnings]

    def deck(self, name: str) -> Deck | None:
        return next((d for d in self.decks if d.name == name), None)

    def card(self, card_id: str) -> Card | None:
        return next((c for c in self.cards if c.id == card_id), None)

    def require_decks(self, names: list[str]) -> list[Deck]:
        """The named decks in the order given; any unknown name is a usage error (exit 2)."""
        unknown = [n for n in names if self.deck(n) is None]
        if unknown:
            raise unknown_decks(unknown, self)
        return [self.deck(n) for n in names]


def unknown_decks(names: list[str], library: Library) -> UsageError:
    """The one wording of "no such deck" (study, export, a ``deck:`` search), listing the decks there are."""
    known = ", ".join(d.name for d in library.decks) or "none"
    return UsageError(f"unknown deck(s): {', '.join(names)} (decks: {known})")


def deck_files(paths: list[Path]) -> list[Path]:
    """YAML deck files under each path: a file itself, or ``*.yaml`` in a folder
    and in its ``decks/`` sub-folder."""
    files: list[Path] = []
    for path in paths:
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            files += sorted(path.glob("*.yaml")) + sorted(path.glob("*.yml"))
            if (path / "decks").is_dir():
                files += sorted((path / "decks").glob("*.yaml")) + sorted((path / "decks").glob("*.yml"))
        else:
            files.append(path)  # reported as unreadable by load_deck
    return files


def load_library(paths: list[Path]) -> Library:
    """Load every deck; a bad deck is skipped, and ids must be unique across decks."""
    library = Library()
    owners: dict[str, Card] = {}
    names: dict[str, str] = {}
    for path in deck_files(paths):
        deck, errors = load_deck(path)
        if deck is not None and deck.name in names:
            errors = [ContentError(path, 1, f"deck {deck.name!r} is already defined in {names[deck.name]}")]
        elif deck is not None:
            clashes = [c for c in deck.cards if c.id in owners]
            errors = [
                ContentError(path, c.line, f"duplicate id {c.id!r} (also in {owners[c.id].path}:{owners[c.id].line})")
                for c in clashes
            ]
        if errors:
            library.errors += errors
            continue
        names[deck.name] = str(path)
        owners.update({c.id: c for c in deck.cards})
        library.decks.append(deck)
    return library
