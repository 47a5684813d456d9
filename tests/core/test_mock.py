"""A mock interview without the UI (quizapp.study.mock, mock_timer, mock_report): the clock
with pauses, answers in the review log marked mock, time per question, the report."""
from __future__ import annotations

import random
import sqlite3
from collections import Counter
from datetime import timedelta

import pytest

from core.test_mock_plan import code, numeric, qa
from quizapp.store.errors import StoreError
from quizapp.store.modes import MOCK
from quizapp.study.mock import MockInterview, start_mock
from quizapp.study.mock_plan import MockOptions
from quizapp.study.mock_report import ReadinessSnapshot, build_report, history_line, report_text
from quizapp.study.mock_timer import MockTimer, clock_text
from quizapp.study.srs import AGAIN, GOOD, HARD, LEARNING
from quizapp.study.unsaved import UnsavedAnswers

QUESTIONS = [qa("cnn", 1), qa("rnn", 2), numeric("cnn", 3), code(4)]


@pytest.fixture
def mock(store, srs, settings, clock):
    return MockInterview(store, srs, settings, QUESTIONS, MockOptions(minutes=20, decks=("cnn", "rnn")),
                         clock=clock)


def test_the_timer_counts_down_and_stands_still_while_paused(clock):
    timer = MockTimer(600, clock)
    clock.advance(seconds=90)
    assert timer.elapsed_s() == 90 and timer.remaining_s() == 510
    timer.pause()
    timer.pause()  # pausing twice is one pause
    clock.advance(minutes=30)
    assert timer.paused and timer.elapsed_s() == 90 and not timer.over
    timer.resume()
    clock.advance(seconds=509)
    assert timer.remaining_s() == 1 and not timer.over
    clock.advance(seconds=2)
    assert timer.over and timer.remaining_s() == 0


@pytest.mark.parametrize(("seconds", "shown"), [(1800, "30:00"), (59.2, "01:00"), (0.4, "00:01"), (0, "00:00"),
                                                (3900, "1:05:00")])
def test_the_clock_reads_like_a_wall_clock(seconds, shown):
    assert clock_text(seconds) == shown


def test_answers_are_logged_as_mock_with_their_time_and_scheduled(mock, store, clock):
    assert mock.current().id == "cnn.q1" and mock.where() == "question 1 of 4 · concepts · cnn · basic"
    clock.advance(seconds=75)
    result = mock.answer(GOOD, answer="a weighted sum")
    assert result is not None and result.after.state == LEARNING  # FSRS scheduled it
    clock.advance(seconds=30)
    mock.timer.pause()
    clock.advance(minutes=10)  # a pause is not time spent on the question
    mock.timer.resume()
    clock.advance(seconds=20)
    mock.answer(AGAIN)
    rows = store.reviews()
    assert [(r["card_id"], r["rating"], r["mode"], r["duration_ms"], r["answer"]) for r in rows] == [
        ("cnn.q1", GOOD, MOCK, 75_000, "a weighted sum"), ("rnn.q2", AGAIN, MOCK, 50_000, None)]
    assert [a.seconds for a in mock.asked] == [75, 50]


def test_a_skipped_question_records_nothing_and_the_rest_are_not_reached(mock, store, clock):
    clock.advance(seconds=40)
    mock.skip()
    mock.answer(HARD, correct=True)
    mock.stop()
    assert mock.over and mock.current() is None and mock.where() == ""
    assert [r["card_id"] for r in store.reviews()] == ["rnn.q2"]
    results = mock.results()
    assert [(a.card.id, a.rating, a.skipped, a.passed) for a in results] == [
        ("cnn.q1", None, True, False), ("rnn.q2", HARD, False, True), ("cnn.n3", None, False, False),
        ("exercises.e4", None, False, False)]
    with pytest.raises(RuntimeError):
        mock.answer(GOOD)


def test_an_answer_the_database_refuses_is_kept_with_its_mark(store, srs, settings, clock, tmp_path, monkeypatch):
    unsaved = UnsavedAnswers(tmp_path / "unsaved.json")
    mock = MockInterview(store, srs, settings, QUESTIONS, MockOptions(), clock=clock, unsaved=unsaved)

    def refuse(*args, **kwargs):
        raise StoreError("database is locked")

    with monkeypatch.context() as patch:
        patch.setattr(store, "record_review", refuse)
        assert mock.answer(GOOD) is None
        assert mock.answer(AGAIN) is None  # waits behind the first
    assert [row["mode"] for row in unsaved.rows] == [MOCK, MOCK] and unsaved.reason == "database is locked"
    mock.answer(GOOD)  # the database takes writes again: the waiting ones first, in order
    assert [(r["card_id"], r["mode"]) for r in store.reviews()] == [
        ("cnn.q1", MOCK), ("rnn.q2", MOCK), ("cnn.n3", MOCK)]
    assert len(unsaved) == 0


def test_the_report_scores_by_topic_times_each_question_and_says_what_to_study(mock, clock):
    clock.advance(seconds=100)
    mock.answer(GOOD)
    clock.advance(seconds=200)
    mock.answer(AGAIN)
    clock.advance(seconds=300)
    mock.answer(HARD, correct=False)
    clock.advance(minutes=10)  # time up on the coding exercise
    assert mock.timer.over
    mock.stop()
    before = ReadinessSnapshot(0.30, {"cnn": 0.5, "rnn": 0.1})
    after = ReadinessSnapshot(0.35, {"cnn": 0.6, "rnn": 0.12, "exercises": 0.0})
    report = build_report(mock, before, after, clock())
    assert (report["ended"], report["questions"], report["answered"], report["passed"], report["score"]) == (
        "time up", 4, 3, 2, 0.5)
    assert report["elapsed_s"] == 1200  # the clock stopped at 20 minutes
    assert report["by_topic"] == [
        {"topic": "cnn", "asked": 2, "answered": 2, "passed": 2, "score": 1.0, "seconds": 400},
        {"topic": "rnn", "asked": 1, "answered": 1, "passed": 0, "score": 0.0, "seconds": 200},
        {"topic": "exercises", "asked": 1, "answered": 0, "passed": 0, "score": 0.0, "seconds": 0}]
    assert [a["seconds"] for a in report["answers"]] == [100, 200, 300, 0]
    assert report["answers"][2] == {"card_id": "cnn.n3", "deck": "cnn", "kind": "numeric", "level": "basic",
                                    "section": "numeric", "seconds": 300, "estimate_s": 240, "rating": HARD,
                                    "correct": False, "passed": True, "answered": True, "skipped": False}
    assert report["study_next"] == [
        {"topic": "exercises", "score": 0.0, "readiness": 0.0, "missed": ["exercises.e4"]},
        {"topic": "rnn", "score": 0.0, "readiness": 0.12, "missed": ["rnn.q2"]}]
    assert report["readiness"] == {"before": 0.3, "after": 0.35, "by_topic": [
        {"topic": "cnn", "before": 0.5, "after": 0.6}, {"topic": "rnn", "before": 0.1, "after": 0.12},
        {"topic": "exercises", "before": 0.0, "after": 0.0}]}
    text = report_text(report)
    assert text.splitlines()[:2] == [
        "Mock interview: 2 of 4 passed (50%), 1 not reached · time up after 20m 00s of 20m",
        "Readiness tomorrow 30.0% → 35.0%"]
    assert "  exercises          0/1    0%  not reached  ready 0.0% → 0.0%" in text
    assert "  ✗ exercises.e4" in text and "not reached" in text and "  rnn (0%, ready 12.0%): rnn.q2" in text
    assert history_line(report).endswith(" 20m   2/4   50%  ready 30.0% → 35.0%  cnn,rnn")


def test_with_nothing_missed_study_next_names_the_least_ready_topics(store, srs, settings, clock):
    mock = MockInterview(store, srs, settings, QUESTIONS[:2], MockOptions(), clock=clock)
    mock.answer(GOOD)
    mock.answer(GOOD)
    report = build_report(mock, ReadinessSnapshot(0.0), ReadinessSnapshot(0.5, {"cnn": 0.7, "rnn": 0.4}), clock())
    assert report["ended"] == "all asked" and report["score"] == 1.0
    assert [(t["topic"], t["missed"]) for t in report["study_next"]] == [("rnn", []), ("cnn", [])]


def test_answers_land_in_the_real_file(mock, store, tmp_path):
    mock.answer(GOOD)
    with sqlite3.connect(tmp_path / "data" / "quizapp.db") as db:
        assert db.execute("SELECT card_id, mode FROM reviews").fetchall() == [("cnn.q1", "mock")]


def _learn(store, srs, card, clock, days: int) -> None:
    """Good on ``card`` now and again ``days`` days later (the clock is put back)."""
    start = clock.now
    store.record_review(card.id, GOOD, start - timedelta(days=days + 1), srs)
    store.record_review(card.id, GOOD, start - timedelta(days=1), srs)


def test_start_mock_weights_weak_decks_leaves_suspended_cards_out_and_reads_readiness(store, srs, settings, clock):
    cards = [*(qa("cnn", i) for i in range(10)), *(qa("rnn", i) for i in range(10))]
    for card in cards[:10]:
        _learn(store, srs, card, clock, days=3)  # cnn well known, rnn never seen
    store.set_flags("rnn.q0", suspended=True)
    asked = Counter()
    for seed in range(40):
        mock = start_mock(store, srs, settings, cards, MockOptions(minutes=6), clock=clock, rng=random.Random(seed))
        assert len(mock.questions) == 3 and "rnn.q0" not in {c.id for c in mock.questions}
        asked.update(card.deck for card in mock.questions)
    assert asked["rnn"] > 2 * asked["cnn"] > 0
    assert [c.id for c in mock.pool if c.deck == "rnn"] == [f"rnn.q{i}" for i in range(1, 10)]
    assert mock.before.by_topic["rnn"] == 0.0 and 0.8 < mock.before.by_topic["cnn"] < 1
    assert mock.before.overall == pytest.approx(mock.before.by_topic["cnn"] * 10 / 19)


def test_readiness_moves_with_the_answers_up_after_good_down_after_again(store, srs, settings, clock):
    cards = [qa("cnn", 1), qa("cnn", 2)]
    for card in cards:
        _learn(store, srs, card, clock, days=3)
    mock = MockInterview(store, srs, settings, [cards[0]], MockOptions(), clock=clock)
    mock.answer(AGAIN)
    lapsed = mock.report()["readiness"]
    assert lapsed["after"] < lapsed["before"]  # tomorrow's recall of a lapsed card is lower
    mock = MockInterview(store, srs, settings, [qa("rnn", 3)], MockOptions(), clock=clock)
    mock.answer(GOOD)
    learnt = mock.report()["readiness"]
    assert (learnt["before"], learnt["by_topic"][0]["before"]) == (0.0, 0.0) and learnt["after"] > 0.5
