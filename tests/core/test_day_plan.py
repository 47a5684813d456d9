"""What today brings per deck (issue 17): the top limit is shared by all decks, each
deck may have its own limit under it, new cards from several decks are mixed, and
the home counts add up to what "Study all" studies."""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from quizapp.config import DeckLimit
from quizapp.study.counts import deck_counts, plan_day
from timekeeping import UTC


def _decks(make_cards, **sizes):
    """Cards of several decks in deck order: ``_decks(make_cards, a=10, b=10)``."""
    return [card for deck, n in sizes.items() for card in make_cards(n, deck=deck)]


def _study_all(session):
    """Every card the session shows today, answering Easy (out of today's queue)."""
    shown = []
    while (card := session.current()) is not None:
        shown.append(card)
        session.answer(4)
    return shown


def test_mixed_order_interleaves_the_decks_and_the_counts_add_up_to_study_all(
        store, clock, settings, session_factory, make_cards):
    """The issue: 'New 20' showed on every deck and 'Study all' took all 20 from the first."""
    cards = _decks(make_cards, cnn=10, choice=10, code=3)
    counts = deck_counts(store, cards, settings, clock.now, UTC)
    assert counts == {"cnn": (0, 9), "choice": (0, 8), "code": (0, 3)}
    shown = _study_all(session_factory(cards))
    assert [c.deck for c in shown[:6]] == ["cnn", "choice", "code"] * 2
    assert [c.id for c in shown if c.deck == "cnn"] == [f"cnn.c{i:03d}" for i in range(9)]  # its own order
    assert {deck: sum(c.deck == deck for c in shown) for deck in counts} == {d: n for d, (_, n) in counts.items()}


def test_deck_order_takes_deck_after_deck_as_before(store, clock, settings, session_factory, make_cards):
    cards = _decks(make_cards, cnn=15, choice=10)
    by_deck = replace(settings, new_card_order="deck")
    assert deck_counts(store, cards, by_deck, clock.now, UTC) == {"cnn": (0, 15), "choice": (0, 5)}
    assert [c.id for c in _study_all(session_factory(cards, settings=by_deck))] == [c.id for c in cards[:20]]


def test_a_decks_own_new_limit_holds_under_the_top_one_and_counts_todays_cards(
        store, clock, settings, session_factory, make_cards):
    cards = _decks(make_cards, cnn=10, rnn=10, ann=15)
    limited = replace(settings, new_per_day=12,
                      deck_limits=(DeckLimit("cnn", new_per_day=2), DeckLimit("ann", new_per_day=50)))
    assert deck_counts(store, cards, limited, clock.now, UTC) == {"cnn": (0, 2), "rnn": (0, 5), "ann": (0, 5)}
    studied = session_factory(cards[:10], settings=limited)  # cnn alone: its own limit of 2
    assert studied.remaining() == (2, 0, 0)
    studied.answer(4)
    clock.advance(minutes=5)
    assert deck_counts(store, cards, limited, clock.now, UTC) == {"cnn": (0, 1), "rnn": (0, 5), "ann": (0, 5)}
    # ann alone: its own 50 and the top limit (12, one spent) both apply
    assert session_factory(cards[20:], settings=limited).remaining() == (11, 0, 0)


def test_review_limits_per_deck_and_on_top_take_the_earliest_due(store, clock, settings, session_factory,
                                                                   make_cards):
    cards = _decks(make_cards, cnn=4, rnn=4)
    _study_all(session_factory(cards, settings=replace(settings, new_per_day=8)))  # all eight to review
    clock.now = max(store.card_state(c.id).due for c in cards) + timedelta(days=1)
    limited = replace(settings, reviews_per_day=5, deck_limits=(DeckLimit("cnn", reviews_per_day=1),))
    day = plan_day(store, cards, limited, clock.now, UTC)
    assert day.by_deck == {"cnn": (0, 1, 0), "rnn": (0, 4, 0)}
    earliest_cnn = min((store.card_state(c.id).due, c.id) for c in cards[:4])[1]
    assert earliest_cnn in [cid for _, cid in day.reviews]
    session = session_factory(cards, settings=limited)
    assert session.remaining() == (0, 0, 5)
    while (card := session.current()) is not None and card.deck != "cnn":
        session.answer(3)
    session.answer(3)  # the one cnn review of the day
    clock.advance(minutes=1)
    assert deck_counts(store, cards, limited, clock.now, UTC)["cnn"] == (0, 0)


def test_random_order_is_the_same_after_a_restart_and_after_a_card_is_studied(
        store, clock, settings, session_factory, make_cards):
    cards = _decks(make_cards, cnn=30, rnn=30)
    shuffled = replace(settings, new_card_order="random", new_per_day=10)
    first = plan_day(store, cards, shuffled, clock.now, UTC).new
    assert plan_day(store, cards, shuffled, clock.now, UTC).new == first  # a restart: the same cards
    assert first != [c.id for c in cards[:10]] and {cid[:3] for cid in first} == {"cnn", "rnn"}
    session = session_factory(cards, settings=shuffled)
    assert session.current().id == first[0]
    session.answer(4)
    clock.advance(minutes=1)
    assert plan_day(store, cards, shuffled, clock.now, UTC).new == first[1:]  # the others keep their places
    clock.advance(days=1)
    assert plan_day(store, cards, shuffled, clock.now, UTC).new[:9] != first[1:]  # a new day, a new shuffle


def test_a_drills_own_new_number_ignores_the_daily_limits(store, clock, settings, session_factory, make_cards):
    cards = _decks(make_cards, cnn=5, rnn=5)
    limited = replace(settings, new_per_day=1, deck_limits=(DeckLimit("cnn", new_per_day=0),))
    drill = session_factory(cards, settings=limited, new_limit=4)
    assert [c.id for c in _study_all(drill)] == ["cnn.c000", "rnn.c000", "cnn.c001", "rnn.c001"]


def test_a_card_studied_takes_one_off_its_own_decks_row_and_moves_no_other(
        store, clock, settings, session_factory, make_cards):
    """Driven in tmux: after one ann card, home showed ann 2 again and took one from the last deck."""
    cards = _decks(make_cards, ann=5, cnn=5, rnn=5)
    five = replace(settings, new_per_day=5)
    assert deck_counts(store, cards, five, clock.now, UTC) == {"ann": (0, 2), "cnn": (0, 2), "rnn": (0, 1)}
    session = session_factory(cards, settings=five)
    session.answer(4)  # ann's first
    clock.advance(minutes=1)
    assert deck_counts(store, cards, five, clock.now, UTC) == {"ann": (0, 1), "cnn": (0, 2), "rnn": (0, 1)}
    assert [c.deck for c in _study_all(session_factory(cards, settings=five))] == ["cnn", "rnn", "ann", "cnn"]
