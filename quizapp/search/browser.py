"""What Browse knows between keys, without any UI: the cards it searches, and the
rule that reset asks twice.

The screen shows and forwards: it asks :meth:`CardBrowser.search` for the rows
and :meth:`CardBrowser.act` to change the highlighted card, and shows the
sentence it gets back. Kept here so the rules have unit tests that need no
terminal: the searchable text of each card is kept between searches (cleared
when the decks reload), and a reset, which forgets what was learnt, is only
asked about on the first press; the second press on the same card resets it,
while a search, another card or another key in between forgets the question.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from quizapp.search import query
from quizapp.study import card_flags

if TYPE_CHECKING:
    from quizapp.config import Settings
    from quizapp.content.cards import Card
    from quizapp.study.srs import CardState, Srs

ACTIONS = ("suspend", "bury", "flag", "reset")


class CardBrowser:
    def __init__(self, store, cards: Iterable[Card], settings: Callable[[], Settings]):
        """``settings()``: the settings in use now (Settings may change the weights meanwhile)."""
        self.store, self.settings = store, settings
        self.cards: dict[str, Card] = {}
        self.texts: dict[str, str] = {}  # searchable text per card, kept between searches
        self.leeches: set[str] = set()
        self.pending_reset: str | None = None  # the card whose reset was asked about
        self.reload(cards)

    def reload(self, cards: Iterable[Card]) -> None:
        """The decks were loaded again (a card was edited): search these from now on."""
        self.cards = {card.id: card for card in cards}
        self.texts.clear()

    def srs(self) -> Srs:
        """The scheduler of the settings in use now (``prop:r`` and the preview's memory line)."""
        from quizapp.study.srs import Srs

        return Srs(self.settings(), fuzzing=False)

    def search(self, text: str, now: datetime) -> list[tuple[Card, CardState]]:
        """The cards matching ``text`` with their states; raises QuizError for a bad search."""
        matches = query.find(self.store, self.cards.values(), text, now, self.settings().day_starts_at_hour,
                             texts=self.texts, srs=self.srs())
        self.leeches, self.pending_reset = self.store.resets.leech_ids(), None
        return matches

    def highlighted(self, card_id: str | None) -> None:
        """The cursor moved: a reset asked about another card is no longer asked."""
        if card_id != self.pending_reset:
            self.pending_reset = None

    def facts(self, card_id: str) -> tuple[Card, CardState, bool]:
        """The card, its state now and whether it is a leech."""
        return self.cards[card_id], self.store.card_state(card_id), card_id in self.leeches

    def act(self, action: str, card_id: str, now: datetime) -> str:
        """Do ``action`` (one of :data:`ACTIONS`) to the card at once; the sentence that says
        what happened, or, on a first reset, what a second press will do."""
        if action == "reset" and self.pending_reset != card_id:
            self.pending_reset = card_id
            return f"Press r again to reset {card_id}: it becomes new, flags cleared."
        self.pending_reset = None
        store = self.store
        if action == "suspend":
            said = card_flags.toggle_suspended(store, card_id)
        elif action == "bury":
            said = card_flags.toggle_buried(store, card_id, now, self.settings().day_starts_at_hour)
        elif action == "flag":
            said = card_flags.next_flag(store, card_id)
        elif action == "reset":
            said = card_flags.reset(store, card_id, now)
        else:
            raise ValueError(f"not a Browse action: {action!r}")
        self.leeches = store.resets.leech_ids()
        return said
