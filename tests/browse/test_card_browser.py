"""Browse's rules without a terminal (quizapp.search.browser): reset asks on the first
press only, anything in between forgets the question, and the text cache follows the decks."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

from quizapp.config import Settings
from quizapp.content.deck import load_library
from quizapp.search.browser import CardBrowser

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def browser(store, deck_dir):
    return CardBrowser(store, load_library([deck_dir]).cards, lambda: Settings())


def learnt(browser, card_id: str) -> None:
    """A card with something a reset clears: an orange flag."""
    browser.store.set_flags(card_id, flag=2)
    assert browser.store.card_state(card_id).flag == 2


def test_reset_asks_first_and_the_second_press_on_the_same_card_resets_it(browser):
    learnt(browser, "demo.relu")
    assert browser.act("reset", "demo.relu", NOW) == (
        "Press r again to reset demo.relu: it becomes new, flags cleared.")
    assert browser.store.card_state("demo.relu").flag == 2  # only asked
    assert browser.act("reset", "demo.relu", NOW) == "demo.relu reset: it is new again."
    assert browser.store.card_state("demo.relu").flag == 0
    assert browser.pending_reset is None  # a third press asks again
    assert browser.act("reset", "demo.relu", NOW).startswith("Press r again")


@pytest.mark.parametrize("between", ["another card", "another key", "a search"])
def test_anything_between_the_two_presses_forgets_the_question(browser, between):
    learnt(browser, "demo.relu")
    browser.act("reset", "demo.relu", NOW)
    if between == "another card":
        browser.highlighted("demo.sigmoid")
    elif between == "another key":
        browser.act("flag", "demo.relu", NOW)
    else:
        browser.search("", NOW)
    assert browser.act("reset", "demo.relu", NOW).startswith("Press r again")
    browser.highlighted("demo.relu")  # the cursor staying on the card keeps the question
    assert browser.act("reset", "demo.relu", NOW) == "demo.relu reset: it is new again."


def test_the_card_actions_change_the_store_and_say_so(browser):
    assert browser.act("suspend", "demo.relu", NOW) == "demo.relu suspended."
    assert browser.act("bury", "demo.relu", NOW) == "demo.relu buried until the next study day."
    assert browser.act("flag", "demo.relu", NOW) == "demo.relu: red flag."
    card, state, leech = browser.facts("demo.relu")
    assert card.id == "demo.relu" and state.suspended and state.buried_until and state.flag == 1 and not leech
    with pytest.raises(ValueError, match="not a Browse action"):
        browser.act("delete", "demo.relu", NOW)


def test_search_finds_by_the_language_and_reload_forgets_the_cached_text(browser, deck_dir):
    assert [card.id for card, _ in browser.search("weighted", NOW)] == ["demo.what-is-ann"]
    assert browser.texts  # the searchable text is kept for the next search
    deck = deck_dir / "demo.yaml"
    deck.write_text(deck.read_text().replace("weighted sums", "affine maps"))
    browser.reload(load_library([deck_dir]).cards)
    assert browser.search("weighted", NOW) == []  # not the text cached before the edit
    assert [card.id for card, _ in browser.search("affine", NOW)] == ["demo.what-is-ann"]
