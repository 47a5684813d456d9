"""The card-state table is only a cache: replaying the log must give it back."""
from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from quizapp.config import Settings
from quizapp.store.database import Store
from quizapp.study.srs import Srs

T0 = datetime(2024, 5, 1, 12, tzinfo=UTC)
STEP = st.tuples(
    st.integers(0, 3),  # which card
    st.integers(1, 4),  # rating
    st.integers(0, 60 * 24 * 30),  # minutes since the previous answer
    st.booleans() | st.just(False),  # undo it right away (rarer)
)


def _cache(store: Store) -> list[tuple]:
    return store.conn.execute("SELECT * FROM card_state ORDER BY card_id").fetchall()


def _play(store: Store, srs: Srs, history) -> None:
    at = T0
    for card, rating, gap, undo in history:
        at += timedelta(minutes=gap)
        result = store.record_review(f"nn.c{card}", rating, at, srs, duration_ms=gap)
        if undo:
            store.undo_review(result.uid)


@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(STEP, max_size=30), st.booleans())
def test_rebuild_equals_cache_after_random_history(history, fuzzing):
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "quizapp.db", synchronous="OFF")
        try:
            srs = Srs(Settings(), fuzzing=fuzzing)
            _play(store, srs, history)
            store.set_flags("nn.c1", suspended=True, flag=3)
            cached = _cache(store)
            store.rebuild_states(srs)
            assert _cache(store) == cached
            if not fuzzing:  # without fuzz, a pure replay gives the very same due times
                store.rebuild_states(srs, logged_due=False)
                assert _cache(store) == cached
        finally:
            store.close()


def test_rebuild_repairs_a_damaged_cache(store, clock, srs):
    for minutes in (0, 10, 60 * 24 * 3):
        store.record_review("nn.a", 3, clock.now + timedelta(minutes=minutes), srs)
    cached = _cache(store)
    store.conn.execute("UPDATE card_state SET card = NULL, due = NULL, state = 0, reps = 0")
    assert _cache(store) != cached
    assert store.rebuild_states(srs) == 1
    assert _cache(store) == cached
