"""``quizapp cards`` shows and searches each card's memory state, run as the console
script runs it on the demo deck: S and D as stored, R now in study days,
nothing for a new card."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest

from quizapp.clock import utc_now
from quizapp.config import Settings
from quizapp.store.database import Store
from quizapp.study.srs import Srs

SRS = Srs(Settings(), fuzzing=False)  # what the command uses: default weights, local study days


@pytest.fixture
def studied(ctx):
    """demo.sigmoid answered well twice, demo.relu forgotten ten days ago, the
    third card new; returns their cached states."""
    now = utc_now()
    with Store.open(ctx.db_path) as store:
        store.record_review("demo.sigmoid", 3, now - timedelta(days=30), SRS)
        store.record_review("demo.sigmoid", 4, now - timedelta(days=12), SRS)
        store.record_review("demo.relu", 1, now - timedelta(days=10), SRS)
        return store.card_states()


def test_json_carries_stability_difficulty_and_retrievability(ctx, studied, cards):
    out = cards(ctx, "deck:demo", "--json")
    assert out.returncode == 0, out.stderr
    rows = {r["id"]: r for r in json.loads(out.stdout)}
    for row in rows.values():
        assert {"id", "deck", "kind", "state", "due", "reps", "lapses",
                "stability", "difficulty", "retrievability"} <= set(row)
    now = utc_now()
    for card_id in ("demo.sigmoid", "demo.relu"):
        state, row = studied[card_id], rows[card_id]
        assert (row["stability"], row["difficulty"]) == (state.card.stability, state.card.difficulty)
        assert row["retrievability"] == pytest.approx(SRS.retrievability(state, now), rel=1e-9)
        assert 0 < row["retrievability"] < 1 and 1 <= row["difficulty"] <= 10
    new = rows["demo.what-is-ann"]
    assert (new["stability"], new["difficulty"], new["retrievability"]) == (None, None, None)


def test_prop_r_finds_the_cards_below_a_recall(ctx, studied, cards):
    now = utc_now()
    weak, strong = (SRS.retrievability(studied[c], now) for c in ("demo.relu", "demo.sigmoid"))
    assert weak < strong
    middle = round((weak + strong) / 2, 3)
    found = json.loads(cards(ctx, "deck:demo", f"prop:r<{middle}", "--json").stdout)
    assert [r["id"] for r in found] == ["demo.relu"]  # the new card has no R to be low
    above = cards(ctx, "deck:demo", f"prop:r>={middle}")
    assert above.returncode == 0 and above.stdout.splitlines()[-1] == "1 card(s)"
    assert above.stdout.startswith("demo.sigmoid")
    stable = json.loads(cards(ctx, f"deck:demo prop:s>{studied['demo.relu'].card.stability}", "--json").stdout)
    assert [r["id"] for r in stable] == ["demo.sigmoid"]


def test_difficulty_outside_anki_scale_is_a_usage_error(ctx, cards):
    out = cards(ctx, "prop:d>7")
    assert out.returncode == 2 and out.stdout == ""
    assert "prop:d is between 0 and 1 as in Anki" in out.stderr
