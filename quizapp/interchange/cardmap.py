"""Cards back into the YAML deck shape (for JSON export and import) and as plain text.

:func:`card_to_dict` is the inverse of :func:`quizapp.deck.load_deck` card by
card: feeding its output through the loader gives an equal card, which is what
makes a JSON export importable. Optional fields are left out when they hold
their default, so a written deck reads like a hand-written one.
"""
from __future__ import annotations

from typing import Any

from quizapp.cards import Card, ChoiceCard, ClozeCard, CodeCard, Deck, NumericCard, QACard, plain_data


def card_to_dict(card: Card) -> dict:
    """One card as it would be written in a deck file."""
    out: dict[str, Any] = {"id": card.id, "kind": card.kind, "level": card.level}
    if card.tags:
        out["tags"] = list(card.tags)
    out["source"] = card.source
    if isinstance(card, QACard):
        out.update(front=card.front, back=card.back)
    elif isinstance(card, ClozeCard):
        out["text"] = card.text
    elif isinstance(card, ChoiceCard):
        out.update(question=card.prompt, correct=list(card.correct), wrong=list(card.wrong))
        if card.explain:
            out["explain"] = card.explain
    elif isinstance(card, NumericCard):
        out.update(engine=card.engine, prompt=card.prompt)
        if card.params:
            out["params"] = plain_data(card.params)
        if card.random:
            out["random"] = True
        if card.answer_key != "answer":
            out["answer"] = card.answer_key
        if card.decimals is not None:
            out["decimals"] = card.decimals
        if card.explain:
            out["explain"] = card.explain
    elif isinstance(card, CodeCard):
        out["exercise"] = card.exercise
    if card.more:
        out["more"] = card.more
    return out


def deck_to_dict(deck: Deck) -> dict:
    """A whole deck file: name, title, description and its cards."""
    out: dict[str, Any] = {"deck": deck.name, "title": deck.title}
    if deck.description:
        out["description"] = deck.description
    out["cards"] = [card_to_dict(card) for card in deck.cards]
    return out


def question_text(card: Card) -> str:
    """The question as plain text; a cloze keeps its ``{{gaps}}`` so it can be imported back."""
    if isinstance(card, ClozeCard):
        return card.text
    if isinstance(card, ChoiceCard):
        options = [*card.correct, *card.wrong]
        return card.prompt + "\n" + "\n".join(f"- {o}" for o in sorted(options))
    return card.question


def answer_text(card: Card, numeric: str | None = None, code: str | None = None) -> str:
    """The answer as plain text. ``numeric`` is a worked answer computed by the caller
    (it needs torch), ``code`` an exercise's reference solution."""
    if isinstance(card, QACard):
        return card.back
    if isinstance(card, ClozeCard):
        return card.revealed()
    if isinstance(card, ChoiceCard):
        return "; ".join(card.correct) + (f"\n{card.explain}" if card.explain else "")
    if isinstance(card, NumericCard):
        return numeric or ""
    if isinstance(card, CodeCard):
        return code or ""
    return ""
