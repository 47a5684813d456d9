"""One card as a row of facts: the text it shows, its state in words, when it is due.

Shared by ``quizapp cards`` and the Browse screen so the command line and the
TUI describe a card the same way, and by search, whose free text is matched
against the same question and answer text the learner sees.
"""
from __future__ import annotations

from datetime import datetime

from quizapp.clock import iso
from quizapp.content.cards import Card
from quizapp.study.card_flags import flag_name
from quizapp.study.srs import CardState, Srs, format_interval

STATE_NAMES = {0: "new", 1: "learning", 2: "review", 3: "relearning"}


def answer_text(card: Card) -> str:
    """The answer side as plain text (for search and the Browse preview)."""
    return card.answer_text()


def searchable_text(card: Card) -> str:
    """Lower-cased text free-text search looks in: question, answer, id and source."""
    return "\n".join((card.question, answer_text(card), card.id, card.source or "")).lower()


def first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


def is_buried(state: CardState, now: datetime) -> bool:
    return state.buried_until is not None and state.buried_until > now


def state_label(state: CardState, now: datetime, leech: bool = False) -> str:
    """``review`` or, with flags, ``review, suspended, leech``; ``red flag`` when flagged."""
    words = [STATE_NAMES[state.state]]
    words += [w for w, on in (("suspended", state.suspended), ("buried", is_buried(state, now)),
                              ("leech", leech), (flag_name(state.flag), state.flag)) if on]
    return ", ".join(words)


def due_text(state: CardState, now: datetime) -> str:
    """``–`` for a new card, ``now`` when due, else ``in 3d`` (as the exercise list)."""
    if state.due is None:
        return "–"
    return "now" if state.due <= now else f"in {format_interval(state.due - now)}"


def memory_of(state: CardState, srs: Srs, now: datetime) -> tuple[float | None, float | None, float | None]:
    """``(stability, difficulty, retrievability)``: S in days and D on fsrs's 1-10
    scale as stored, R the recall predicted at ``now`` counted in study days
    (:meth:`Srs.retrievability`). All ``None`` for a card never answered, which
    has no memory state (Anki shows "—"), rather than a made-up 0."""
    card = state.card
    if card is None or card.stability is None or card.last_review is None:
        return None, None, None
    return card.stability, card.difficulty, srs.retrievability(state, now)


def memory_text(state: CardState, srs: Srs, now: datetime) -> str:
    """The memory state as Anki's card info shows it: S in days, D with Anki's
    percentage (0 % at fsrs's 1, 100 % at 10) beside fsrs's number, R in %."""
    stability, difficulty, recall = memory_of(state, srs, now)
    if stability is None or difficulty is None or recall is None:
        return "stability — · difficulty — · retrievability —"
    return (f"stability {stability:.1f} days · difficulty {difficulty:.1f}/10 ({(difficulty - 1) / 9:.0%})"
            f" · retrievability {recall:.0%}")


def describe(card: Card, state: CardState, leech: bool, now: datetime, srs: Srs) -> dict:
    """The ``quizapp cards --json`` object (keys may be added, never removed)."""
    stability, difficulty, recall = memory_of(state, srs, now)
    return {
        "id": card.id, "deck": card.deck, "kind": card.kind, "state": STATE_NAMES[state.state],
        "due": None if state.due is None else iso(state.due), "lapses": state.lapses,
        "question": first_line(card.question), "reps": state.reps, "suspended": state.suspended,
        "buried": is_buried(state, now), "flag": state.flag, "leech": leech,
        "stability": stability, "difficulty": difficulty, "retrievability": recall,
    }
