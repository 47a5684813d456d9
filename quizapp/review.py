"""One review of one card, independent of any UI.

``prepare`` fixes what the learner sees (shuffled options, drawn parameters,
the precision a numeric answer needs);
``check_*`` turn what they did into a correct/incorrect verdict. Solving a
numeric card needs torch, so it is a separate call the UI runs in a worker.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from quizapp.cards import Card, ChoiceCard, NumericCard
from quizapp.formatting import render_prompt


@dataclass
class Prompt:
    """What is shown for one review: the text, options in shown order, parameters."""

    card: Card
    text: str
    options: list[str] = field(default_factory=list)
    params: dict[str, Any] | None = None
    seed: int | None = None


def prepare(card: Card, rng: random.Random) -> Prompt:
    """Draw this review's options order or exercise parameters."""
    if isinstance(card, ChoiceCard):
        options = [*card.correct, *card.wrong]
        rng.shuffle(options)
        return Prompt(card, card.prompt, options=options)
    if isinstance(card, NumericCard):
        from engines import get_engine

        engine = get_engine(card.engine)
        seed = None
        if card.random:
            seed = rng.randrange(2**31)
            params = engine.generate(random.Random(seed), card.level, fixed=card.params)
        else:
            params = engine.validate(dict(card.params))
        text = f"{render_prompt(card.prompt, params)}\n{numeric_precision(card, engine)}"
        return Prompt(card, text, params=params, seed=seed)
    return Prompt(card, card.question)


def numeric_precision(card: NumericCard, engine) -> str:
    """The line under a numeric prompt saying how precise the answer must be,
    generated from the card's tolerance so that it can never disagree with the
    checker (an integer output is exact, whatever ``decimals`` says)."""
    from quizapp.grading.precision import precision_line

    return precision_line(card.decimals, card.answer_key in engine.exact_outputs)


def check_choice(prompt: Prompt, selected: set[int]) -> bool:
    """Right only when exactly the correct options are selected."""
    card = prompt.card
    assert isinstance(card, ChoiceCard)
    chosen = {prompt.options[i] for i in selected}
    return chosen == set(card.correct)


@dataclass
class NumericResult:
    """A solved numeric review: the expected value, the worked steps, the verdict."""

    expected: Any
    steps: list
    device: str
    mistakes: list = field(default_factory=list)


def solve_numeric(prompt: Prompt, device: str = "auto") -> NumericResult:
    """Run the card's engine on this review's parameters (imports torch)."""
    from engines import get_engine

    card = prompt.card
    assert isinstance(card, NumericCard)
    engine = get_engine(card.engine)
    solution = engine.solve(prompt.params, device)
    if card.answer_key not in solution.outputs:
        raise KeyError(f"{card.id}: engine {card.engine} has no output {card.answer_key!r}")
    mistakes = engine.mistakes(prompt.params) if card.answer_key == "answer" else []
    return NumericResult(solution.outputs[card.answer_key], solution.steps, solution.device, mistakes)


def check_numeric(prompt: Prompt, result: NumericResult, given: str):
    """Compare the typed answer with the engine's, with targeted hints for slips."""
    from quizapp.grading.answers import check_answer

    card = prompt.card
    assert isinstance(card, NumericCard)
    return check_answer(given, result.expected, decimals=card.decimals, mistakes=result.mistakes)
