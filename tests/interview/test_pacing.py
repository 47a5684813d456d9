"""New cards paced to the interview date, through the limit rules the home counts and
the study session share (quizapp.study.counts.plan_day) on a real store."""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

import pytest

from quizapp.config import Settings
from quizapp.study.counts import plan_day
from quizapp.study.interview import SETTLE_DAYS, paced_new_per_day
from quizapp.study.session import StudySession
from quizapp.study.srs import Srs
from timekeeping import T0, UTC


@dataclass(frozen=True)
class Card:
    id: str
    deck: str
    kind: str = "qa"


CARDS = [Card(f"a.c{i:02d}", "a") for i in range(30)] + [Card(f"b.c{i:02d}", "b") for i in range(10)]


def in_days(days: int, **kw) -> Settings:
    return Settings(interview_date=(T0.date() + timedelta(days=days)).isoformat(), **kw)


@pytest.mark.parametrize(("unseen", "days", "limit", "own", "expected"), [
    (40, 13, 20, 0, 4),  # 40 cards over the 10 days before the last 3
    (40, 4, 20, 0, 20),  # one day left to bring them in: the limit holds
    (40, 2, 99, 0, 40),  # within the last days: all that is left, at once
    (7, 30, 20, 0, 1),
    (0, 30, 20, 0, 0),
    (40, 13, 20, 9, 9),  # the learner's own number
    (40, 13, 5, 9, 5),  # ... within their limit too
])
def test_the_pace_spreads_the_new_cards_before_the_last_days(unseen, days, limit, own, expected):
    settings = Settings(new_per_day=limit, plan_new_per_day=own)
    assert paced_new_per_day(unseen, days, settings) == expected
    assert SETTLE_DAYS == 3


def test_a_day_brings_its_share_of_new_cards_and_what_was_introduced_today_counts(store):
    settings = in_days(13)
    assert len(plan_day(store, CARDS, Settings(), T0, UTC).new) == 20  # no date: the limit
    assert len(plan_day(store, CARDS, settings, T0, UTC).new) == 4  # 40 / 10
    srs = Srs(settings, fuzzing=False, tz=UTC)
    for card in CARDS[:3]:
        store.record_review(card.id, 3, T0, srs)
    day = plan_day(store, CARDS, settings, T0 + timedelta(minutes=1), UTC)
    assert len(day.new) == 1  # 4 today, 3 of them seen
    only_b = plan_day(store, CARDS[30:], settings, T0 + timedelta(minutes=1), UTC)
    assert len(only_b.new) == 1  # a deck studied on its own: 10 cards over 10 days


def test_after_the_date_the_usual_limit_is_back(store):
    for days in (0, -1):
        assert len(plan_day(store, CARDS, in_days(days), T0, UTC).new) == 20


def test_a_session_introduces_the_paced_number(store):
    settings = in_days(13)
    session = StudySession(store, CARDS, settings, clock=lambda: T0, rng=random.Random(0), tz=UTC,
                           srs=Srs(settings, fuzzing=False, tz=UTC))
    assert session.remaining()[0] == 4
