"""`quizapp stats` as a script sees it: the console script's ``main``, a real data dir, JSON out."""
from __future__ import annotations

import json

import pytest

from quizapp.clock import utc_now
from quizapp.config import Settings
from quizapp.store.database import Store
from quizapp.study.srs import Srs

CONTRACT = ("cards", "due_today", "new_today", "reviews_total", "reviews_today",
            "streak_days", "retention_30d")
ADDED = ("reviews_per_day", "forecast", "retention_by_deck", "retention_by_kind", "heatmap",
         "time_spent_s", "most_lapses", "answers_30d_by_mode")


@pytest.fixture
def quizapp(quizapp_cli):
    """``quizapp(tmp_path, *args)``: ``quizapp --data-dir tmp_path/data ARGS``, in this process."""
    return lambda tmp_path, *args: quizapp_cli(*args, data_dir=tmp_path / "data")


def test_stats_json_keeps_every_key_and_adds_the_series(tmp_path, deck_dir, quizapp):
    with Store.open(tmp_path / "data" / "quizapp.db") as store:
        store.record_review("demo.what-is-ann", 1, utc_now(), Srs(Settings()), duration_ms=2500)
    out = quizapp(tmp_path, "--content", str(deck_dir), "stats", "--json")
    assert out.returncode == 0, out.stderr
    stats = json.loads(out.stdout)
    assert set(CONTRACT + ADDED) <= set(stats)
    assert stats["reviews_today"] == 1 and stats["reviews_per_day"][-1]["count"] == 1
    assert len(stats["heatmap"]) == 365 and stats["heatmap"][-1]["count"] == 1
    assert len(stats["forecast"]) == 30
    assert sum(day["due"] for day in stats["forecast"][:2]) == 1  # Again: due in 1 minute
    assert stats["retention_by_deck"]["demo"] is None  # a new card's answer is not retention
    assert stats["time_spent_s"] == {"today": 2.5, "week": 2.5, "total": 2.5}
    assert stats["most_lapses"] == []
    assert stats["answers_30d_by_mode"] == {"study": 1, "mock": 0, "cram": 0}


def test_mock_and_cram_answers_are_counted_apart_from_studying(tmp_path, deck_dir, quizapp):
    now, srs = utc_now(), Srs(Settings())
    with Store.open(tmp_path / "data" / "quizapp.db") as store:
        store.record_review("demo.what-is-ann", 3, now, srs)
        store.record_review("demo.what-is-ann", 3, now, srs, mode="mock")
        store.record_review("demo.relu", 1, now, srs, mode="mock")
        store.record_review("demo.relu", 2, now, srs, mode="cram")
    stats = json.loads(quizapp(tmp_path, "--content", str(deck_dir), "stats", "--json").stdout)
    assert stats["answers_30d_by_mode"] == {"study": 1, "mock": 2, "cram": 1}
    text = quizapp(tmp_path, "--content", str(deck_dir), "stats").stdout
    assert "answers 30d    1 studying, 2 in mock interviews, 1 crammed" in text


def test_stats_text_is_short(tmp_path, quizapp):
    out = quizapp(tmp_path, "stats")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert len(lines) <= 12
    assert lines[0].startswith("cards") and any(line.startswith("due next 30d") for line in lines)
    assert "streak         start a streak today" in lines  # nothing studied yet (issue 17)
