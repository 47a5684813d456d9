"""The command-line contract: names, exit codes, JSON shapes, one-line errors."""
from __future__ import annotations

import json
import subprocess
import sys


def quizapp(tmp_path, *args, env_extra=None):
    import os

    env = {**os.environ, "QUIZAPP_CONFIG": str(tmp_path / "config.toml"), **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "quizapp", "--data-dir", str(tmp_path / "data"), *args],
                          capture_output=True, text=True, env=env, timeout=120)


def test_version(tmp_path):
    out = quizapp(tmp_path, "--version")
    assert out.returncode == 0 and out.stdout.startswith("quizapp ")


def test_content_check_json_shape_with_an_extra_folder(tmp_path, deck_dir):
    out = quizapp(tmp_path, "--content", str(deck_dir), "content", "check", "--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert {"decks", "cards", "by_kind", "errors"} <= set(report)
    names = [d["name"] for d in report["decks"]]
    assert "demo" in names and "ann" in names  # built-in decks plus the extra folder
    assert report["cards"] == sum(d["cards"] for d in report["decks"])


def test_a_bad_deck_is_reported_and_the_others_still_load(tmp_path, deck_dir):
    (deck_dir / "zz-bad.yaml").write_text("deck: bad\ncards:\n  - id: bad.x\n    kind: essay\n", encoding="utf-8")
    out = quizapp(tmp_path, "content", "check", str(deck_dir))
    assert out.returncode == 1
    assert f"{deck_dir / 'zz-bad.yaml'}:4: unknown kind 'essay'" in out.stdout
    assert "1 deck(s), 3 card(s)" in out.stdout
    assert "Traceback" not in out.stdout + out.stderr


def test_config_file_adds_deck_folders(tmp_path, deck_dir):
    (tmp_path / "config.toml").write_text(f'content_dirs = ["{deck_dir}"]\n', encoding="utf-8")
    out = quizapp(tmp_path, "content", "check", "--json")
    assert "demo" in [d["name"] for d in json.loads(out.stdout)["decks"]]


def test_invalid_config_value_names_the_key_and_falls_back(tmp_path):
    (tmp_path / "config.toml").write_text("new_per_day = -3\n", encoding="utf-8")
    out = quizapp(tmp_path, "stats", "--json")
    assert out.returncode == 0
    assert "new_per_day" in out.stderr and "default" in out.stderr


def test_stats_json_shape(tmp_path):
    out = quizapp(tmp_path, "stats", "--json")
    assert out.returncode == 0, out.stderr
    stats = json.loads(out.stdout)
    for key in ("cards", "due_today", "new_today", "reviews_total", "reviews_today", "streak_days", "retention_30d"):
        assert key in stats
    assert stats["reviews_total"] == 0 and stats["retention_30d"] is None


def test_solve_json_shape(tmp_path):
    params = {"x": [2, 1], "w": [0.5, -1.0], "b": 0.2, "activation": "sigmoid"}
    out = quizapp(tmp_path, "solve", "neuron-output", "--params", json.dumps(params), "--json")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert {"engine", "params", "answer", "steps", "device"} <= set(result)
    assert result["device"] == "cpu" and all({"label", "value"} <= set(s) for s in result["steps"])


def test_engines_json_lists_every_engine(tmp_path):
    out = quizapp(tmp_path, "engines", "--json")
    names = {e["name"] for e in json.loads(out.stdout)}
    assert {"lstm-step", "conv-output-size", "nms", "attention"} <= names


def test_errors_are_one_line_with_the_right_exit_code(tmp_path):
    bad_params = quizapp(tmp_path, "solve", "softmax", "--params", '{"z": [NaN]}')
    assert bad_params.returncode == 1 and bad_params.stderr.count("\n") == 1
    assert "softmax: z: must be a finite number" in bad_params.stderr
    unknown_deck = quizapp(tmp_path, "study", "no-such-deck")
    assert unknown_deck.returncode == 2 and "unknown deck(s): no-such-deck" in unknown_deck.stderr
    usage = quizapp(tmp_path, "solve")
    assert usage.returncode == 2


def test_newer_database_gets_a_clear_message(tmp_path):
    import sqlite3

    (tmp_path / "data").mkdir()
    with sqlite3.connect(tmp_path / "data" / "quizapp.db") as db:
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        db.execute("INSERT INTO meta VALUES ('schema_version', '999')")
    out = quizapp(tmp_path, "stats")
    assert out.returncode == 1 and "newer quizapp" in out.stderr and "Traceback" not in out.stderr


def test_output_into_a_closed_pipe_is_not_an_error(tmp_path):
    import os

    env = {**os.environ, "QUIZAPP_CONFIG": str(tmp_path / "config.toml")}
    # `true` exits at once, so the pipe is closed before quizapp writes to it.
    shell = f"{sys.executable} -m quizapp --data-dir {tmp_path / 'data'} exercise list | true"
    out = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, env=env, timeout=120)
    assert out.stderr == ""
