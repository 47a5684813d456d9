"""Exercise attempts meet the review store: does one count now, save it, list them.

Shared by the exercise list screen and the ``exercise``/``grade`` commands, so
the TUI and the command line decide "due or new" the same way, save an attempt
the same way (through :func:`quizapp.study.session.record_answer`, the one way
answers are written) and describe each exercise with the same status and due.
The rule itself lives in :mod:`quizapp.study.exercise_attempt`.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from quizapp.clock import day_end
from quizapp.config import Settings
from quizapp.content.library import EXERCISE_DECK
from quizapp.search.card_info import due_text
from quizapp.study.exercise_attempt import Rated, counts_now
from quizapp.study.srs import CardState


def card_id(exercise_id: str) -> str:
    return f"{EXERCISE_DECK}.{exercise_id}"


def counts(store, settings: Settings, exercise_id: str, now: datetime, tz: tzinfo | None = None) -> bool:
    """Whether an attempt at ``exercise_id`` now is a review (its card is new or due)."""
    end = day_end(now, settings.day_starts_at_hour, tz)
    return counts_now(store.card_state(card_id(exercise_id)), now, end)


def save(store, settings: Settings, card, rated: Rated, now: datetime, *, duration_ms: int | None, via: str):
    """Commit the rated attempt to ``card``; returns the store's ReviewResult."""
    from quizapp.study.session import record_answer
    from quizapp.study.srs import Srs

    return record_answer(store, Srs(settings), settings, card, rated.rating, now,
                         duration_ms=duration_ms, **rated.review_fields(via))


@dataclass(frozen=True)
class ExerciseRow:
    """One exercise as the lists show it."""

    id: str
    level: str
    status: str  # new, passed or failed (the latest recorded attempt)
    due: str  # "–" for new, "now", or "in 3d"
    due_at: datetime | None
    title: str
    counts: bool  # opening it now is a review, not practice


def exercise_rows(store, settings: Settings, exercises, now: datetime, tz: tzinfo | None = None) -> list[ExerciseRow]:
    """Rows for ``exercises`` (in the order given), in two queries."""
    ids = [card_id(e.id) for e in exercises]
    states, outcomes = store.card_states(ids), store.history.last_outcomes(ids)
    end = day_end(now, settings.day_starts_at_hour, tz)
    rows = []
    for exercise, cid in zip(exercises, ids, strict=True):
        state = states.get(cid, CardState(cid))
        status = "new" if cid not in outcomes else ("passed" if outcomes[cid] else "failed")
        rows.append(ExerciseRow(exercise.id, exercise.level, status, due_text(state, now), state.due, exercise.title,
                                counts_now(state, now, end)))
    return rows
