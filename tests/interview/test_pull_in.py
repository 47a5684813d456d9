"""The pull-in rule as Srs applies it: with an interview date ahead, a review whose
normal interval would pass the date with recall on the day below the target comes back
on the earliest day from which one Good answer reaches the target; nothing else moves."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Card, State
from hypothesis import given
from hypothesis import strategies as st

from quizapp.clock import boundary, study_date
from quizapp.config import Settings
from quizapp.study.srs import AGAIN, EASY, GOOD, HARD, RATINGS, CardState, Srs

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
TODAY = study_date(NOW, 4, UTC)


def review_state(stability: float, elapsed: int, difficulty: float = 5.0) -> CardState:
    card = Card(card_id=0, state=State.Review, stability=stability, difficulty=difficulty,
                due=NOW, last_review=NOW - timedelta(days=elapsed))
    return CardState("a.x", card, reps=4)


def planned(days: int, **kw) -> Srs:
    date = (TODAY + timedelta(days=days)).isoformat()
    return Srs(Settings(interview_date=date, **kw), fuzzing=False, tz=UTC)


def days_from_today(moment: datetime) -> int:
    return (study_date(moment, 4, UTC) - TODAY).days


def recall_on_date(srs: Srs, state: CardState) -> float:
    assert srs.interview is not None
    return srs.retrievability(state, boundary(srs.interview.day, 4, UTC))


def test_a_review_that_would_pass_the_date_below_target_comes_back_on_the_earliest_day_that_reaches_it():
    normal = Srs(Settings(), fuzzing=False, tz=UTC)
    srs = planned(30)
    state = review_state(20.0, 20)
    assert days_from_today(normal.review(state, HARD, NOW, exact=True).due) > 30  # would pass the date
    after = srs.review(state, HARD, NOW, exact=True)
    assert recall_on_date(srs, after) < 0.95
    day = days_from_today(after.due)
    assert 1 < day < 30
    assert after.card.stability == normal.review(state, HARD, NOW, exact=True).card.stability  # FSRS's memory

    def good_on(k: int) -> CardState:
        return srs.review(after, GOOD, after.due + timedelta(days=k - day), exact=True)

    assert recall_on_date(srs, good_on(day)) >= 0.95
    assert recall_on_date(srs, good_on(day - 1)) < 0.95  # the earliest such day
    stronger = srs.review(state, GOOD, NOW, exact=True)  # pulled in too: on Hard's day, above the target
    assert days_from_today(normal.review(state, GOOD, NOW, exact=True).due) > 30 and stronger.due == after.due
    assert recall_on_date(srs, srs.review(stronger, GOOD, stronger.due, exact=True)) > recall_on_date(
        srs, good_on(day))


def test_nothing_moves_without_a_date_on_target_already_when_due_before_it_or_once_it_is_this_close():
    normal = Srs(Settings(), fuzzing=False, tz=UTC)
    strong, weak = review_state(300.0, 30), review_state(8.0, 8)
    for srs, state in ((planned(20), strong), (planned(60), review_state(3.0, 3)), (planned(1), weak),
                       (planned(0), weak), (planned(-5), weak)):
        for rating in RATINGS:
            assert srs.review(state, rating, NOW, exact=True) == normal.review(state, rating, NOW, exact=True)


def test_learning_steps_are_untouched_and_a_logged_due_time_is_kept():
    srs = planned(20)
    learning = srs.review(CardState("a.x"), GOOD, NOW, exact=True)
    assert learning.due == NOW + timedelta(minutes=10)
    logged = NOW + timedelta(days=40)
    assert srs.review(review_state(8.0, 8), GOOD, NOW, exact=True, due=logged).due == logged


@pytest.mark.parametrize(("stability", "days"), [(8.0, 20), (12.0, 14), (20.0, 30), (5.0, 14)])
def test_the_buttons_never_go_down_from_hard_to_easy_and_show_what_answering_saves(stability, days):
    """A stronger card reaches the target from an earlier day: a pulled-in Good or Easy
    takes Hard's day (Hard pulled in or not) rather than coming back sooner."""
    srs, normal = planned(days), Srs(Settings(), fuzzing=False, tz=UTC)
    state = review_state(stability, int(stability))
    preview = srs.preview(state, NOW)
    shown = [days_from_today(preview[r]) for r in (HARD, GOOD, EASY)]
    assert shown == sorted(shown) and shown[0] < days
    for rating, day in zip((GOOD, EASY), shown[1:], strict=True):
        usual = days_from_today(normal.preview(state, NOW)[rating])
        assert day in (usual, shown[0])
    assert all(srs.review(state, r, NOW, exact=True).due == preview[r] for r in RATINGS)


def test_the_target_comes_from_settings():
    state = review_state(20.0, 20)
    strict = days_from_today(planned(30, plan_target=0.99).review(state, HARD, NOW, exact=True).due)
    usual = days_from_today(planned(30).review(state, HARD, NOW, exact=True).due)
    assert usual < strict < 30


@given(stability=st.floats(0.5, 400), elapsed=st.integers(0, 200), difficulty=st.floats(1, 10),
       days=st.integers(2, 120), rating=st.sampled_from([AGAIN, HARD, GOOD, EASY]))
def test_a_pulled_in_review_comes_before_the_date_and_never_later_than_normal(
        stability, elapsed, difficulty, days, rating):
    srs, normal = planned(days), Srs(Settings(), fuzzing=False, tz=UTC)
    state = review_state(stability, elapsed, difficulty)
    after, usual = srs.review(state, rating, NOW, exact=True), normal.review(state, rating, NOW, exact=True)
    assert replace(after, card=None) == replace(usual, card=None)
    assert (after.card.stability, after.card.difficulty) == (usual.card.stability, usual.card.difficulty)
    if after.due != usual.due:
        assert after.due < usual.due and 1 <= days_from_today(after.due) < days
        assert recall_on_date(srs, usual) < srs.interview.target


@pytest.mark.parametrize("bad", ["2024-02-30", "24-05-01", "2024-5-1", "tomorrow", 20240501])
def test_an_unreadable_date_is_no_date(bad):
    from quizapp.config import check_setting

    assert check_setting("interview_date", bad)[1] == "a date as YYYY-MM-DD (empty: no interview date)"
    assert check_setting("interview_date", "")[0] == ""
    assert check_setting("interview_date", "2024-02-29")[0] == "2024-02-29"
