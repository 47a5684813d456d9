"""Load YAML decks into typed cards, reporting every problem as ``path:line``.

A deck with errors is skipped as a whole (a half-loaded deck would show cards
the author did not mean to ship); the other decks still load. All problems of
a file are reported at once, so an author fixes them in one pass.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from quizapp.content import file_memo
from quizapp.content.cards import BY_KIND, KINDS, LEVELS, Card, Deck
from quizapp.content.kinds.fields import text
from quizapp.errors import ContentError, UsageError

if TYPE_CHECKING:
    from quizapp.content.yamlsource import LineDict, LineList

DECK_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")

_COMMON = {"id", "kind", "level", "tags", "source", "more"}


class _Problems:
    """Collects the problems of one file."""

    def __init__(self, path: Path):
        self.path = path
        self.items: list[ContentError] = []

    def add(self, line: int | None, message: str) -> None:
        self.items.append(ContentError(self.path, line, message))


def _card_id(deck: str, raw: LineDict, problems: _Problems) -> str | None:
    """The card's id, None when there is none; a badly formed one is reported."""
    card_id = raw.get("id")
    if not isinstance(card_id, str) or not card_id:
        problems.add(raw.line, "card without an id")
        return None
    if not card_id.startswith(deck + ".") or not SLUG.match(card_id[len(deck) + 1 :]):
        problems.add(raw.line_of("id"), f"id {card_id!r} must be '{deck}.<slug>' (lowercase, digits, '-')")
    return card_id


def _kind_class(raw: LineDict, problems: _Problems) -> type[Card] | None:
    kind = raw.get("kind")
    cls = BY_KIND.get(kind) if isinstance(kind, str) else None
    if cls is None:
        problems.add(raw.line_of("kind"), f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    return cls


def _common_fields(raw: LineDict, problems: _Problems) -> dict[str, Any]:
    """Level, source and tags, which every kind has."""
    level = raw.get("level")
    if level not in LEVELS:
        problems.add(raw.line_of("level"), f"level: expected one of {', '.join(LEVELS)}, got {level!r}")
    source = text(raw, "source", problems)
    if source is None and "source" not in raw:
        problems.add(raw.line, "missing field 'source' (the notes section it comes from)")
    tags = raw.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) and t for t in tags):
        problems.add(raw.line_of("tags"), "tags: expected a list of words")
        tags = []
    return {"level": level, "source": source, "tags": tuple(tags)}


def _kind_fields(cls: type[Card], raw: LineDict, problems: _Problems) -> dict[str, Any]:
    """The kind's required fields as read, after its own checks."""
    for key in sorted(set(raw) - _COMMON - set(cls.REQUIRED) - set(cls.OPTIONAL)):
        problems.add(raw.line_of(key), f"unknown field {key!r} for a {cls.KIND} card")
    fields: dict[str, Any] = {}
    for key, read in cls.REQUIRED.items():
        if key not in raw:
            problems.add(raw.line, f"missing field {key!r} for a {cls.KIND} card")
        else:
            fields[key] = read(raw, key, problems)
    cls.check_fields(raw, fields, problems)
    return fields


def _build_card(deck: str, raw: Any, path: Path, problems: _Problems, index: int, line: int) -> Card | None:
    """One card, or None when it has any problem (each reported at its line; ``line``: the item's)."""
    if not isinstance(raw, dict):  # the loader makes every mapping a LineDict
        problems.add(line, f"card #{index + 1}: expected a mapping")
        return None
    raw = cast("LineDict", raw)
    before = len(problems.items)
    card_id = _card_id(deck, raw, problems)
    cls = _kind_class(raw, problems)
    if cls is None:
        return None
    common = _common_fields(raw, problems)
    fields = _kind_fields(cls, raw, problems)
    if len(problems.items) > before or card_id is None:
        return None
    return cls.from_fields(raw, fields, problems, id=card_id, deck=deck, kind=cls.KIND, path=str(path),
                           line=raw.line, more=text(raw, "more", problems), **common)


def load_deck(path: str | Path) -> tuple[Deck | None, list[ContentError]]:
    """One deck file: the deck (None if it has any problem) and its problems."""
    deck, problems = _load_deck_file(Path(path))
    return deck, list(problems)


@file_memo.by_content
def _load_deck_file(path: Path) -> tuple[Deck | None, tuple[ContentError, ...]]:
    from quizapp.content.yamlsource import load_yaml_with_warnings  # PyYAML only to parse: a cached start-up skips it

    problems = _Problems(path)
    try:
        data, warnings = load_yaml_with_warnings(path)
    except ContentError as e:
        return None, (e,)
    if not isinstance(data, dict):
        return None, (ContentError(path, 1, "a deck must be a mapping with deck:, title: and cards:"),)
    data = cast("LineDict", data)  # the loader makes every mapping a LineDict
    name = data.get("deck")
    if not isinstance(name, str) or not DECK_NAME.match(name):
        problems.add(data.line_of("deck"), "deck: expected a name of lowercase letters, digits and '-'")
        name = "?"
    for key in sorted(set(data) - {"deck", "title", "description", "cards", "overrides"}):
        problems.add(data.line_of(key), f"unknown deck field {key!r}")
    overrides = data.get("overrides", False)
    if not isinstance(overrides, bool):
        problems.add(data.line_of("overrides"), "overrides: expected true (this file's cards replace those"
                                                " of the same id in the deck of its name) or false")
    raw_cards = data.get("cards")
    if not isinstance(raw_cards, list) or not raw_cards:
        problems.add(data.line_of("cards"), "cards: expected a non-empty list")
        raw_cards = []
    raw_cards = cast("LineList", raw_cards)  # the loader makes every list a LineList
    cards: list[Card] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(raw_cards):
        card = _build_card(name, raw, path, problems, index, raw_cards.line_at(index))
        if card is None:
            continue
        if card.id in seen:
            problems.add(card.line, f"duplicate id {card.id!r} (first at line {seen[card.id]})")
            continue
        seen[card.id] = card.line
        cards.append(card)
    if problems.items:
        return None, tuple(sorted(problems.items, key=lambda e: e.line or 0))
    title, description = data.get("title"), data.get("description")
    title = title if isinstance(title, str) else name
    description = description if isinstance(description, str) else ""
    return Deck(name, title, description, str(path), tuple(cards), tuple(warnings), overrides is True), ()


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
        found: dict[str, Deck] = {}
        for deck in self.decks:
            found.setdefault(deck.name, deck)  # the first of a name, as deck() finds it
        unknown = [n for n in names if n not in found]
        if unknown:
            raise unknown_decks(unknown, self)
        return [found[n] for n in names]


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
    """Load every deck; a bad deck is skipped, and ids must be unique across decks.

    A deck file with ``overrides: true`` is applied after the others, whatever the
    folder order: see :mod:`quizapp.content.overrides`."""
    from quizapp.content.overrides import apply_overrides

    library = Library()
    owners: dict[str, Card] = {}
    names: dict[str, str] = {}
    overriding: list[Deck] = []
    for path in deck_files(paths):
        deck, errors = load_deck(path)
        if deck is not None and deck.overrides:
            overriding.append(deck)
            continue
        if deck is not None and deck.name in names:
            errors = [ContentError(path, 1, f"deck {deck.name!r} is already defined in {names[deck.name]}")]
        elif deck is not None:
            clashes = [c for c in deck.cards if c.id in owners]
            errors = [
                ContentError(path, c.line, f"duplicate id {c.id!r} (also in {owners[c.id].path}:{owners[c.id].line})")
                for c in clashes
            ]
        if errors or deck is None:  # no deck comes with its errors
            library.errors += errors
            continue
        names[deck.name] = str(path)
        owners.update({c.id: c for c in deck.cards})
        library.decks.append(deck)
    overridden: dict[str, Card] = {}  # a card id -> the overriding card that took its place
    for deck in overriding:  # a second version of one card: which shows would depend on folder order
        clashes = [c for c in deck.cards if c.id in overridden]
        if clashes:
            library.errors += [ContentError(deck.path, c.line, f"card {c.id!r} is also in {overridden[c.id].path}:"
                                                               f"{overridden[c.id].line}, which overrides deck"
                                                               f" {deck.name!r} too")
                               for c in clashes]
            continue
        overridden.update({c.id: c for c in deck.cards})
        apply_overrides(library, deck)
    return library
