"""`quizapp plan` as a script sees it: the console script's ``main``, a real data dir and
config file, the ``--json`` contract, and one-line usage errors (exit 2). The shipped
decks are always in the library: the demo deck comes on top of them."""
from __future__ import annotations

import json
import math
import re
import tomllib
from datetime import timedelta

import pytest

from quizapp.clock import study_date, utc_now
from quizapp.config import Settings
from quizapp.store.database import Store
from quizapp.study.srs import Srs

CONTRACT = {"interview_date", "days_left", "readiness_now", "readiness_on_date", "new_per_day",
            "reviews_per_day", "by_topic"}


@pytest.fixture
def config(tmp_path, monkeypatch):
    path = tmp_path / "config.toml"
    monkeypatch.setenv("QUIZAPP_CONFIG", str(path))
    return path


@pytest.fixture
def plan(quizapp_cli, tmp_path, deck_dir, config):
    """``plan(*args)``: ``quizapp --data-dir DATA --content DECKS plan ARGS``."""
    return lambda *args: quizapp_cli("plan", *args, data_dir=tmp_path / "data", content=deck_dir)


def ahead(days: int) -> str:
    return (study_date(utc_now(), 4) + timedelta(days=days)).isoformat()


def test_a_date_is_kept_in_the_config_and_the_plan_follows_the_contract(plan, config):
    out = plan("--date", ahead(20), "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) >= CONTRACT
    assert (data["interview_date"], data["days_left"], data["readiness_now"]) == (ahead(20), 20, 0.0)
    decks = {row["topic"]: row for row in data["by_topic"] if row["topic"].startswith("deck:")}
    cards = sum(row["cards"] for row in decks.values())
    assert data["new_per_day"] == min(20, math.ceil(cards / 17))  # over the 17 days before the last 3
    assert data["new_left_on_date"] == max(0, cards - 20 * data["new_per_day"])  # at the limit, each of 20 days
    assert len(data["reviews_per_day"]) == 20 and data["reviews_per_day"][0]["date"] == ahead(0)
    assert decks["deck:demo"]["cards"] == 3 and decks["deck:demo"]["now"] == 0.0
    assert [row["now"] for row in data["by_topic"]] == sorted(row["now"] for row in data["by_topic"])
    assert tomllib.loads(config.read_text(encoding="utf-8")) == {"interview_date": ahead(20)}
    again = json.loads(plan("--json").stdout)  # shown again without --date
    assert again["interview_date"] == ahead(20)


def test_the_text_plan_counts_down_and_reads_answers(plan, tmp_path):
    with Store.open(tmp_path / "data" / "quizapp.db") as store:
        srs = Srs(Settings(), fuzzing=False)
        now = utc_now()
        store.record_review("demo.relu", 4, now, srs)
    out = plan("--date", ahead(12))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert re.fullmatch(r"Interview in 12 days · ready 0 % → \d+ % if you keep the plan", lines[0])
    assert lines[1] == "new cards      20 a day (New cards per day, your limit)"
    assert re.fullmatch(r" +\d+ cards stay new by the date at that pace: raise New cards per day \(Settings\)",
                        lines[2])
    assert re.fullmatch(r"study next     ((deck|tag):\S+ \d+ % → \d+ %(, )?){5}", lines[-1])
    demo = next(row for row in json.loads(plan("--json").stdout)["by_topic"] if row["topic"] == "deck:demo")
    assert demo["now"] == pytest.approx(1 / 3)  # one of its three cards just answered


def test_the_learners_number_and_clearing_the_date(plan, config):
    data = json.loads(plan("--date", ahead(30), "--new-per-day", "7", "--json").stdout)
    assert data["new_per_day"] == 7
    assert tomllib.loads(config.read_text(encoding="utf-8"))["plan_new_per_day"] == 7
    cleared = plan("--clear", "--json")
    assert cleared.returncode == 0, cleared.stderr
    data = json.loads(cleared.stdout)
    assert set(data) >= CONTRACT
    assert (data["interview_date"], data["days_left"], data["readiness_on_date"], data["reviews_per_day"]) == (
        None, None, None, [])
    assert "interview_date" not in tomllib.loads(config.read_text(encoding="utf-8"))
    lines = plan().stdout.splitlines()
    assert lines[-1] == "no interview date: set one with `quizapp plan --date YYYY-MM-DD`"
    assert re.fullmatch(r"study next     ((deck|tag):\S+ \d+ %(, )?){5}", lines[1])  # named as with a date


@pytest.mark.parametrize(("args", "message"), [
    (["--date", "2025-02-30"], "--date '2025-02-30': give a date as YYYY-MM-DD, e.g. 2025-06-30"),
    (["--date", "next friday"], "--date 'next friday': give a date as YYYY-MM-DD, e.g. 2025-06-30"),
    (["--date", "2020-01-01"], "--date 2020-01-01: that day has passed; give the interview date ahead"),
    (["--date", "9999-12-31"], "--date 9999-12-31: the plan looks 366 days ahead at most; give a date within a year"),
    (["--new-per-day", "lots"], "--new-per-day 'lots': give a whole number from 0 to 9999 (0: paced to the date)"),
])
def test_a_bad_value_is_a_one_line_usage_error_and_nothing_is_written(plan, config, args, message):
    out = plan(*args)
    assert (out.returncode, out.stderr, out.stdout) == (2, f"quizapp: {message}\n", "")
    as_json = plan(*args, "--json")
    assert as_json.returncode == 2 and json.loads(as_json.stdout) == {"error": message}
    assert not config.exists()


def test_date_and_clear_together_is_a_usage_error(plan):
    out = plan("--date", ahead(3), "--clear")
    assert out.returncode == 2 and "not allowed with argument" in out.stderr


def test_setting_the_date_keeps_what_the_user_wrote_in_the_config(plan, config):
    config.write_text("# my settings\nnew_per_day = 7  # slow week\ntheme = \"nord\"\n", encoding="utf-8")
    assert plan("--date", ahead(9)).returncode == 0
    assert config.read_text(encoding="utf-8") == (
        f"# my settings\nnew_per_day = 7  # slow week\ntheme = \"nord\"\ninterview_date = \"{ahead(9)}\"\n")
