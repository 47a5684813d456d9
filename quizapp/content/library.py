"""Everything there is to study: the decks plus the coding exercises.

Each coding exercise is also a card (id ``exercises.<exercise id>``, kind
``code``) in a deck named ``exercises``, so FSRS schedules it like any card.
A ``code`` card in a deck must name an exercise that exists.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import cast

from quizapp.content.cards import CODE, CodeCard, Deck
from quizapp.content.deck import Library, load_library
from quizapp.errors import ContentError

EXERCISE_DECK = "exercises"


def exercise_dirs(paths: list[Path]) -> list[Path]:
    """Content folders that hold an ``exercises/`` sub-folder."""
    return [p / "exercises" for p in paths if (p / "exercises").is_dir()]


def exercise_card(exercise) -> CodeCard:
    """The card that schedules ``exercise`` (also used where only the exercise was loaded)."""
    return CodeCard(id=f"{EXERCISE_DECK}.{exercise.id}", deck=EXERCISE_DECK, kind="code", level=exercise.level,
                    source=exercise.source, tags=exercise.tags, exercise=exercise.id, title=exercise.title,
                    path=exercise.path)


def load_everything(paths: list[Path]) -> tuple[Library, dict]:
    """The library (decks + exercise deck) and the exercises by id."""
    from quizapp.grading.exercises import load_exercises

    library = load_library(paths)
    exercises, errors = load_exercises(exercise_dirs(paths))
    library.errors += errors
    by_id = {e.id: e for e in exercises}
    for index, deck in enumerate(library.decks):
        code_cards = [cast(CodeCard, c) for c in deck.cards if c.ANSWERED_BY == CODE]  # CODE: a CodeCard
        dangling = [c for c in code_cards if c.exercise not in by_id]
        if dangling:  # reported and left out, so studying never meets a card it cannot open
            library.errors += [ContentError(c.path, c.line, f"unknown exercise {c.exercise!r}") for c in dangling]
            library.decks[index] = replace(deck, cards=tuple(c for c in deck.cards if c not in dangling))
    if exercises:
        cards = tuple(exercise_card(e) for e in exercises)
        library.decks.append(Deck(EXERCISE_DECK, "Coding exercises", "Write the function; graded on the spot.",
                                  str(exercise_dirs(paths)[0]), cards))
    return library, by_id
