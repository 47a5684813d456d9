"""Shared fixtures: a real SQLite file per test, a hand-driven clock, plain cards."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest

from quizapp.config import Settings
from quizapp.srs import Srs
from quizapp.store import Store

UTC = timezone.utc
T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)  # noon UTC; tests use UTC as local zone


@dataclass(frozen=True)
class Card:
    """Stands in for the deck module's card: the session only needs these three."""

    id: str
    deck: str = "nn"
    kind: str = "basic"


class Clock:
    """A settable clock: ``clock()`` is now, ``clock.advance(minutes=...)`` moves on."""

    def __init__(self, now: datetime = T0):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw) -> datetime:
        self.now += timedelta(**kw)
        return self.now


def _make_cards(n: int, deck: str = "nn") -> list[Card]:
    return [Card(f"{deck}.c{i:03d}", deck) for i in range(n)]


@pytest.fixture
def make_cards():
    """``make_cards(n, deck="nn")`` -> n cards with ids ``deck.c000``... in deck order."""
    return _make_cards


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "data" / "quizapp.db")
    yield s
    s.close()


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def settings():
    return Settings()


@pytest.fixture
def srs(settings):
    return Srs(settings, fuzzing=False)


@pytest.fixture
def session_factory(store, clock, settings, srs):
    """``session_factory(cards, **overrides)`` -> StudySession on the shared store/clock."""
    from quizapp.session import StudySession
    import random

    def make(cards, settings=settings, **kw):
        kw.setdefault("srs", Srs(settings, fuzzing=False))
        return StudySession(store, cards, settings, clock=clock, rng=random.Random(0), tz=UTC, **kw)

    return make
