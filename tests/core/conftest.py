"""Core fixtures: plain cards, settings and a session factory (the store and
the clock come from tests/conftest.py)."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from quizapp.config import Settings
from quizapp.study.srs import Srs
from timekeeping import UTC


@dataclass(frozen=True)
class Card:
    """Stands in for the deck module's card: the session only needs these three."""

    id: str
    deck: str = "nn"
    kind: str = "basic"


def _make_cards(n: int, deck: str = "nn") -> list[Card]:
    return [Card(f"{deck}.c{i:03d}", deck) for i in range(n)]


@pytest.fixture
def make_cards():
    """``make_cards(n, deck="nn")`` -> n cards with ids ``deck.c000``... in deck order."""
    return _make_cards




@pytest.fixture
def settings():
    return Settings()


@pytest.fixture
def srs(settings):
    return Srs(settings, fuzzing=False)


@pytest.fixture
def session_factory(store, clock, settings, srs):
    """``session_factory(cards, **overrides)`` -> StudySession on the shared store/clock."""
    import random

    from quizapp.study.session import StudySession

    def make(cards, settings=settings, **kw):
        kw.setdefault("srs", Srs(settings, fuzzing=False, tz=UTC))
        return StudySession(store, cards, settings, clock=clock, rng=random.Random(0), tz=UTC, **kw)

    return make
