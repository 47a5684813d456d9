"""Which keys an attempt offers when (ReviewAttempt.allows), and how long it was on
screen: the study screen's footer and the review log's duration follow these."""
from __future__ import annotations

import random
import time

import pytest

from quizapp.content.deck import load_library
from quizapp.study.attempt import ReviewAttempt
from quizapp.study.srs import AGAIN, GOOD

DECK = """\
deck: d
title: Keys by card
cards:
  - {id: d.qa, kind: qa, level: basic, source: What is an ANN?, front: Q?, back: A., more: The longer story.}
  - {id: d.cloze, kind: cloze, level: basic, source: What is an ANN?, text: "a {{b}}"}
  - {id: d.numeric, kind: numeric, level: basic, source: What is an ANN?, engine: softmax,
     params: {z: [1.0, 2.0]}, prompt: "softmax({z})[1]?", answer: answer}
"""


@pytest.fixture(scope="module")
def cards(tmp_path_factory):
    folder = tmp_path_factory.mktemp("decks")
    (folder / "d.yaml").write_text(DECK, encoding="utf-8")
    library = load_library([folder])
    assert not library.errors, library.errors
    return {card.id.split(".")[1]: card for card in library.decks[0].cards}


def attempt(card) -> ReviewAttempt:
    return ReviewAttempt.start(card, random.Random(0))


def test_before_the_answer_only_reveal_and_the_always_open_keys_are_offered(cards):
    a = attempt(cards["qa"])
    assert a.allows("reveal")
    assert not a.allows("edit") and not a.allows("more") and not a.allows("accept", GOOD)
    assert a.allows("rate", GOOD) and a.allows("pick", 0) and a.allows("undo")  # Anki shows them throughout


def test_after_the_answer_enter_accepts_only_the_default_rating(cards):
    a = attempt(cards["qa"])
    a.show_answer()
    assert not a.allows("reveal") and a.allows("edit")
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
