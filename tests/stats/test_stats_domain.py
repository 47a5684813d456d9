"""quizapp.study.stats against a history small enough to count by hand (see conftest)."""
from __future__ import annotations

from datetime import timedelta

from quizapp.clock import study_date
from quizapp.config import Settings
from quizapp.study.srs import LEARNING, NEW, RELEARNING, REVIEW
from quizapp.study.stats import full_stats, retention_by, sparkline, streak_text, time_spent_s

from .history import NOW, PREV_STATES, TODAY, UTC, at


def stats_of(history) -> dict:
    return full_stats(history.store, history.cards, Settings(), NOW, UTC)


def by_date(rows: list[dict], key: str = "count") -> dict[str, int]:
    return {row["date"]: row[key] for row in rows}


def test_the_history_has_the_states_the_hand_counts_assume(history):
    codes = {NEW: "N", LEARNING: "L", REVIEW: "R", RELEARNING: "RL"}
    assert [codes[row["prev_state"]] for row in history.store.reviews()] == PREV_STATES


def test_reviews_per_day_follow_the_4am_boundary(history):
    per_day = by_date(stats_of(history)["reviews_per_day"])
    assert len(per_day) == 30 and list(per_day)[-1] == "2025-03-14"
    # 03:59 on the 12th is still the 11th; 04:00 is the 12th; 03:30 on the 14th is the 13th.
    assert per_day["2025-03-11"] == 2  # demo.sigmoid 10:00 + cnn.pool 03-12 03:59
    assert per_day["2025-03-12"] == 2  # demo.what-is-ann 10:00 + cnn.pool 04:00
    assert per_day["2025-03-13"] == 3  # cnn.stride twice + cnn.pool 03-14 03:30
    assert per_day["2025-03-14"] == 1  # cnn.pool 11:00
    assert per_day["2025-03-09"] == 2 and per_day["2025-02-22"] == 2 and per_day["2025-02-23"] == 0
    assert sum(per_day.values()) == 13  # the 3 answers 35 and 40 days ago are older


def test_day_boundary_follows_the_setting(history):
    midnight = Settings(day_starts_at_hour=0)
    per_day = by_date(full_stats(history.store, history.cards, midnight, NOW, UTC)["reviews_per_day"])
    assert per_day["2025-03-12"] == 3 and per_day["2025-03-14"] == 2


def test_heatmap_covers_a_year_ending_today(history):
    heatmap = stats_of(history)["heatmap"]
    assert len(heatmap) == 365
    assert heatmap[-1]["date"] == "2025-03-14"
    assert heatmap[0]["date"] == (TODAY - timedelta(days=364)).isoformat()
    counts = by_date(heatmap)
    assert counts["2025-02-02"] == 1 and counts["2025-02-07"] == 2  # 40 and 35 days ago
    assert sum(counts.values()) == len(history.store.reviews())


def test_forecast_matches_the_due_times_in_card_state(history):
    forecast = stats_of(history)["forecast"]
    assert len(forecast) == 30 and forecast[0]["date"] == "2025-03-14"
    expected: dict[str, int] = {}
    for state in history.store.card_states().values():
        day = max(study_date(state.due, 4, UTC), TODAY)  # overdue cards count today
        if (day - TODAY).days < 30:
            expected[day.isoformat()] = expected.get(day.isoformat(), 0) + 1
    assert {k: v for k, v in by_date(forecast, "due").items() if v} == expected
    assert by_date(forecast, "due")["2025-03-14"] >= 1  # cnn.pool, learning, due 11:01


def test_retention_by_deck_and_kind_match_the_hand_count(history):
    # review-state answers in the last 30 days: what-is-ann pass, fail, pass;
    # sigmoid pass (Hard); stride fail. stride's fail 35 days ago is outside.
    decks = retention_by(history.store, history.cards, NOW, "deck")
    kinds = retention_by(history.store, history.cards, NOW, "kind")
    assert decks == {"cnn": 0.0, "demo": 0.75}
    assert kinds == {"choice": None, "cloze": 1.0, "qa": 0.5}
    assert stats_of(history)["retention_30d"] == 3 / 5


def test_time_spent_today_week_and_total(history):
    spent = time_spent_s(history.store, NOW, 4, UTC)
    assert spent["today"] == 4.0  # cnn.pool at 11:00
    # since 03-08 04:00: 6 + 6 + 7 + 1 + 6 + 2 + 5 + 5 + 3 + 4 seconds
    assert spent["week"] == 45.0
    assert spent["total"] == 82.0  # plus 5 + 5 + 5 (stride) and 8 + 8 (day 20)

def test_most_lapses_orders_by_lapses(history):
    assert stats_of(history)["most_lapses"] == [
        {"id": "cnn.stride", "lapses": 2}, {"id": "demo.what-is-ann", "lapses": 1}]


def test_existing_keys_are_kept(history):
    stats = stats_of(history)
    for key in ("cards", "due_today", "new_today", "reviews_total", "reviews_today",
                "streak_days", "retention_30d"):
        assert key in stats
    assert stats["cards"] == 5 and stats["reviews_total"] == 16 and stats["reviews_today"] == 1
    assert stats["streak_days"] == 4  # 03-11 to 03-14


def test_no_streak_invites_one_instead_of_counting_zero_days():
    """Issue 17: "0-day streak" read oddly."""
    assert streak_text(0) == "start a streak today"
    assert streak_text(1) == "1-day streak" and streak_text(12) == "12-day streak"


def test_sparkline_scales_to_the_largest():
    assert sparkline([0, 4, 8]) == "▁▅█"
    assert sparkline([0, 0]) == "▁▁"
    assert sparkline([]) == ""


def test_a_reset_row_is_not_counted_as_an_answer(history):
    """Resetting a card appends a rating-0 row: no review, no time, no day studied."""
    before = stats_of(history)
    assert history.store.resets.reset_card("cnn.stride", at(0, "11:30"))
    after = stats_of(history)
    assert after["reviews_per_day"] == before["reviews_per_day"]
    assert after["heatmap"] == before["heatmap"]
    assert after["time_spent_s"] == before["time_spent_s"]
    assert after["most_lapses"] == [{"id": "demo.what-is-ann", "lapses": 1}]  # its state is gone
