"""Reset progress keeps the log honest, and leeches get suspended and marked."""
from __future__ import annotations

import random
import sqlite3
from dataclasses import replace
from datetime import timedelta

from quizapp.config import Settings, parse_settings
from quizapp.search.query import find
from quizapp.store.resets import RESET_KIND, RESET_RATING, leech_lapse
from quizapp.study.session import StudySession, study_stats
from quizapp.study.srs import NEW, REVIEW, Srs
from timekeeping import UTC


class Card:
    """What a session needs of a card, plus what search looks at."""

    def __init__(self, card_id: str):
        self.id, self.deck, self.kind, self.level = card_id, card_id.split(".")[0], "qa", "basic"
        self.tags, self.source, self.question = (), "notes", f"question of {card_id}"


CARDS = [Card("nn.a"), Card("nn.b")]
DEFAULT_SETTINGS = Settings()  # frozen, so a shared default is safe
SRS = Srs(DEFAULT_SETTINGS, fuzzing=False)


def _cache(store) -> list[tuple]:
    return store.conn.execute("SELECT * FROM card_state ORDER BY card_id").fetchall()


def _session(store, clock, settings=DEFAULT_SETTINGS):
    return StudySession(store, CARDS, settings, clock=clock, rng=random.Random(0), srs=SRS, tz=UTC)


def test_reset_appends_a_log_row_and_makes_the_card_new(store, clock):
    store.record_review("nn.a", 4, clock.now, SRS)
    store.set_flags("nn.a", suspended=True, flag=2)
    clock.now += timedelta(minutes=5)
    assert store.resets.reset_card("nn.a", clock.now) is True
    rows = store.reviews("nn.a")
    assert [(r["rating"], r["kind"]) for r in rows] == [(4, None), (RESET_RATING, RESET_KIND)]
    assert rows[1]["prev_state"] == REVIEW and '"reps": 1' in rows[1]["state_before"]
    assert store.conn.execute("SELECT count(*) FROM card_state WHERE card_id = 'nn.a'").fetchone() == (0,)
    state = store.card_state("nn.a")
    assert (state.state, state.reps, state.suspended, state.flag) == (NEW, 0, False, 0)
    assert store.reviews("nn.a", answers_only=True) == rows[:1]
    assert store.resets.reset_card("nn.b", clock.now) is False  # never studied: nothing to reset
    assert store.reviews("nn.b") == []


def test_reset_card_comes_back_as_new_in_a_session(store, clock):
    s = _session(store, clock)
    s.answer(4)  # nn.a to review
    clock.now += timedelta(days=30)
    assert _session(store, clock).remaining() == (1, 0, 1)
    store.resets.reset_card("nn.a", clock.now)
    s = _session(store, clock)
    assert s.remaining() == (2, 0, 0)
    assert s.current().id == "nn.a"


def test_counts_streak_and_retention_ignore_reset_rows(store, clock):
    s = _session(store, clock)
    s.answer(4)
    clock.now += timedelta(days=20)
    s = _session(store, clock)
    s.answer(3)  # a passed review-state answer: retention 100%
    before = study_stats(store, CARDS, Settings(), clock.now, UTC)
    store.resets.reset_card("nn.a", clock.now)
    after = study_stats(store, CARDS, Settings(), clock.now, UTC)
    for key in ("reviews_total", "reviews_today", "streak_days", "retention_30d", "new_introduced_today"):
        assert after[key] == before[key], key
    assert after["retention_30d"] == 1.0 and after["reviews_total"] == 2
    # a day with only a reset in the log is not a study day
    clock.now += timedelta(days=3)
    store.set_flags("nn.b", flag=1)
    store.resets.reset_card("nn.b", clock.now)
    assert store.history.streak_days(clock.now, 4, UTC) == 0
    assert store.history.reviews_today(clock.now - timedelta(hours=1)) == 0


def test_rebuild_replays_a_reset_as_forget(store, clock):
    store.record_review("nn.a", 4, clock.now, SRS)
    store.record_review("nn.b", 3, clock.now, SRS)
    store.resets.reset_card("nn.a", clock.now + timedelta(hours=1))
    store.record_review("nn.b", 1, clock.now + timedelta(hours=1), SRS)
    store.resets.reset_card("nn.b", clock.now + timedelta(hours=2))
    store.record_review("nn.b", 4, clock.now + timedelta(hours=3), SRS)
    cached = _cache(store)
    assert [row[0] for row in cached] == ["nn.b"]  # nn.a is new again: no row
    store.rebuild_states(SRS)
    assert _cache(store) == cached
    assert store.card_state("nn.b").reps == 1  # counted from the reset on


def test_leech_rule_is_at_the_threshold_then_every_half():
    assert [n for n in range(1, 20) if leech_lapse(n, 8)] == [8, 12, 16]
    assert [n for n in range(1, 5) if leech_lapse(n, 1)] == [1, 2, 3, 4]
    assert parse_settings({"leech_lapses": 3})[0].leech_lapses == 3


def _lapse(answer_when_due, times: int, settings: Settings):
    """Easy (to review), then ``times`` x (Again, Good): each Again is one lapse.
    Returns the result of every Again, through a fresh session each time."""
    answer_when_due(CARDS, "nn.a", 4, settings)
    results = []
    for i in range(times):
        results.append(answer_when_due(CARDS, "nn.a", 1, settings))
        if i < times - 1:
            answer_when_due(CARDS, "nn.a", 3, settings)  # relearnt: back to review
    return results


def test_eighth_lapse_suspends_and_marks_a_leech(store, clock, answer_when_due, tmp_path):
    results = _lapse(answer_when_due, 8, Settings())
    assert [r.after.lapses for r in results] == list(range(1, 9))
    assert [r.became_leech for r in results] == [False] * 7 + [True]
    with sqlite3.connect(tmp_path / "data" / "quizapp.db") as db:
        assert db.execute("SELECT suspended, leech, lapses FROM card_state WHERE card_id = 'nn.a'"
                          ).fetchone() == (1, 1, 8)
    assert results[-1].after.suspended
    clock.now += timedelta(days=400)
    s = _session(store, clock)
    assert s.remaining() == (1, 0, 0) and s.current().id == "nn.b"  # nn.a is out of the queue
    assert [c.id for c, _ in find(store, CARDS, "is:leech", clock.now, 4, UTC)] == ["nn.a"]
    assert [c.id for c, _ in find(store, CARDS, "is:suspended prop:lapses=8", clock.now, 4, UTC)] == ["nn.a"]


def test_leech_threshold_comes_from_settings_and_undo_takes_it_back(store, clock, answer_when_due):
    settings = replace(Settings(), leech_lapses=2)
    _lapse(answer_when_due, 1, settings)
    answer_when_due(CARDS, "nn.a", 3, settings)
    clock.now = store.card_state("nn.a").due + timedelta(minutes=1)
    s = StudySession(store, CARDS, settings, clock=clock, rng=random.Random(0), srs=SRS, tz=UTC)
    assert s.current().id == "nn.a"
    result = s.answer(1)
    assert result.became_leech and store.resets.leech_ids() == {"nn.a"}
    assert s.current() is None or s.current().id != "nn.a"  # not requeued for relearning
    assert s.undo().id == "nn.a"  # undo puts the card back, unsuspended and unmarked
    state = store.card_state("nn.a")
    assert (state.suspended, state.lapses, store.resets.leech_ids()) == (False, 1, set())


def test_suspended_card_without_threshold_argument_is_never_a_leech(store, clock):
    """The store alone (no ``leech_lapses``) only schedules: importing or replaying
    old answers must not suspend cards behind the learner's back."""
    at = clock.now
    store.record_review("nn.a", 4, at, SRS)
    for _ in range(3):
        at = store.card_state("nn.a").due + timedelta(minutes=1)
        assert not store.record_review("nn.a", 1, at, SRS).became_leech
        at += timedelta(minutes=11)
        store.record_review("nn.a", 3, at, SRS)
    assert store.card_state("nn.a").lapses == 3 and store.resets.leech_ids() == set()


def test_migration_to_v3_adds_the_leech_column_after_a_backup(tmp_path):

    from quizapp.store.database import Store
    from quizapp.store.migrations import migrate

    path = tmp_path / "quizapp.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=2)
    conn.execute("INSERT INTO card_state (card_id, suspended) VALUES ('nn.a', 1)")
    conn.close()
    with Store.open(path) as store:
        assert store.backup == tmp_path / "quizapp.db.bak-v2"
        assert store.resets.leech_ids() == set() and store.card_state("nn.a").suspended
