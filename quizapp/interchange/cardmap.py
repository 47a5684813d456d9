"""Cards back into the YAML deck shape (for JSON export and import).

:func:`card_to_dict` is the inverse of :func:`quizapp.content.deck.load_deck` card by
card: feeding its output through the loader gives an equal card, which is what
makes a JSON export importable. Optional fields are left out when they hold
their default, so a written deck reads like a hand-written one; each kind
writes its own fields (``Card.to_fields``).
"""
from __future__ import annotations

from typing import Any

from quizapp.content.cards import Card, Deck


def card_to_dict(card: Card) -> dict:
    """One card as it would be written in a deck file."""
    out: dict[str, Any] = {"id": card.id, "kind": card.kind, "level": card.level}
    if card.tags:
        out["tags"] = list(card.tags)
    out["source"] = card.source
    out.update(card.to_fields())
    if card.more:
        out["more"] = card.more
    return out


def deck_to_dict(deck: Deck) -> dict:
    """A whole deck file: name, title, description and its cards."""
    out: dict[str, Any] = {"deck": deck.name, "title": deck.title}
    if deck.description:
        out["description"] = deck.description
    out["cards"] = [card_to_dict(card) for card in deck.cards]
    return out
