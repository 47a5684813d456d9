"""FSRS through the session across simulated days (fuzz off, so exact)."""
from __future__ import annotations

from datetime import timedelta

import pytest

from quizapp.srs import LEARNING, RELEARNING, REVIEW, CardState, Srs, format_interval


def test_new_card_learns_graduates_and_intervals_grow(store, clock, session_factory, make_cards):
    card = make_cards(1)[0]
    s = session_factory([card])
    assert s.current() == card
    s.answer(3)  # Good on a new card: step 1 (1m) -> step 2 (10m)
    state = store.card_state(card.id)
    assert state.state == LEARNING and state.due == clock.now + timedelta(minutes=10)
    assert s.current() == card  # within the 20-minute learn-ahead, nothing else left
    clock.advance(minutes=10)
    s.answer(3)  # last learning step: graduates
    state = store.card_state(card.id)
    assert state.state == REVIEW
    first = state.due - clock.now
    assert first >= timedelta(days=1)
    assert s.current() is None and s.remaining() == (0, 0, 0)

    gaps = [first]
    for _ in range(3):  # each time the card comes due, Good: the interval grows
        clock.now = store.card_state(card.id).due
        s = session_factory([card])
        assert s.remaining() == (0, 0, 1) and s.current() == card
        s.answer(3)
        gaps.append(store.card_state(card.id).due - clock.now)
    assert gaps == sorted(gaps) and gaps[-1] > gaps[0] * 3


def test_again_on_a_review_card_relearns_then_returns(store, clock, session_factory, make_cards):
    card = make_cards(1)[0]
    s = session_factory([card])
    s.answer(4)  # Easy: straight to review
    clock.now = store.card_state(card.id).due + timedelta(hours=1)
    s = session_factory([card])
    s.answer(1)
    state = store.card_state(card.id)
    assert (state.state, state.lapses, state.reps) == (RELEARNING, 1, 2)
    assert state.due == clock.now + timedelta(minutes=10)
    assert s.remaining() == (0, 1, 0)
    clock.advance(minutes=10)
    assert s.current() == card
    s.answer(3)
    assert store.card_state(card.id).state == REVIEW
    assert store.card_state(card.id).due - clock.now >= timedelta(days=1)


def test_preview_matches_what_answering_schedules(store, clock, session_factory, srs, make_cards):
    card = make_cards(1)[0]
    s = session_factory([card])
    shown = s.intervals()
    assert shown == {1: "1m", 2: "6m", 3: "10m", 4: shown[4]} and shown[4].endswith("d")
    preview = srs.preview(CardState(card.id), clock.now)
    s.answer(2)
    assert store.card_state(card.id).due == preview[2]


def test_fuzzing_is_on_by_default_and_only_moves_due(settings, clock):
    fuzzed, exact = Srs(settings), Srs(settings, fuzzing=False)
    assert fuzzed.scheduler.enable_fuzzing and not exact.scheduler.enable_fuzzing
    state = exact.review(CardState("x"), 4, clock.now)
    later = clock.now + timedelta(days=40)
    dues = {fuzzed.review(state, 3, later).due for _ in range(40)}
    assert len(dues) > 1  # fuzz spreads
    a, b = fuzzed.review(state, 3, later), exact.review(state, 3, later)
    assert (a.card.stability, a.card.difficulty) == (b.card.stability, b.card.difficulty)


def test_steps_come_from_settings(settings, clock):
    from dataclasses import replace
    srs = Srs(replace(settings, learning_steps_minutes=(2.0, 30.0)), fuzzing=False)
    assert srs.preview(CardState("x"), clock.now)[3] == clock.now + timedelta(minutes=30)


@pytest.mark.parametrize("delta, text", [
    (timedelta(seconds=30), "<1m"), (timedelta(minutes=1), "1m"), (timedelta(minutes=10), "10m"),
    (timedelta(hours=1), "1h"), (timedelta(hours=1, minutes=30), "1.5h"), (timedelta(days=3), "3d"),
    (timedelta(days=63), "2.1mo"), (timedelta(days=438), "1.2y"), (timedelta(days=365), "1y"),
])
def test_format_interval(delta, text):
    assert format_interval(delta) == text


# -- elapsed time is counted in study days crossed, as FSRS was trained and Anki counts --
def _graduated(srs, at):
    """A card rated Easy at ``at``: a review card whose last review is ``at``."""
    return srs.review(CardState("x"), 4, at)


def test_a_morning_review_after_an_evening_one_counts_the_days_crossed(settings):
    from datetime import datetime, timezone
    srs = Srs(settings, fuzzing=False, tz=timezone.utc)
    evening = datetime(2026, 3, 1, 21, 0, tzinfo=timezone.utc)
    state = _graduated(srs, evening)
    # Two study days later but less than 48 h: fsrs's (now - last).days says 1, Anki says 2.
    morning = datetime(2026, 3, 3, 8, 0, tzinfo=timezone.utc)
    assert srs.elapsed_days(state, morning) == 2
    two_days = srs.review(state, 3, morning)
    same_as_48h = srs.review(state, 3, evening + timedelta(days=2))
    assert two_days.card.stability == pytest.approx(same_as_48h.card.stability)
    assert two_days.card.last_review == morning  # the real time is what is stored


def test_a_review_under_24h_later_but_past_the_rollover_is_a_day_later(settings):
    from datetime import datetime, timezone
    srs = Srs(settings, fuzzing=False, tz=timezone.utc)  # day starts at 4 am
    late = datetime(2026, 3, 1, 23, 0, tzinfo=timezone.utc)
    state = _graduated(srs, late)
    next_morning = late + timedelta(hours=10)  # 9 am: a new study day
    assert srs.elapsed_days(state, next_morning) == 1
    reviewed = srs.review(state, 3, next_morning)
    a_day_later = srs.review(state, 3, late + timedelta(days=1))
    assert reviewed.card.stability == pytest.approx(a_day_later.card.stability)
    # 3 am is still the same study day as 23:00 the evening before: a same-day review
    assert srs.elapsed_days(state, late + timedelta(hours=4)) == 0


def test_retrievability_counts_study_days_too(settings):
    from datetime import datetime, timezone
    srs = Srs(settings, fuzzing=False, tz=timezone.utc)
    evening = datetime(2026, 3, 1, 21, 0, tzinfo=timezone.utc)
    state = _graduated(srs, evening)
    morning = datetime(2026, 3, 3, 8, 0, tzinfo=timezone.utc)
    assert srs.retrievability(state, morning) == pytest.approx(
        srs.retrievability(state, evening + timedelta(days=2)))
    assert srs.retrievability(CardState("never-seen"), morning) == 0.0
