"""The last days before the date: the session shows its reviews in order of what each adds
to recall on the day (quizapp.study.plan.by_gain_on_date), not by the day they fell due."""
from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import timedelta

from quizapp.clock import study_date
from quizapp.config import Settings
from quizapp.study.counts import plan_day
from quizapp.study.plan import by_gain_on_date
from quizapp.study.session import StudySession
from quizapp.study.srs import REVIEW, Srs
from timekeeping import T0, UTC


@dataclass(frozen=True)
class Card:
    id: str
    deck: str = "a"
    kind: str = "qa"


CARDS = [Card(f"a.c{i:02d}") for i in range(12)]


def studied(store) -> None:
    """Twelve review cards with mixed histories, all due by T0."""
    rng = random.Random(7)
    srs = Srs(Settings(), fuzzing=False, tz=UTC)
    for card in CARDS:
        at = T0 - timedelta(days=rng.randint(30, 60))
        for _ in range(rng.randint(1, 4)):
            after = store.record_review(card.id, rng.choice((2, 3, 3, 4)), at, srs).after
            while after.state != REVIEW:
                after = store.record_review(card.id, 3, after.due, srs).after
            if after.due >= T0:
                break
            at = after.due + timedelta(days=rng.randint(0, 3))


def shown(store, settings: Settings) -> list[str]:
    session = StudySession.drill(store, CARDS, settings, clock=lambda: T0, rng=random.Random(0), tz=UTC,
                                 srs=Srs(settings, fuzzing=False, tz=UTC))
    order = []
    while (card := session.current()) is not None:
        order.append(card.id)
        session.skip()
    return order


def test_the_last_days_order_reviews_by_gain_on_the_day_and_other_days_do_not(store):
    studied(store)
    soon = Settings(interview_date=(T0.date() + timedelta(days=3)).isoformat())
    gain_order = shown(store, soon)
    assert sorted(gain_order) == sorted(cid for _, cid in plan_day(store, CARDS, soon, T0, UTC).reviews)
    assert len(gain_order) >= 6  # enough due reviews for the order to matter
    srs = Srs(soon, fuzzing=False, tz=UTC)
    assert gain_order == by_gain_on_date(gain_order, store.card_states(gain_order), srs, T0)
    # Before the last three days (and without a date): by the study day each fell due.
    for settings in (replace(soon, interview_date=(T0.date() + timedelta(days=4)).isoformat()), Settings()):
        fell_due = {cid: study_date(due, 4, UTC) for due, cid in plan_day(store, CARDS, settings, T0, UTC).reviews}
        order = shown(store, settings)
        assert sorted(order) == sorted(fell_due) and len(order) >= 6
        assert [fell_due[cid] for cid in order] == sorted(fell_due[cid] for cid in order)
        assert order != by_gain_on_date(order, store.card_states(order), srs, T0)
