"""Choosing a mock interview's questions (quizapp.study.mock_plan): the interview mix,
fitted to the minutes, the chosen decks and levels only, weak topics and cards first."""
from __future__ import annotations

import random
from collections import Counter

import pytest

from quizapp.content.cards import ChoiceCard, CodeCard, NumericCard, QACard
from quizapp.study.mock_plan import (
    CODING,
    CONCEPTS,
    NUMERIC,
    MockOptions,
    card_weights,
    choose_questions,
    estimate_s,
    section,
)


def qa(deck: str, n: int, level: str = "basic") -> QACard:
    return QACard(id=f"{deck}.q{n}", deck=deck, kind="qa", level=level, source="s", front="f", back="b")


def numeric(deck: str, n: int) -> NumericCard:
    return NumericCard(id=f"{deck}.n{n}", deck=deck, kind="numeric", level="basic", source="s", prompt="p",
                       engine="softmax")


def code(n: int) -> CodeCard:
    return CodeCard(id=f"exercises.e{n}", deck="exercises", kind="code", level="advanced", source="s",
                    exercise=f"e{n}")


def choice(deck: str, n: int) -> ChoiceCard:
    return ChoiceCard(id=f"{deck}.c{n}", deck=deck, kind="choice", level="basic", source="s", prompt="p",
                      correct=("a",), wrong=("b",))


@pytest.fixture
def library():
    """Two topic decks with concepts and numeric cards, and the coding exercises."""
    cards = [qa(deck, i, "advanced" if i % 3 == 0 else "basic") for deck in ("cnn", "rnn") for i in range(30)]
    cards += [choice(deck, i) for deck in ("cnn", "rnn") for i in range(10)]
    cards += [numeric(deck, i) for deck in ("cnn", "rnn") for i in range(10)]
    return cards + [code(i) for i in range(5)]


def even(cards) -> dict[str, float]:
    return {card.id: 1.0 for card in cards}


def test_thirty_minutes_ask_concepts_then_numeric_then_one_coding_exercise(library):
    questions = choose_questions(library, MockOptions(minutes=30), even(library), random.Random(1))
    sections = [section(card) for card in questions]
    assert sections == sorted(sections, key=[CONCEPTS, NUMERIC, CODING].index)  # the interview's order
    counts = Counter(sections)
    assert counts[CODING] == 1 and counts[NUMERIC] == 2 and counts[CONCEPTS] >= 5
    assert sum(map(estimate_s, questions)) <= 30 * 60
    assert sum(map(estimate_s, questions)) > 30 * 60 - 60  # and fill it: the shortest question is a minute
    assert len({card.id for card in questions}) == len(questions)


@pytest.mark.parametrize("minutes", [5, 12, 20, 45, 90, 180])
def test_the_questions_fit_the_minutes(library, minutes):
    for seed in range(5):
        questions = choose_questions(library, MockOptions(minutes=minutes), even(library), random.Random(seed))
        assert questions and sum(map(estimate_s, questions)) <= minutes * 60
    short = choose_questions(library, MockOptions(minutes=5), even(library), random.Random(0))
    assert CODING not in map(section, short)  # a ten-minute exercise does not fit a five-minute mock


def test_a_deck_without_numeric_or_code_cards_gives_the_time_to_concepts():
    cards = [qa("theory", i) for i in range(40)]
    questions = choose_questions(cards, MockOptions(minutes=20), even(cards), random.Random(0))
    assert len(questions) == 10 and {section(c) for c in questions} == {CONCEPTS}


def test_only_the_chosen_decks_and_levels_are_asked(library):
    options = MockOptions(minutes=60, decks=("rnn",), levels=("advanced",))
    questions = choose_questions(library, options, even(library), random.Random(3))
    assert questions and {(c.deck, c.level) for c in questions} == {("rnn", "advanced")}


def test_weak_topics_and_weak_cards_come_up_most(library):
    readiness = {"cnn": 0.95, "rnn": 0.2}
    recall = {card.id: 0.9 for card in library}
    recall["cnn.q1"] = 0.0  # one forgotten card in the strong deck
    weights = card_weights(library, recall, readiness)
    assert weights["rnn.q2"] > weights["cnn.q1"] > weights["cnn.q2"] > 0
    decks, forgotten = Counter(), 0
    for seed in range(200):
        questions = choose_questions(library, MockOptions(minutes=15, decks=("cnn", "rnn")), weights,
                                     random.Random(seed))
        decks.update(card.deck for card in questions)
        forgotten += "cnn.q1" in {card.id for card in questions}
    assert decks["rnn"] > 1.5 * decks["cnn"]
    assert decks["cnn"] > 0  # the strong deck still comes up: one deck does not take the whole mock
    assert forgotten > 200 * 5 / 50  # more often than a card of its deck drawn evenly


def test_a_never_seen_card_and_an_unknown_topic_count_as_weakest(library):
    weights = card_weights(library[:2], {}, {})
    assert set(weights.values()) == {(1.1 * 1.1)}


@pytest.mark.parametrize(("options", "problem"), [
    (MockOptions(minutes=4), "--minutes must be 5-180, not 4"),
    (MockOptions(minutes=181), "--minutes must be 5-180, not 181"),
    (MockOptions(levels=("expert",)), "unknown level(s): expert (levels: basic, advanced, research)"),
    (MockOptions(minutes=5, levels=("research",)), None),
])
def test_options_say_what_is_wrong_with_them(options, problem):
    assert options.problem() == problem
