"""A numeric card: a worked calculation whose answer a PyTorch engine computes.

The prompt names the engine's parameters (``{x}``); a card either fixes them or
has ``random: true`` and gets fresh numbers at each review. Validating a card
needs only the engines' schemas; solving imports torch, so :meth:`solve` runs
in a worker and the rest of the card never needs it.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from random import Random
from typing import Any

from quizapp.content.kinds import fields as read
from quizapp.content.kinds.base import TYPE, Card, Prompt, html_text


@dataclass
class NumericResult:
    """A solved numeric review: the expected value, the worked steps, the verdict."""

    expected: Any
    steps: list
    device: str
    mistakes: list = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class NumericCard(Card):
    prompt: str
    engine: str
    params: dict[str, Any] = field(default_factory=dict)
    random: bool = False
    answer_key: str = "answer"
    decimals: int | None = None
    explain: str | None = None

    KIND = "numeric"
    REQUIRED = {"prompt": read.text, "engine": read.text}
    OPTIONAL = ("params", "random", "answer", "decimals", "explain")
    ANSWERED_BY = TYPE
    CSV_COLUMNS = None  # a fixed answer would lose the engine and the drawn numbers

    @classmethod
    def check_fields(cls, raw, fields, problems) -> None:
        if fields.get("engine"):
            _check_engine(raw, fields["engine"], problems)

    @classmethod
    def from_fields(cls, raw, fields, problems, **common) -> NumericCard:
        return cls(
            **common, prompt=fields["prompt"], engine=fields["engine"],
            params=read.plain_data(raw.get("params") or {}), random=bool(raw.get("random", False)),
            answer_key=str(raw.get("answer", "answer")), decimals=raw.get("decimals"),
            explain=read.text(raw, "explain", problems),
        )

    def to_fields(self) -> dict:
        out: dict[str, Any] = {"engine": self.engine, "prompt": self.prompt}
        optional = {"params": read.plain_data(self.params) if self.params else None, "random": self.random or None,
                    "answer": self.answer_key if self.answer_key != "answer" else None,
                    "decimals": self.decimals, "explain": self.explain or None}
        out.update((key, value) for key, value in optional.items() if value is not None)
        return out

    @property
    def question(self) -> str:
        """The prompt with the card's own parameters filled in (all of them for a
        fixed worked example; a random card keeps the placeholders it draws)."""
        from quizapp.formatting import render_prompt

        return render_prompt(self.prompt, self.params)

    def answer_text(self) -> str:
        return "\n".join([f"engine: {self.engine}"] + ([self.explain] if self.explain else []))

    # -- export: one worked example, since a static format cannot run the engine --
    def export_extra(self, exercises):
        from quizapp.interchange.numeric import worked_example

        example = worked_example(self)
        return example, f"answer not computed ({example.error})" if example.error else None

    def csv_sides(self, extra):
        return extra.question_text(), extra.answer_text()

    def anki_sides(self, extra):
        from quizapp.interchange.numeric import GENERATED_NOTE

        front = html_text(extra.prompt) + (f"<br><i>{html_text(GENERATED_NOTE)}</i>" if extra.generated else "")
        back = html_text(extra.answer_text()) if extra.answer is not None else \
            "<i>answer not computed; run this card in quizapp</i>"
        return "basic", front, back + (f"<br>{html_text(self.explain)}" if self.explain else "")

    # -- study --------------------------------------------------------------------
    def prepare(self, rng: Random) -> Prompt:  # (the field `random` hides the module in annotations)
        """Fixed parameters as written, or a draw seeded from ``rng`` (the seed is logged)."""
        from engines import get_engine
        from quizapp.formatting import render_prompt

        engine = get_engine(self.engine)
        seed = None
        if self.random:
            seed = rng.randrange(2**31)
            params = engine.generate(random.Random(seed), self.level, fixed=self.params)
        else:
            params = engine.validate(dict(self.params))
        text = f"{render_prompt(self.prompt, params)}\n{self.precision_line(engine)}"
        return Prompt(self, text, params=params, seed=seed)

    def precision_line(self, engine) -> str:
        """The line under the prompt saying how precise the answer must be,
        generated from the card's tolerance so that it can never disagree with the
        checker (an integer output is exact, whatever ``decimals`` says)."""
        from quizapp.grading.precision import precision_line

        return precision_line(self.decimals, self.answer_key in engine.exact_outputs)

    def solve(self, prompt: Prompt, device: str = "auto") -> NumericResult:
        """Run the engine on this review's parameters (imports torch)."""
        from engines import get_engine

        engine = get_engine(self.engine)
        assert prompt.params is not None  # prepare() gives a numeric prompt its parameters
        solution = engine.solve(prompt.params, device)
        if self.answer_key not in solution.outputs:
            raise KeyError(f"{self.id}: engine {self.engine} has no output {self.answer_key!r}")
        mistakes = engine.mistakes(prompt.params) if self.answer_key == "answer" else []
        return NumericResult(solution.outputs[self.answer_key], solution.steps, solution.device, mistakes)

    def check(self, prompt: Prompt, answer: str, solution: NumericResult | None = None):
        """The typed ``answer`` against the engine's, with targeted hints for slips."""
        from quizapp.grading.answers import check_answer

        assert solution is not None  # a typed answer is checked once the engine has solved the card
        return check_answer(answer, solution.expected, decimals=self.decimals, mistakes=solution.mistakes)

    def answer_spans(self, solution: NumericResult | None = None):
        """The worked steps (once solved), then the explanation."""
        spans = solution_spans(solution, self.decimals) if solution is not None else []
        if self.explain:
            spans += [("\n\n", ""), (self.explain, "")] if spans else [(self.explain, "")]
        return spans


def solution_spans(result: NumericResult, decimals: int | None):
    """The engine's answer (with the digits the card asks for), each worked step, and
    the device that checked it."""
    from quizapp.formatting import format_value
    from quizapp.grading.answers import show_expected

    spans = [(f"Answer: {show_expected(result.expected, decimals)}\n", "bold green")]
    for step in result.steps:
        spans += [(f"  {step.label}: ", "bold"), (f"{format_value(step.value)}\n", "")]
    return [*spans, (f"(checked by PyTorch on {result.device})", "dim")]


def _check_prompt(card, params: dict, problems) -> None:
    """Every ``{name}`` of the prompt is a parameter it is filled from (an unknown one would be
    shown as written), and no brace is left over."""
    from quizapp.formatting import template_names

    prompt = card.get("prompt")
    if not isinstance(prompt, str):
        return
    names, stray_brace = template_names(prompt)
    for name in sorted(names - set(params)):
        problems.add(card.line_of("prompt"), f"prompt: {{{name}}} is no parameter of this card"
                     f" (it has {', '.join(sorted(params)) or 'none'}); a brace is written {{{{")
    if stray_brace:
        problems.add(card.line_of("prompt"), "prompt: a lone brace; write {{ and }} for braces")


def _check_engine(card, name: str, problems) -> None:
    """Engine name, parameters and asked output must fit the engine's schema."""
    from engines import ENGINES  # torch-free: engines import torch only to solve
    from engines.base import ParamError
    from engines.outputs import has_output, output_names

    engine = ENGINES.get(name)
    params = card.get("params") or {}
    line = card.line_of("engine")
    if engine is None:
        problems.add(line, f"unknown engine {name!r} (see `quizapp engines`)")
        return
    if not isinstance(params, dict):
        problems.add(card.line_of("params"), "params: expected a mapping")
        return
    random_ = card.get("random", False)
    if not isinstance(random_, bool):
        problems.add(card.line_of("random"), "random: expected true or false")
    elif not random_:
        if not params:
            problems.add(line, "numeric card needs params: or random: true")
            return
        try:
            params = engine.validate(dict(params))  # with the defaults the prompt is filled from
        except ParamError as e:
            problems.add(card.line_of("params"), str(e))
    else:
        names = {p.name for p in engine.params}
        for extra in sorted(set(params) - names):
            problems.add(card.line_of("params"), f"{engine.name}: unknown parameter {extra!r}")
    _check_prompt(card, params if not random_ else {p.name: None for p in engine.params} | params, problems)
    asked = card.get("answer")
    if asked is not None and not has_output(engine.name, str(asked)):
        problems.add(card.line_of("answer"), f"{engine.name}: no output {str(asked)!r} to ask for"
                     f" (outputs: {', '.join(output_names(engine.name))})")
    decimals = card.get("decimals")
    if decimals is not None and (not isinstance(decimals, int) or not 0 <= decimals <= 10):
        problems.add(card.line_of("decimals"), "decimals: expected a whole number from 0 to 10")
