"""A numeric card as a fixed worked example, for formats that cannot run engines.

Anki and CSV show static text, so a numeric card is rendered once: a card with
fixed ``params`` as written, a ``random: true`` card with one generated example
(seeded by the card id, so re-exporting yields the same text and Anki sees no
change). The answer and the steps come from the card's engine (imports torch).
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from quizapp.cards import NumericCard
from quizapp.formatting import format_value, render_prompt


@dataclass
class WorkedExample:
    prompt: str
    generated: bool
    answer: str | None = None
    steps: list[str] = field(default_factory=list)
    error: str | None = None  # why no answer could be computed

    def question_text(self) -> str:
        """The rendered prompt, saying so when its numbers were generated."""
        return f"{self.prompt}\n{GENERATED_NOTE}" if self.generated else self.prompt

    def answer_text(self) -> str:
        """Answer plus worked steps, one per line (empty when not computed)."""
        if self.answer is None:
            return ""
        return "\n".join([self.answer, *self.steps])


GENERATED_NOTE = "(one generated example; quizapp draws new numbers at every review)"


def worked_example(card: NumericCard, device: str = "cpu") -> WorkedExample:
    """Render the prompt from fixed or generated parameters and solve it."""
    from engines import get_engine

    engine = get_engine(card.engine)
    if card.random:
        params = engine.generate(random.Random(card.id), card.level, fixed=dict(card.params))
    else:
        params = engine.validate(dict(card.params))
    example = WorkedExample(render_prompt(card.prompt, params), card.random)
    try:
        solution = engine.solve(params, device)
        value = solution.outputs[card.answer_key]
    except Exception as e:  # noqa: BLE001 - one broken engine must not sink the whole export
        example.error = f"{type(e).__name__}: {e}"
        return example
    example.answer = format_value(value)
    example.steps = [f"{s.label}: {format_value(s.value)}" for s in solution.steps]
    return example
