"""How an answer was given (quizapp.store.modes): a cram answer is logged and moves
nothing; a mock answer is scheduled like any other and keeps its mark everywhere
the log travels (rebuild, merge, sync rows, Anki export)."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from quizapp.interchange.merge import check_row
from quizapp.store.modes import CRAM, MOCK
from quizapp.study.optimizer import histories
from quizapp.study.srs import NEW, REVIEW

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def _graduate(store, srs, card_id: str) -> None:
    """New -> review: Good twice a day apart."""
    store.record_review(card_id, 3, T0, srs)
    store.record_review(card_id, 3, T0 + timedelta(days=1), srs)
    assert store.card_state(card_id).state == REVIEW


def test_a_cram_answer_is_logged_and_leaves_the_schedule_alone(store, srs):
    _graduate(store, srs, "nn.a")
    before = store.card_state("nn.a")
    result = store.record_review("nn.a", 1, T0 + timedelta(days=2), srs, mode=CRAM)
    assert result.after == before and store.card_state("nn.a") == before
    row = store.reviews("nn.a")[-1]
    assert (row["mode"], row["rating"], row["prev_state"]) == (CRAM, 1, REVIEW)
    assert row["due_after"] == store.reviews("nn.a")[-2]["due_after"]
    assert store.card_state("nn.a").lapses == 0  # an Again in cram is no lapse


def test_a_crammed_new_card_stays_new_and_uses_no_daily_limit(store, srs):
    store.record_review("nn.new", 3, T0, srs, mode=CRAM)
    assert store.card_state("nn.new").state == NEW
    day = T0 - timedelta(hours=1)
    assert store.history.new_introduced_today(day) == 0
    _graduate(store, srs, "nn.b")
    store.record_review("nn.b", 2, T0 + timedelta(days=2), srs, mode=CRAM)
    assert store.history.reviews_today(T0 + timedelta(days=2) - timedelta(hours=1), review_cards_only=True) == 0
    assert store.history.reviews_today(T0 + timedelta(days=2) - timedelta(hours=1)) == 1  # still studied today


def test_a_rebuild_skips_cram_answers_and_keeps_mock_ones(store, srs):
    _graduate(store, srs, "nn.a")
    _graduate(store, srs, "nn.m")
    store.record_review("nn.a", 1, T0 + timedelta(days=2), srs, mode=CRAM)
    mocked = store.record_review("nn.m", 1, T0 + timedelta(days=2), srs, mode=MOCK)
    assert mocked.after.lapses == 1  # a mock Again is a real lapse
    cached = store.card_states()
    store.rebuild_states(srs)
    assert store.card_states() == cached
    assert store.reviews("nn.m")[-1]["mode"] == MOCK


def test_retention_and_the_optimizer_leave_cram_answers_out(store, srs):
    _graduate(store, srs, "nn.a")
    store.record_review("nn.a", 3, T0 + timedelta(days=5), srs)
    store.record_review("nn.a", 1, T0 + timedelta(days=5, minutes=5), srs, mode=CRAM)
    assert store.history.retention_30d(T0 + timedelta(days=6)) == 1.0
    (history,) = histories(store.reviews(), tz=UTC)
    assert [answer.rating for answer in history] == [3, 3, 3]


def test_merged_rows_keep_their_mode_and_a_cram_row_moves_nothing(tmp_path, store, srs):
    from quizapp.store.database import Store

    _graduate(store, srs, "nn.a")
    store.record_review("nn.a", 1, T0 + timedelta(days=2), srs, mode=CRAM)
    rows = [check_row(row, T0 + timedelta(days=3)) for row in store.reviews()]
    with Store.open(tmp_path / "other.db") as other:
        assert other.merge_reviews(rows, srs) == 3
        assert [r["mode"] for r in other.reviews()] == [None, None, CRAM]
        assert other.card_state("nn.a") == store.card_state("nn.a")


def test_an_unknown_mode_is_refused_by_the_store_and_by_an_import(store, srs):
    with pytest.raises(ValueError, match="mode"):
        store.record_review("nn.a", 3, T0, srs, mode="speedrun")
    assert store.reviews() == []
    row = {"uid": "u1", "card_id": "nn.a", "rating": 3, "reviewed_at": T0.isoformat(), "mode": "speedrun"}
    with pytest.raises(ValueError, match="mode: expected null, 'cram' or 'mock'"):
        check_row(row, T0)


def test_the_anki_export_logs_a_cram_answer_as_a_filtered_review_without_rescheduling(store, srs):
    from datetime import date

    from quizapp.interchange.anki_sched import REVLOG_FILTERED, Timing, revlog_rows

    _graduate(store, srs, "nn.a")
    store.record_review("nn.a", 2, T0 + timedelta(days=2), srs, mode=CRAM)
    graduated, crammed = revlog_rows(store.reviews("nn.a"), srs, Timing(date(2026, 3, 1), 4, UTC))[1:]
    assert crammed.type == REVLOG_FILTERED
    assert crammed.ivl == crammed.last_ivl == graduated.ivl
