"""A numeric card as a fixed worked example, for formats that cannot run engines.

Anki and CSV show static text, so a numeric card is rendered once: a card with
fixed ``params`` as written, a ``random: true`` card with one generated example
(seeded by the card id, so re-exporting yields the same text and Anki sees no
change). The answer and the steps come from the card's engine (imports torch).
They are kept in the user's cache folder (:mod:`quizapp.computed_cache`): the 195
built-in numeric cards take about 15 s to solve, so only the first export pays.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from quizapp import computed_cache, formatting
from quizapp.content.cards import NumericCard
from quizapp.content.data_codec import DataCodec
from quizapp.content.kinds import numeric as numeric_kind
from quizapp.formatting import format_value
from quizapp.grading import answers


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
_CODEC = DataCodec([WorkedExample])
# How a card becomes a worked example: drawing and solving (the card kind), rendering, this module.
_SOURCES = (Path(numeric_kind.__file__), Path(formatting.__file__), Path(answers.__file__), Path(__file__))


def worked_example(card: NumericCard, device: str = "cpu",
                   cache_dir: Path | Literal[True] | None = True) -> WorkedExample:
    """The worked example of :func:`solve`, from ``cache_dir`` (True: the user's cache
    folder; None: none) when it holds one for this card, engines and torch.
    An example whose engine failed is not kept: the next export tries again."""
    folder = computed_cache.folder("worked") if cache_dir is True else cache_dir
    wanted = computed_cache.key((card, device), *_SOURCES)
    return computed_cache.load_or_compute(folder, card.id, wanted, lambda: solve(card, device),
                                          dumps=_CODEC.dumps, loads=_CODEC.loads, valid=_is_example,
                                          keep=lambda example: example.error is None)


def _is_example(value: object) -> bool:
    """A stored example as :func:`solve` makes them: the codec checks the class, not the field types."""
    if not isinstance(value, WorkedExample):
        return False
    stored: dict[str, object] = vars(value)
    steps = stored["steps"]
    return (isinstance(stored["prompt"], str) and isinstance(stored["generated"], bool)
            and isinstance(stored["answer"], str) and stored["error"] is None
            and isinstance(steps, list) and all(isinstance(step, str) for step in steps))


def solve(card: NumericCard, device: str = "cpu") -> WorkedExample:
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
    example.answer = answers.show_expected(result.expected, card.decimals)  # as a review shows it
    example.steps = [f"{s.label}: {format_value(s.value)}" for s in result.steps]
    return example
