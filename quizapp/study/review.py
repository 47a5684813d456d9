"""One review of one card, independent of any UI.

``prepare`` fixes what the learner sees (shuffled options, drawn parameters,
the precision a numeric answer needs);
``check_*`` turn what they did into a correct/incorrect verdict. Solving a
numeric card needs torch, so it is a separate call the UI runs in a worker.
Each kind does these in its own module (:mod:`quizapp.content.kinds`, the ``prepare``,
``solve`` and ``check`` hooks); these functions are the names callers use.
"""
from __future__ import annotations

import random

from quizapp.content.cards import Card, NumericCard, Prompt
from quizapp.content.kinds.numeric import NumericResult

__all__ = ["NumericResult", "Prompt", "check_choice", "check_numeric", "numeric_precision", "prepare",
           "solve_numeric"]


def prepare(card: Card, rng: random.Random) -> Prompt:
    """Draw this review's options order or exercise parameters."""
    return card.prepare(rng)


def numeric_precision(card: NumericCard, engine) -> str:
    """The line under a numeric prompt saying how precise the answer must be."""
    return card.precision_line(engine)


def check_choice(prompt: Prompt, selected: set[int]) -> bool:
    """Right only when exactly the correct options are selected."""
    return prompt.card.check(prompt, selected)


def solve_numeric(prompt: Prompt, device: str = "auto") -> NumericResult:
    """Run the card's engine on this review's parameters (imports torch)."""
    return prompt.card.solve(prompt, device)


def check_numeric(prompt: Prompt, result: NumericResult, given: str):
    """Compare the typed answer with the engine's, with targeted hints for slips."""
    return prompt.card.check(prompt, given, result)
