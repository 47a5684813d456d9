"""A cloze card: text with ``{{gaps}}`` (``{{answer::hint}}`` shows a hint) to fill in."""
from __future__ import annotations

import re
from dataclasses import dataclass

from quizapp.content.kinds import fields as read
from quizapp.content.kinds.base import REVEAL, Card, SelfRated, html_text

_GAP = re.compile(r"\{\{(.+?)\}\}", re.S)


@dataclass(frozen=True)
class Gap:
    answer: str
    hint: str | None


@dataclass(frozen=True, kw_only=True)
class ClozeCard(SelfRated, Card):
    text: str

    KIND = "cloze"
    REQUIRED = {"text": read.text}
    OPTIONAL = ()
    ANSWERED_BY = REVEAL
    CSV_COLUMNS = {"question": "text"}  # the question keeps its {{gaps}}

    @property
    def gaps(self) -> list[Gap]:
        """The gaps in order; ``{{answer::hint}}`` carries a hint."""
        out = []
        for body in _GAP.findall(self.text):
            answer, _, hint = body.partition("::")
            out.append(Gap(answer.strip(), hint.strip() or None))
        return out

    def masked(self) -> str:
        """The text with each gap shown as ``[…]`` or ``[hint]``."""
        return _GAP.sub(lambda m: f"[{m.group(1).partition('::')[2].strip() or '…'}]", self.text)

    def revealed(self, mark=lambda s: s) -> str:
        """The text with each gap filled in, passed through ``mark`` for styling."""
        return _GAP.sub(lambda m: mark(m.group(1).partition("::")[0].strip()), self.text)

    @classmethod
    def check_fields(cls, raw, fields, problems) -> None:
        if fields.get("text") and "{{" not in fields["text"]:
            problems.add(raw.line_of("text"), "cloze text has no {{gap}}")

    @classmethod
    def from_fields(cls, raw, fields, problems, **common) -> ClozeCard:
        return cls(**common, text=fields["text"])

    def to_fields(self) -> dict:
        return {"text": self.text}

    @property
    def question(self) -> str:
        return self.masked()

    def answer_text(self) -> str:
        return self.revealed()

    def export_extra(self, exercises):
        return None, None

    def csv_sides(self, extra):
        return self.text, self.revealed()

    def anki_sides(self, extra):
        return "cloze", anki_cloze(self.text), ""

    def answer_spans(self, solution=None):
        """The filled text, each gap's answer highlighted."""
        marker = "\x00"
        filled = self.revealed(lambda answer: f"{marker}{answer}{marker}")
        return [(piece, "bold reverse" if i % 2 else "") for i, piece in enumerate(filled.split(marker)) if piece]


def anki_cloze(text: str) -> str:
    """Our ``{{answer}}`` / ``{{answer::hint}}`` gaps as Anki ``{{c1::answer::hint}}``; the text
    around them is HTML-escaped.

    Every gap is ``c1``: quizapp asks all the gaps of a card at once, and Anki makes
    one card per cloze number, so one number gives the one Anki card that hides
    them together, and inserting a gap later keeps that card and its history
    (numbered gaps moved the history onto whichever gap took the old number)."""
    parts, last = [], 0
    for match in _GAP.finditer(text):
        answer, _, hint = match.group(1).partition("::")
        gap = f"c1::{html_text(answer.strip())}" + (f"::{html_text(hint.strip())}" if hint.strip() else "")
        parts += [html_text(text[last:match.start()]), "{{" + gap + "}}"]
        last = match.end()
    return "".join(parts) + html_text(text[last:])
