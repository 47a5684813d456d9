"""A front/back card: the learner recalls the back and rates themselves."""
from __future__ import annotations

from dataclasses import dataclass

from quizapp.content.kinds import fields as read
from quizapp.content.kinds.base import REVEAL, Card, SelfRated, html_text


@dataclass(frozen=True, kw_only=True)
class QACard(SelfRated, Card):
    front: str
    back: str

    KIND = "qa"
    REQUIRED = {"front": read.text, "back": read.text}
    OPTIONAL = ()
    ANSWERED_BY = REVEAL
    CSV_COLUMNS = {"question": "front", "answer": "back"}

    @classmethod
    def check_fields(cls, raw, fields, problems) -> None:
        pass  # any two texts make a card

    @classmethod
    def from_fields(cls, raw, fields, problems, **common) -> QACard:
        return cls(**common, front=fields["front"], back=fields["back"])

    def to_fields(self) -> dict:
        return {"front": self.front, "back": self.back}

    @property
    def question(self) -> str:
        return self.front

    def answer_text(self) -> str:
        return self.back

    def export_extra(self, exercises):
        return None, None

    def csv_sides(self, extra):
        return self.front, self.back

    def anki_sides(self, extra):
        return "basic", html_text(self.front), html_text(self.back)

    def answer_spans(self, solution=None):
        return [(self.back, "bold")]
