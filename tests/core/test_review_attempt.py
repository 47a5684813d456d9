"""The rules of one review, without a screen (milliseconds each): how each kind is
answered, which keys an attempt offers when (ReviewAttempt.allows, what the study
footer shows) and how long it was on screen (the review log's duration)."""
from __future__ import annotations

import json
import random
import time

import pytest

from quizapp.content.deck import load_library
from quizapp.study.attempt import CHOOSE, CODE, REVEAL, TYPE, ReviewAttempt
from quizapp.study.review import NumericResult
from quizapp.study.srs import AGAIN, GOOD

DECK = """\
deck: d
title: Every way of answering
cards:
  - {id: d.qa, kind: qa, level: basic, source: What is an ANN?, front: Q?, back: A., more: The longer story.}
  - {id: d.cloze, kind: cloze, level: basic, source: What is an ANN?, text: "a {{b}}"}
  - {id: d.choice, kind: choice, level: basic, source: What is an ANN?, question: Which?,
     correct: [yes], wrong: [nope]}
  - {id: d.several, kind: choice, level: basic, source: What is an ANN?, question: Which ones?,
     correct: [yes, also], wrong: [nope]}
  - {id: d.numeric, kind: numeric, level: basic, source: What is an ANN?, engine: softmax,
     params: {z: [1.0, 2.0]}, prompt: "softmax({z})[1]?", answer: answer}
  - {id: d.code, kind: code, level: basic, source: What is an ANN?, exercise: softmax}
"""


@pytest.fixture(scope="module")
def cards(tmp_path_factory):
    folder = tmp_path_factory.mktemp("decks")
    (folder / "d.yaml").write_text(DECK, encoding="utf-8")
    library = load_library([folder])
    assert not library.errors, library.errors
    return {card.id.split(".")[1]: card for card in library.decks[0].cards}


def attempt(card):
    return ReviewAttempt.start(card, random.Random(0))


def test_each_kind_is_answered_its_own_way(cards):
    assert [attempt(cards[k]).answered_by for k in ("qa", "cloze", "choice", "numeric", "code")] == [
        REVEAL, REVEAL, CHOOSE, TYPE, CODE]


def test_nothing_is_rated_before_the_answer_is_shown_then_enter_means_good(cards):
    a = attempt(cards["qa"])
    assert not a.revealed
    assert a.show_answer() is None and a.revealed and a.correct is None
    assert a.default_rating() == GOOD


def test_a_wrong_choice_defaults_to_again_and_is_logged_with_what_was_picked(cards):
    a = attempt(cards["choice"])
    assert a.show_answer() == "Pick an option first (press its letter)."
    assert not a.revealed
    wrong = a.prompt.options.index("nope")
    assert a.toggle(wrong) and a.show_answer() is None
    assert a.correct is False and a.default_rating() == AGAIN
    assert a.review_fields() == {"answer": "nope", "correct": False, "params": None}
    assert not a.toggle(0)  # revealed: picks no longer change


def test_a_single_answer_choice_keeps_one_pick_a_multiple_one_toggles(cards):
    single = attempt(cards["choice"])
    single.toggle(0)
    single.toggle(1)
    assert single.selected == {1}
    several = attempt(cards["several"])
    several.toggle(0)
    several.toggle(1)
    several.toggle(0)
    assert several.selected == {1}
    assert not several.toggle(9)


def _solution(value):
    return NumericResult(expected=value, steps=[], device="cpu")


def test_a_typed_answer_waits_for_the_engine_then_is_checked(cards):
    a = attempt(cards["numeric"])
    assert a.waiting_for_engine
    assert a.type_answer("0.731") is None and not a.revealed  # the engine has not answered yet
    assert a.solved(_solution(0.7310585786)) is None
    assert a.revealed and a.correct is True and a.default_rating() == GOOD
    fields = a.review_fields()
    assert fields["answer"] == "0.731" and json.loads(fields["params"])["params"] == {"z": [1.0, 2.0]}


def test_an_unreadable_answer_may_be_retyped_and_a_wrong_one_defaults_to_again(cards):
    a = attempt(cards["numeric"])
    a.solved(_solution(0.7310585786))
    assert a.type_answer("banana")  # a message: type again
    assert not a.revealed and a.given is None
    assert a.type_answer("") and not a.revealed
    assert a.type_answer("0.5") is None
    assert a.revealed and a.correct is False and a.default_rating() == AGAIN


def test_giving_up_on_a_numeric_card_is_a_miss(cards):
    a = attempt(cards["numeric"])
    assert a.show_answer() is None
    assert a.revealed and a.correct is False and a.given is None
    assert a.default_rating() == AGAIN


def test_without_an_engine_the_card_is_self_rated(cards):
    a = attempt(cards["numeric"])
    a.unchecked("PyTorch could not be loaded")
    assert a.revealed and a.correct is None and a.default_rating() == GOOD
    assert "rate the card yourself" in a.verdict


@pytest.mark.parametrize("kind", ["qa", "choice", "numeric"])
def test_a_revealed_attempt_stays_revealed(cards, kind):
    a = attempt(cards[kind])
    if a.answered_by == CHOOSE:
        a.toggle(0)
    a.show_answer()
    verdict = (a.revealed, a.correct)
    assert a.show_answer() is None and (a.revealed, a.correct) == verdict


def test_a_cloze_card_reveals_like_a_front_and_back(cards):
    a = attempt(cards["cloze"])
    assert a.answered_by == REVEAL and a.show_answer() is None and a.revealed


def test_a_self_rated_card_answered_in_words_keeps_them_and_shows_them_with_the_answer(cards):
    typed = attempt(cards["qa"])
    typed.said("  a weighted sum \n")
    assert typed.revealed and typed.verdict == "Your answer: a weighted sum" and typed.correct is None
    assert typed.review_fields()["answer"] == "a weighted sum" and typed.default_rating() == GOOD
    aloud = attempt(cards["cloze"])
    aloud.said("")  # said aloud: nothing typed
    assert aloud.revealed and aloud.verdict is None and aloud.review_fields()["answer"] is None
    for kind in ("choice", "numeric", "code"):  # checked or written answers are not words to rate
        other = attempt(cards[kind])
        other.said("0.5")
        assert not other.revealed and other.given is None


def test_before_the_answer_only_reveal_and_the_always_open_keys_are_offered(cards):
    a = attempt(cards["qa"])
    assert a.allows("reveal")
    assert not a.allows("edit") and not a.allows("more") and not a.allows("accept", GOOD)
    # Anki's ratings appear with the answer: before it, 1-4 did nothing while the footer offered them.
    assert not a.allows("rate", GOOD)
    assert a.allows("pick", 0) and a.allows("undo")


def test_after_the_answer_enter_accepts_only_the_default_rating(cards):
    a = attempt(cards["qa"])
    a.show_answer()
    assert not a.allows("reveal") and a.allows("edit") and a.allows("rate", AGAIN) and a.allows("rate", GOOD)
    assert a.allows("accept", GOOD) and not a.allows("accept", AGAIN)
    numeric = attempt(cards["numeric"])
    numeric.show_answer()  # given up: a miss, so Enter is Again
    assert numeric.allows("accept", AGAIN) and not numeric.allows("accept", GOOD)


def test_more_is_offered_only_where_the_card_has_more_to_read(cards):
    qa, cloze = attempt(cards["qa"]), attempt(cards["cloze"])
    qa.show_answer()
    cloze.show_answer()
    assert qa.allows("more") and not cloze.allows("more")


def test_the_duration_counts_from_when_the_card_was_shown(cards):
    a = attempt(cards["numeric"])
    time.sleep(0.02)
    a.type_answer("0.73")  # answering does not restart it
    assert 20 <= a.elapsed_ms() < 10_000
    assert attempt(cards["qa"]).elapsed_ms() < a.elapsed_ms()
