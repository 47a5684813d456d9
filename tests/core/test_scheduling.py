"""FSRS through the session across simulated days (fuzz off, so exact)."""
from __future__ import annotations

from datetime import UTC, timedelta

import pytest

from quizapp.study.srs import LEARNING, RELEARNING, REVIEW, CardState, Srs, format_interval


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
    from datetime import datetime
    srs = Srs(settings, fuzzing=False, tz=UTC)
    evening = datetime(2026, 3, 1, 21, 0, tzinfo=UTC)
    state = _graduated(srs, evening)
    # Two study days later but less than 48 h: fsrs's (now - last).days says 1, Anki says 2.
    morning = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
    assert srs.elapsed_days(state, morning) == 2
    two_days = srs.review(state, 3, morning)
    same_as_48h = srs.review(state, 3, evening + timedelta(days=2))
    assert two_days.card.stability == pytest.approx(same_as_48h.card.stability)
    assert two_days.card.last_review == morning  # the real time is what is stored


def test_a_review_under_24h_later_but_past_the_rollover_is_a_day_later(settings):
    from datetime import datetime
    srs = Srs(settings, fuzzing=False, tz=UTC)  # day starts at 4 am
    late = datetime(2026, 3, 1, 23, 0, tzinfo=UTC)
    state = _graduated(srs, late)
    next_morning = late + timedelta(hours=10)  # 9 am: a new study day
    assert srs.elapsed_days(state, next_morning) == 1
    reviewed = srs.review(state, 3, next_morning)
    a_day_later = srs.review(state, 3, late + timedelta(days=1))
    assert reviewed.card.stability == pytest.approx(a_day_later.card.stability)
    # 3 am is still the same study day as 23:00 the evening before: a same-day review
    assert srs.elapsed_days(state, late + timedelta(hours=4)) == 0


def test_retrievability_counts_study_days_too(settings):
    from datetime import datetime
    srs = Srs(settings, fuzzing=False, tz=UTC)
    evening = datetime(2026, 3, 1, 21, 0, tzinfo=UTC)
    state = _graduated(srs, evening)
    morning = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
    assert srs.retrievability(state, morning) == pytest.approx(
        srs.retrievability(state, evening + timedelta(days=2)))
    assert srs.retrievability(CardState("never-seen"), morning) == 0.0


# -- the interval rules Anki lays over FSRS (rslib/src/scheduler/states) ------------
def _days(srs, state, now):
    """Each button's interval (Again..Easy) as Anki shows it: days or minutes."""
    return tuple(f"{(due - now).days}d" if due - now >= timedelta(days=1) else f"{(due - now) // timedelta(minutes=1)}m"
                 for due in srs.preview(state, now).values())


def _review_card(at, stability, difficulty):
    from fsrs import Card, State
    card = Card(card_id=0, state=State.Review, stability=stability, difficulty=difficulty,
                last_review=at, due=at + timedelta(days=round(stability)))
    return CardState("x", card=card, reps=5)


def _relearning_card(at, stability, difficulty):
    from fsrs import Card, State
    card = Card(card_id=0, state=State.Relearning, step=0, stability=stability, difficulty=difficulty,
                last_review=at, due=at + timedelta(minutes=10))
    return CardState("x", card=card, reps=6, lapses=1)


def test_review_card_hard_good_easy_are_each_a_day_apart(settings, clock):
    """review.rs: hard = max(1, h), good = max(hard + 1, g), easy = max(good + 1, e).
    Reviewed the day after a 100-day interval was set, FSRS alone gives 100, 100, 101."""
    srs = Srs(settings, fuzzing=False)
    state, now = _review_card(clock.now, 100.0, 10.0), clock.now + timedelta(days=1)
    assert _days(srs, state, now) == ("10m", "100d", "101d", "102d")
    for rating, days in ((2, 100), (3, 101), (4, 102)):  # what answering saves is what was shown
        assert srs.review(state, rating, now).due == now + timedelta(days=days)


def test_learning_easy_is_a_day_past_fsrs_good(settings, clock):
    """learning.rs answer_easy: Easy is at least FSRS's Good interval + 1 day
    (the issue's "3 Good 1d 4 Easy 1d")."""
    srs = Srs(settings, fuzzing=False)
    state = CardState("x")
    for rating, minutes in ((1, 0), (2, 1), (3, 7)):  # Again, Hard, Good: on the last step now
        state = srs.review(state, rating, clock.now + timedelta(minutes=minutes))
    now = clock.now + timedelta(minutes=17)
    assert _days(srs, state, now) == ("1m", "10m", "1d", "2d")
    assert srs.review(state, 4, now).due == now + timedelta(days=2)


def test_relearning_easy_is_a_day_past_fsrs_good(settings, clock):
    """relearning.rs answer_easy: the same rule when leaving relearning with Easy."""
    srs = Srs(settings, fuzzing=False)
    state, now = _relearning_card(clock.now, 0.8, 9.6), clock.now + timedelta(minutes=15)
    assert _days(srs, state, now) == ("10m", "15m", "1d", "2d")
    assert srs.review(state, 4, now).due == now + timedelta(days=2)


def test_fuzz_keeps_each_minimum(settings, clock, monkeypatch):
    """With fuzz drawn at its lowest, Good still lands past Hard and Easy past Good."""
    import fsrs.scheduler
    monkeypatch.setattr(fsrs.scheduler, "random", lambda: 0.0)
    srs = Srs(settings, fuzzing=True)
    review, now = _review_card(clock.now, 100.0, 10.0), clock.now + timedelta(days=1)
    assert srs.review(review, 2, now).due < now + timedelta(days=100)  # fuzz did pull down
    assert srs.review(review, 3, now).due == now + timedelta(days=101)
    assert srs.review(review, 4, now).due == now + timedelta(days=102)
    relearning, later = _relearning_card(clock.now, 4.1241, 8.23), clock.now + timedelta(days=2, hours=9)
    assert _days(Srs(settings, fuzzing=False), relearning, later)[2:] == ("7d", "9d")
    assert srs.review(relearning, 4, later).due == later + timedelta(days=8)  # fuzzed 7 < Good 7 + 1


def test_memory_state_is_kept_to_anki_precision(settings, clock):
    """Anki keeps S to 4 and D to 3 decimals on the card and schedules on from those."""
    srs = Srs(settings, fuzzing=False)
    state = srs.review(CardState("x"), 3, clock.now)
    state = srs.review(state, 3, clock.now + timedelta(days=3, hours=5))
    assert state.card.stability == round(state.card.stability, 4)
    assert state.card.difficulty == round(state.card.difficulty, 3)
