"""A coding-exercise card: answered by writing the function in the exercise editor,
which grades it and suggests the rating; scheduled like any other card."""
from __future__ import annotations

from dataclasses import dataclass

from quizapp.content.kinds import fields as read
from quizapp.content.kinds.base import CODE, Card, SelfRated, html_pre, html_text


@dataclass(frozen=True, kw_only=True)
class CodeCard(SelfRated, Card):
    exercise: str
    title: str = ""

    KIND = "code"
    REQUIRED = {"exercise": read.text}
    OPTIONAL = ()
    ANSWERED_BY = CODE
    CSV_COLUMNS = None  # the exercise's tests are not a question/answer pair

    @classmethod
    def check_fields(cls, raw, fields, problems) -> None:
        pass  # whether the exercise exists is known only once exercises load (quizapp.content.library)

    @classmethod
    def from_fields(cls, raw, fields, problems, **common) -> CodeCard:
        return cls(**common, exercise=fields["exercise"])

    def to_fields(self) -> dict:
        return {"exercise": self.exercise}

    @property
    def question(self) -> str:
        return self.title or self.exercise

    def answer_text(self) -> str:
        return f"exercise: {self.exercise}"

    def export_extra(self, exercises):
        """The exercise (None when it is not loaded)."""
        return exercises.get(self.exercise), None

    def csv_sides(self, extra):
        """The whole exercise as the question (title, prompt, signature), as on the Anki card."""
        if extra is None:
            return self.question, ""
        question = "\n\n".join(part.strip() for part in (extra.title, extra.prompt, extra.signature) if part)
        return question, extra.solution

    def anki_sides(self, extra):
        if extra is None:
            return "basic", html_text(self.question), "<i>exercise not found</i>"
        front = f"<b>{html_text(extra.title)}</b><br>{html_text(extra.prompt)}{html_pre(extra.signature)}"
        return "basic", front, html_pre(extra.solution)

    def answer_spans(self, solution=None):
        return []  # answered in the exercise editor, which shows the grading
