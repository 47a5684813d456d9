"""A multiple-choice card: pick the correct options (one, or several) among shuffled ones."""
from __future__ import annotations

from dataclasses import dataclass

from quizapp.content.kinds import fields as read
from quizapp.content.kinds.base import CHOOSE, Card, Prompt, html_text


@dataclass(frozen=True, kw_only=True)
class ChoiceCard(Card):
    prompt: str
    correct: tuple[str, ...]
    wrong: tuple[str, ...]
    explain: str | None = None

    KIND = "choice"
    REQUIRED = {"question": read.text, "correct": read.text_list, "wrong": read.text_list}
    OPTIONAL = ("explain",)
    ANSWERED_BY = CHOOSE
    CSV_COLUMNS = None  # a question/answer pair cannot say which options are wrong

    @property
    def multiple(self) -> bool:
        return len(self.correct) > 1

    @classmethod
    def check_fields(cls, raw, fields, problems) -> None:
        if set(fields.get("correct", ())) & set(fields.get("wrong", ())):
            problems.add(raw.line_of("wrong"), "an option is listed as both correct and wrong")

    @classmethod
    def from_fields(cls, raw, fields, problems, **common) -> ChoiceCard:
        return cls(**common, prompt=fields["question"], correct=fields["correct"], wrong=fields["wrong"],
                   explain=read.text(raw, "explain", problems))

    def to_fields(self) -> dict:
        out = {"question": self.prompt, "correct": list(self.correct), "wrong": list(self.wrong)}
        if self.explain:
            out["explain"] = self.explain
        return out

    @property
    def question(self) -> str:
        return self.prompt

    def answer_text(self) -> str:
        lines = [f"✓ {c}" for c in self.correct] + [f"✗ {w}" for w in self.wrong]
        return "\n".join(lines + ([self.explain] if self.explain else []))

    def export_extra(self, exercises):
        return None, None

    def _options(self) -> list[str]:
        """The options in a fixed order that does not give the answer away."""
        return sorted([*self.correct, *self.wrong])

    def _exported_answer(self) -> str:
        return "; ".join(self.correct) + (f"\n{self.explain}" if self.explain else "")

    def csv_sides(self, extra):
        return self.prompt + "\n" + "\n".join(f"- {o}" for o in self._options()), self._exported_answer()

    def anki_sides(self, extra):
        front = html_text(self.prompt) + "<ul>" + "".join(f"<li>{html_text(o)}</li>" for o in self._options()) + "</ul>"
        return "basic", front, html_text(self._exported_answer())

    def prepare(self, rng) -> Prompt:
        options = [*self.correct, *self.wrong]
        rng.shuffle(options)
        return Prompt(self, self.prompt, options=options)

    def solve(self, prompt, device="auto"):
        return None  # the card itself says which options are right

    def check(self, prompt: Prompt, answer: set[int], solution=None) -> bool:
        """Right only when exactly the correct options are selected (``answer``: their indices)."""
        return {prompt.options[i] for i in answer} == set(self.correct)

    def answer_spans(self, solution=None):
        return [(self.explain, "italic")] if self.explain else []
