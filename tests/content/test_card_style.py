"""Card style that helps recall: one question per front, answers that fit a breath.

A front that asks two things ("What is X, and why does Y?") is graded as one
review, so the learner can only rate both halves together; a back longer than
a breath stops being recalled and starts being re-read. Details go to `more`
(or a choice card's `explain`), which these checks leave alone.
"""
from __future__ import annotations

import re

import pytest

from quizapp.content.cards import ChoiceCard, QACard
from quizapp.content.deck import load_library
from quizapp.paths import builtin_content_dir

BACK_LIMIT = 250  # characters of `back`, not counting `more`

# A second question joined to the first: "..., and why ...", "... and what ...",
# "..., and is it ...". A bare "and" is fine ("between A and B", "train and eval").
SECOND_QUESTION = re.compile(
    r"\band (?:why|how|what|when|where|which|who)\b"
    r"|,\s*and (?:is|are|does|do|did|can|should|would)\b",
    re.IGNORECASE,
)

CARDS = load_library([builtin_content_dir() / "decks"]).cards


def question_of(card) -> str | None:
    if isinstance(card, QACard):
        return card.front
    if isinstance(card, ChoiceCard):
        return card.prompt
    return None


def asks_two_things(question: str) -> bool:
    return question.count("?") > 1 or SECOND_QUESTION.search(question) is not None


@pytest.mark.parametrize(
    "question",
    [
        "What is teacher forcing, and what problem does it cause?",
        "Why apply ReLU after a convolution and why not sigmoid?",
        "What kind of algorithm is selective search, and is it learned?",
        "What is internal covariate shift? Is it why BatchNorm works?",
        "How does Nesterov momentum differ from classical momentum, and when does it help?",
    ],
)
def test_two_question_fronts_are_recognised(question):
    assert asks_two_things(question)


@pytest.mark.parametrize(
    "question",
    [
        "What is the difference between nn.RNNCell and nn.RNN in PyTorch?",
        "How does nn.Dropout(p) behave in training and in evaluation?",
        "Which of these are hyperparameters, chosen before training? Select all that apply.",
        "Over which values does LayerNorm compute its mean and variance, compared with BatchNorm?",
        "Approximation vs generalisation, what is the difference?",
        "A model with sigmoid and BCE loss: what is ∂L/∂z?",
    ],
)
def test_one_question_fronts_pass(question):
    assert not asks_two_things(question)


def test_every_front_asks_one_question():
    offenders = [f"{c.id}: {question_of(c)!r}" for c in CARDS
                 if question_of(c) is not None and asks_two_things(question_of(c))]
    assert offenders == [], "split these into one card per question:\n" + "\n".join(offenders)


def test_every_back_fits_a_breath():
    offenders = [f"{c.id}: {len(c.back.strip())} characters" for c in CARDS
                 if isinstance(c, QACard) and len(c.back.strip()) > BACK_LIMIT]
    assert offenders == [], f"move details to `more` (backs of at most {BACK_LIMIT}):\n" + "\n".join(offenders)
