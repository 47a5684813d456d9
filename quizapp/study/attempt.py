"""One card on screen, from shown to rated: Anki's rules of a review, without any UI.

What may be rated, what Enter means, that giving up on a numeric card is a
miss, that a typed answer the parser cannot read may be retyped, that a code
card is answered in the exercise editor: these rules live here, so they are
tested in milliseconds and every front end (the study screen today) only shows
an attempt and forwards keys to it.

The life of an attempt: :meth:`ReviewAttempt.start` draws what is shown
(:func:`quizapp.study.review.prepare`); the learner answers in the card's way
(:attr:`ReviewAttempt.answered_by`); :attr:`revealed` turns true with a
verdict (``correct`` is ``True``, ``False``, or ``None`` when nothing was
checked); then any rating may be given, and :meth:`default_rating` is what
Enter gives. :meth:`review_fields` is what the log keeps of it.
"""
from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass, field

from quizapp.content.cards import CHOOSE, CODE, REVEAL, TYPE
from quizapp.study.review import NumericResult, Prompt, check_choice, check_numeric, prepare
from quizapp.study.srs import AGAIN, GOOD

__all__ = ["CHOOSE", "CODE", "REVEAL", "TYPE", "ReviewAttempt"]


@dataclass
class ReviewAttempt:
    """The review of the card on screen (see the module docstring)."""

    prompt: Prompt
    revealed: bool = False
    correct: bool | None = None  # the verdict; None: not checked (self-rated)
    given: str | None = None  # what the learner answered, as logged
    verdict: str | None = None  # one line saying how the answer was judged
    selected: set[int] = field(default_factory=set)  # choice: options picked
    solution: NumericResult | None = None  # numeric: the engine's answer, once solved
    shown_at: float = field(default_factory=time.monotonic, compare=False)  # for the log's duration

    @classmethod
    def start(cls, card, rng: random.Random) -> ReviewAttempt:
        return cls(prepare(card, rng))

    @property
    def card(self):
        return self.prompt.card

    @property
    def several(self) -> bool:
        """A choice card with several correct options: its letters toggle."""
        return self.answered_by == CHOOSE and self.card.multiple

    @property
    def answered_by(self) -> str:
        """``reveal`` (Space shows the back), ``choose`` (pick options), ``type``
        (a typed number checked by the engine) or ``code`` (the exercise editor):
        each kind says which (``ANSWERED_BY`` in :mod:`quizapp.content.kinds`)."""
        return self.card.ANSWERED_BY

    # -- answering -------------------------------------------------------------
    def reveal(self, verdict: str | None = None, correct: bool | None = None) -> None:
        """Show the answer with ``verdict``; from now on the card may be rated."""
        self.revealed, self.verdict, self.correct = True, verdict, correct

    def toggle(self, index: int) -> bool:
        """Pick (or, on a several-answers card, toggle) option ``index``; ``False``
        when there is no such option or the card is not waiting for a pick."""
        if self.revealed or self.answered_by != CHOOSE or not 0 <= index < len(self.prompt.options):
            return False
        self.selected = self.selected ^ {index} if self.card.multiple else {index}
        return True

    def check_choice(self) -> str | None:
        """Check the picked options and reveal; a message instead when none is picked."""
        if not self.selected:
            return "Pick an option first (press its letter)."
        correct = check_choice(self.prompt, self.selected)
        self.given = "; ".join(self.prompt.options[i] for i in sorted(self.selected))
        self.reveal("✓ Correct" if correct else "✗ Not quite: the correct options are marked ✓", correct)
        return None

    def type_answer(self, text: str) -> str | None:
        """A typed numeric answer. Checked at once when the engine has solved the card
        (else as soon as it has: :meth:`solved`). Returns a message when the learner
        should type again (nothing typed, or text that is not a number)."""
        text = text.strip()
        if not text:
            return "Type an answer first (or Esc, then Space to see the worked answer)."
        self.given = text
        return self._check_typed(self.solution, text) if self.solution is not None else None

    def solved(self, solution: NumericResult) -> str | None:
        """The engine's answer arrived; checks an answer typed meanwhile (same return
        as :meth:`type_answer`)."""
        self.solution = solution
        if self.given is not None and not self.revealed:
            return self._check_typed(solution, self.given)
        return None

    def _check_typed(self, solution: NumericResult, given: str) -> str | None:
        """Check ``given`` (what :attr:`given` holds) against the engine's ``solution``."""
        verdict = check_numeric(self.prompt, solution, given)
        if verdict.parsed is None and not verdict.correct:
            self.given = None  # unreadable: the learner types again
            return verdict.message
        note = f"\nHint: {verdict.hint}" if verdict.hint else ""
        self.reveal(("✓ Correct" if verdict.correct else "✗ " + verdict.message) + note, verdict.correct)
        return None

    def show_answer(self) -> str | None:
        """Space (or Enter) before the answer is shown: reveal a front/back or cloze
        card, check a choice card's picks, give up on a numeric card (a miss: Enter
        then rates Again). Returns a message when the card stays unrevealed. A code
        card is answered in the exercise editor, which the front end opens instead."""
        if self.revealed or self.answered_by == CODE:
            return None
        if self.answered_by == CHOOSE:
            return self.check_choice()
        if self.answered_by == TYPE:
            self.given = None
            self.reveal("Shown without an answer.", False)
        else:
            self.reveal()
        return None

    def said(self, text: str) -> None:
        """A card the learner rates themselves, answered in words (typed in a mock
        interview; empty: said aloud): the words are kept as the answer and shown
        above the card's own, then the learner rates."""
        if self.revealed or self.answered_by != REVEAL:
            return
        self.given = text.strip() or None
        self.reveal(f"Your answer: {self.given}" if self.given else None)

    def unchecked(self, why: str) -> None:
        """No engine answer can be had: show what there is and let the learner rate it."""
        if not self.revealed:
            self.reveal(f"{why}\nNo checked answer this time: rate the card yourself (1-4).", None)

    # -- rating ------------------------------------------------------------------
    @property
    def waiting_for_engine(self) -> bool:
        return self.answered_by == TYPE and self.solution is None and not self.revealed

    def allows(self, move: str, *parameters: object) -> bool:
        """Whether ``move`` does something now, so a front end offers its key only then:
        ``reveal`` before the answer is shown; ``rate``, ``edit`` (the card's YAML),
        ``more`` (when the card has more to read) and ``accept`` (Enter, with the default
        rating as its parameter) after it, as Anki shows its ratings with the answer. Any
        other move (a pick, undo) is always offered."""
        if move == "reveal":
            return not self.revealed
        if move in ("rate", "edit"):
            return self.revealed
        if move == "more":
            return self.revealed and bool(self.card.more)
        if move == "accept":
            return self.revealed and parameters == (self.default_rating(),)
        return True

    def elapsed_ms(self) -> int:
        """How long the card has been on screen, as the review log keeps it."""
        return int((time.monotonic() - self.shown_at) * 1000)

    def default_rating(self) -> int:
        """What Enter rates once the answer is shown: Again after a miss, else Good.
        Every rating stays allowed, as in Anki: the verdict only picks the default."""
        return AGAIN if self.correct is False else GOOD

    def review_fields(self) -> dict:
        """What the review log keeps of this attempt besides the rating."""
        params = None
        if self.prompt.params is not None:
            params = json.dumps({"params": self.prompt.params, "seed": self.prompt.seed})
        return {"answer": self.given, "correct": self.correct, "params": params}
