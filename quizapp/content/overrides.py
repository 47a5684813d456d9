"""A deck file of one's own versions of another deck's cards (``overrides: true``).

A built-in deck lives inside the install, read-only, and a card id must never
change (its review history is keyed by it). So a learner who edits a built-in
card edits a copy in their own deck folder: a deck file with the same ``deck:``
name and ``overrides: true``, holding only the cards they changed. Each of its
cards takes the place of the card with its id, where that card stood; a card with
a new id joins the deck. The deck keeps its own title and file, and a card knows
the file and line it now comes from, so editing it again opens the copy. An
overriding file with any problem is skipped whole, like any deck: the built-in
cards show until it is fixed, and nothing in it is lost. With no deck of its name
loaded (a built-in deck renamed in a later version, a typo in ``deck:``), it stands
as a deck of its own, with a warning that says so. Two files overriding one card are
refused in the later one (:func:`quizapp.content.deck.load_library`).
"""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from quizapp.content.cards import Deck
from quizapp.errors import ContentError

if TYPE_CHECKING:
    from quizapp.content.deck import Library


def apply_overrides(library: Library, deck: Deck) -> None:
    """Put ``deck``'s cards into the library's deck of its name. Its new ids cannot be
    another deck's: an id starts with its deck's name, and a deck file is unique by name."""
    index = next((i for i, d in enumerate(library.decks) if d.name == deck.name), None)
    if index is None:
        alone = ContentError(deck.path, 1, f"overrides: no deck {deck.name!r} is loaded, so its cards stand as"
                                           " a deck of their own")
        base = replace(deck, cards=(), warnings=(alone,))
    else:
        base = library.decks[index]
    mine = {c.id: c for c in deck.cards}
    replaced = {c.id for c in base.cards}
    cards = tuple(mine.get(c.id, c) for c in base.cards) + tuple(c for c in deck.cards if c.id not in replaced)
    merged = replace(base, cards=cards, warnings=base.warnings + deck.warnings)
    if index is None:
        library.decks.append(merged)
    else:
        library.decks[index] = merged
