"""Fixtures for search, browse and leech tests: a real store, a hand-driven clock,
and a helper that answers one card through a fresh :class:`StudySession` when due."""
from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pytest

from quizapp.config import Settings
from quizapp.srs import Srs
from quizapp.store import Store

UTC = timezone.utc
T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


class Clock:
    """``clock()`` is now; tests move it forward by hand."""

    def __init__(self, now: datetime = T0):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "data" / "quizapp.db")
    yield s
    s.close()


@pytest.fixture
def answer_when_due(store, clock):
    """``answer_when_due(cards, card_id, rating, settings=Settings())``: move the clock
    just past the card's due time, build a session as the study screen does, check
    the card is the one shown, and answer it; returns the ReviewResult."""
    from quizapp.session import StudySession

    def answer(cards, card_id, rating, settings=Settings()):
        due = store.card_state(card_id).due
        if due is not None:
            clock.now = max(clock.now, due) + timedelta(minutes=1)
        session = StudySession(store, cards, settings, clock=clock, rng=random.Random(0),
                               srs=Srs(settings, fuzzing=False), tz=UTC)
        shown = session.current()
        assert shown is not None and shown.id == card_id, f"expected {card_id}, got {shown}"
        return session.answer(rating)

    return answer
