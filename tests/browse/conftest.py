"""Fixtures for search, browse and leech tests: a helper that answers one card
through a fresh :class:`StudySession` when it is due, and ``quizapp cards``."""
from __future__ import annotations

import random
from datetime import timedelta

import pytest

from quizapp.config import Settings
from quizapp.study.srs import Srs
from timekeeping import UTC

DEFAULT_SETTINGS = Settings()  # frozen: one instance serves every call that does not pass its own


@pytest.fixture
def answer_when_due(store, clock):
    """``answer_when_due(cards, card_id, rating, settings=Settings())``: move the clock
    just past the card's due time, build a session as the study screen does, check
    the card is the one shown, and answer it; returns the ReviewResult."""
    from quizapp.study.session import StudySession

    def answer(cards, card_id, rating, settings=DEFAULT_SETTINGS):
        due = store.card_state(card_id).due
        if due is not None:
            clock.now = max(clock.now, due) + timedelta(minutes=1)
        session = StudySession(store, cards, settings, clock=clock, rng=random.Random(0),
                               srs=Srs(settings, fuzzing=False), tz=UTC)
        shown = session.current()
        assert shown is not None and shown.id == card_id, f"expected {card_id}, got {shown}"
        return session.answer(rating)

    return answer


@pytest.fixture
def cards(quizapp_cli):
    """``cards(ctx, *args)``: ``quizapp --data-dir DATA --content DECKS cards ARGS`` on the
    context's data dir and deck folder (built-in decks load too), in this process."""

    def run(ctx, *args: str):
        return quizapp_cli("cards", *args, data_dir=ctx.data_dir, content=ctx.content_dirs[0])

    return run
