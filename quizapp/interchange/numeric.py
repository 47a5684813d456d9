"""A numeric card as a fixed worked example, for formats that cannot run engines.

Anki and CSV show static text, so a numeric card is rendered once: a card with
fixed ``params`` as written, a ``random: true`` card with one generated example
(seeded by the card id, so re-exporting yields the same text and Anki sees no
change). The answer and the steps come from the card's engine (imports torch).
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from quizapp.content.cards import NumericCard
from quizapp.formatting import format_value


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
    """Render the prompt from fixed or generated parameters and solve it, the same
    way a review does (the draw is seeded by the card id)."""
    from quizapp.study.review import prepare, solve_numeric

    prompt = prepare(card, random.Random(card.id))
    example = WorkedExample(prompt.text, card.random)
    try:
        result = solve_numeric(prompt, device)
    except Exception as e:  # broad on purpose: one broken engine must not sink the whole export
        example.error = f"{type(e).__name__}: {e}"
        return example
    example.answer = format_value(result.expected)
    example.steps = [f"{s.label}: {format_value(s.value)}" for s in result.steps]
    return example
