"""What every card kind provides: the common fields and the hooks a kind fills in.

A kind lives in one module of this package (its card class with every hook),
and :mod:`quizapp.content.cards` lists the kinds. The loader, search, export, import
and the study screen call these hooks instead of asking which class a card
is, so adding a kind means writing its module and naming it in the registry.
:data:`HOOKS` names what a kind must define; a test checks every registered
kind against it.

Cards stay plain frozen dataclasses: the content cache stores their fields as
JSON, and the hooks are ordinary methods, so nothing here imports PyYAML,
torch, Rich or Textual (a hook that needs one imports it when called).
"""
from __future__ import annotations

import html
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

# How a card is answered before its answer is shown (the study screen's modes).
REVEAL, CHOOSE, TYPE, CODE = "reveal", "choose", "type", "code"

Spans = list[tuple[str, str]]  # styled answer text: (text, Rich style or "")


@dataclass
class Prompt:
    """What is shown for one review: the text, options in shown order, parameters."""

    card: Card
    text: str
    options: list[str] = field(default_factory=list)
    params: dict[str, Any] | None = None
    seed: int | None = None


_Method = TypeVar("_Method", bound=Callable[..., Any])


def _hook(method: _Method) -> _Method:
    """Marks a method every kind must override (the base one only raises)."""
    # A function takes attributes; Callable's type does not say so.
    method.__isabstracthook__ = True  # type: ignore[attr-defined]
    return method


@dataclass(frozen=True, kw_only=True)
class Card:
    """The fields every card has; a kind adds its own and defines the hooks."""

    id: str
    deck: str
    kind: str
    level: str
    source: str
    tags: tuple[str, ...] = ()
    more: str | None = None
    path: str = ""
    line: int = 0

    # -- what the YAML deck holds -------------------------------------------------
    KIND: ClassVar[str]  # the ``kind:`` value in a deck
    REQUIRED: ClassVar[dict[str, Callable]]  # field -> reader (quizapp.content.kinds.fields)
    OPTIONAL: ClassVar[tuple[str, ...]]  # fields the kind may have besides those
    ANSWERED_BY: ClassVar[str]  # REVEAL, CHOOSE, TYPE or CODE
    CSV_COLUMNS: ClassVar[dict[str, str] | None]  # CSV column -> field, None: not importable from CSV

    @classmethod
    @_hook
    def check_fields(cls, raw, fields: dict, problems) -> None:
        """Kind-specific checks of a card's fields (``raw`` the YAML mapping,
        ``fields`` the required ones as read); each problem goes to ``problems``."""
        raise NotImplementedError

    @classmethod
    @_hook
    def from_fields(cls, raw, fields: dict, problems, **common) -> Card:
        """The card, once its fields passed the checks."""
        raise NotImplementedError

    @_hook
    def to_fields(self) -> dict:
        """The kind's fields as a deck file writes them (the inverse of ``from_fields``)."""
        raise NotImplementedError

    # -- text ----------------------------------------------------------------------
    @property
    def question(self) -> str:
        """The text shown before the answer (for lists and search)."""
        raise NotImplementedError

    @_hook
    def answer_text(self) -> str:
        """The answer side as plain text (for search and the Browse preview)."""
        raise NotImplementedError

    # -- export ----------------------------------------------------------------------
    @_hook
    def export_extra(self, exercises: dict) -> tuple[Any, str | None]:
        """What a static format needs beyond the card (a worked example, the
        exercise), and a line saying what could not be had, or None."""
        raise NotImplementedError

    @_hook
    def csv_sides(self, extra) -> tuple[str, str]:
        """Question and answer as plain text (a cloze keeps its gaps, so it imports back)."""
        raise NotImplementedError

    @_hook
    def anki_sides(self, extra) -> tuple[str, str, str]:
        """``(model, front, back)``: model ``basic`` or ``cloze``, the sides as HTML."""
        raise NotImplementedError

    # -- study -----------------------------------------------------------------------
    @_hook
    def prepare(self, rng: random.Random) -> Prompt:
        """Draw what this review shows (options order, exercise parameters)."""
        raise NotImplementedError

    @_hook
    def solve(self, prompt: Prompt, device: str = "auto"):
        """The expected answer of a typed (TYPE) card, None for the others."""
        raise NotImplementedError

    @_hook
    def check(self, prompt: Prompt, answer, solution=None):
        """The verdict on ``answer``; None where the learner rates themselves."""
        raise NotImplementedError

    @_hook
    def answer_spans(self, solution=None) -> Spans:
        """The answer as the study screen shows it once revealed."""
        raise NotImplementedError


HOOKS = (*(name for name, value in vars(Card).items()
            if getattr(getattr(value, "__func__", value), "__isabstracthook__", False)), "question")
CLASS_FIELDS = ("KIND", "REQUIRED", "OPTIONAL", "ANSWERED_BY", "CSV_COLUMNS")


# SelfRated is mixed into Card subclasses: the checker sees it as one, so its
# hooks type-check as methods of a card.
if TYPE_CHECKING:
    _SelfRatedBase = Card
else:
    _SelfRatedBase = object


class SelfRated(_SelfRatedBase):
    """Study hooks of a card the learner rates themselves: the question as
    written, nothing to solve or check."""

    def prepare(self, rng: random.Random) -> Prompt:
        return Prompt(self, self.question)

    def solve(self, prompt: Prompt, device: str = "auto"):
        return None

    def check(self, prompt: Prompt, answer, solution=None):
        return None


def html_text(text: str) -> str:
    """Text as an HTML field: escaped, newlines as ``<br>``."""
    return html.escape(text).replace("\n", "<br>")


def html_pre(code: str) -> str:
    return f"<pre><code>{html.escape(code)}</code></pre>"
