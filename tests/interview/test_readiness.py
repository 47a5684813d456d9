"""Readiness against FSRS's closed form, R = (1 + factor * t / S) ** decay, written out
here from the weights (decay = -w20, factor = 0.9 ** (1 / decay) - 1) rather than read
from fsrs, with t in whole *study* days as Anki counts them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Card, State
from hypothesis import given
from hypothesis import strategies as st

from quizapp.config import Settings
from quizapp.study.readiness import card_recall, readiness
from quizapp.study.srs import CardState, Srs

LAST = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Topical:
    id: str
    deck: str
    tags: tuple[str, ...] = ()


def closed_form(srs: Srs, days: int, stability: float) -> float:
    decay = -srs.scheduler.parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    return (1 + factor * days / stability) ** decay


def reviewed(card_id: str, stability: float, last: datetime = LAST, **flags) -> CardState:
    card = Card(card_id=0, state=State.Review, stability=stability, difficulty=5.0,
                due=last + timedelta(days=3), last_review=last)
    return CardState(card_id, card, reps=3, **flags)


@pytest.fixture
def srs():
    return Srs(Settings(), fuzzing=False, tz=UTC)


def test_a_card_reads_the_closed_form_in_study_days(srs):
    # 05-04 05:00 is study day 05-04 (days start at 4): 3 study days, though only
    # 2 whole 24-hour periods have passed since 05-01 12:00.
    on = datetime(2024, 5, 4, 5, 0, tzinfo=UTC)
    state = reviewed("a.x", 4.5)
    assert card_recall([Topical("a.x", "a")], {"a.x": state}, srs, on)["a.x"] == pytest.approx(
        closed_form(srs, 3, 4.5), rel=1e-12)
    before_the_day_turns = datetime(2024, 5, 4, 3, 59, tzinfo=UTC)
    assert card_recall([Topical("a.x", "a")], {"a.x": state}, srs, before_the_day_turns)["a.x"] == pytest.approx(
        closed_form(srs, 2, 4.5), rel=1e-12)


def test_overall_and_topics_average_cards_weakest_first_with_never_seen_as_zero(srs):
    on = LAST + timedelta(days=10)
    cards = [Topical("a.1", "a", ("loss",)), Topical("a.2", "a", ("loss", "cnn")),
             Topical("b.1", "b", ("cnn",)), Topical("b.2", "b")]
    states = {"a.1": reviewed("a.1", 30.0), "a.2": reviewed("a.2", 2.0), "b.1": reviewed("b.1", 100.0)}
    r1, r2, r3 = (closed_form(srs, 10, s) for s in (30.0, 2.0, 100.0))
    result = readiness(cards + cards[:1], states, srs, on)  # a card listed twice counts once
    assert result.cards == 4
    assert result.overall == pytest.approx((r1 + r2 + r3 + 0) / 4)
    assert [(t.topic, t.cards) for t in result.by_deck] == [("b", 2), ("a", 2)]
    assert [t.value for t in result.by_deck] == pytest.approx([r3 / 2, (r1 + r2) / 2])
    assert [(t.topic, t.cards) for t in result.by_tag] == [("loss", 2), ("cnn", 2)]
    assert [t.value for t in result.by_tag] == pytest.approx([(r1 + r2) / 2, (r2 + r3) / 2])
    unseen = readiness([Topical("z.1", "z"), Topical("z.2", "z"), Topical("y.1", "y")], {}, srs, on)
    assert [(t.topic, t.cards) for t in unseen.by_deck] == [("z", 2), ("y", 1)]  # a tie: the bigger first


def test_a_tag_that_says_where_a_card_comes_from_is_not_a_topic(srs):
    """``supplementary`` marks cards beyond the notes (a third of them): it is searchable,
    but as a "study next" topic it only said "study the cards the notes leave out"."""
    cards = [Topical("a.1", "a", ("supplementary", "loss")), Topical("a.2", "a", ("supplementary",))]
    assert [t.topic for t in readiness(cards, {}, srs, LAST).by_tag] == ["loss"]


def test_suspended_cards_are_not_counted_and_nothing_counts_zero(srs):
    cards = [Topical("a.1", "a"), Topical("a.2", "a")]
    states = {"a.1": reviewed("a.1", 5.0, suspended=True)}
    result = readiness(cards, states, srs, LAST)
    assert (result.overall, result.cards, [t.cards for t in result.by_deck]) == (0.0, 1, [1])
    empty = readiness([], {}, srs, LAST)
    assert (empty.overall, empty.cards, empty.by_deck, empty.by_tag) == (0.0, 0, [], [])


@given(stability=st.floats(0.01, 36500), days=st.integers(0, 3650), more=st.integers(0, 3650),
       hour=st.integers(0, 23))
def test_more_elapsed_days_never_raise_recall(stability, days, more, hour):
    srs = Srs(Settings(day_starts_at_hour=hour), fuzzing=False, tz=UTC)
    state = {"a.x": reviewed("a.x", stability)}
    cards = [Topical("a.x", "a")]
    sooner = readiness(cards, state, srs, LAST + timedelta(days=days)).overall
    later = readiness(cards, state, srs, LAST + timedelta(days=days + more)).overall
    assert 0.0 < later <= sooner <= 1.0
