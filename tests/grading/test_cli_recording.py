"""Work in the learner's own editor counts: ``grade`` records attempts on due or new
exercises, ``exercise hint`` remembers how far the learner got, ``exercise solution``
is giving up, ``exercise list`` shows status and due. Real store, real sandbox,
run through ``quizapp.cli.main`` as the console script does."""
from __future__ import annotations

import json
import sqlite3

import pytest


@pytest.fixture
def cli(tmp_path, quizapp_cli):
    """``cli(*args) -> (rc, stdout, stderr)`` with a fresh data dir (no user config: the
    default dirs are the test's own)."""
    data = tmp_path / "data"

    def run(*args):
        done = quizapp_cli(*args, data_dir=data)
        return done.returncode, done.stdout, done.stderr

    run.data = data
    return run


def rows(data):
    db = data / "quizapp.db"
    if not db.exists():
        return []
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT card_id, rating, correct FROM reviews ORDER BY id").fetchall()


def solution_file(cli, tmp_path, exercise="softmax"):
    path = tmp_path / f"{exercise}.py"
    path.write_text(cli("exercise", "solution", exercise, "--no-record")[1])
    return path


def test_a_pass_on_a_new_exercise_is_recorded_once(cli, tmp_path):
    path = solution_file(cli, tmp_path)
    rc, out, _ = cli("grade", "softmax", path)
    assert rc == 0 and "recorded: Good (first try, no hints)" in out and "next review in" in out
    assert rows(cli.data) == [("exercises.softmax", 3, 1)]
    rc, out, _ = cli("grade", "softmax", path)  # right after: the card is not due again yet
    assert rc == 0 and "practice" in out and "not recorded" in out
    assert rows(cli.data) == [("exercises.softmax", 3, 1)]


def test_the_untouched_starter_records_nothing_and_failures_make_the_pass_hard(cli, tmp_path):
    assert cli("exercise", "start", "softmax", "--dir", tmp_path)[0] == 0
    path = tmp_path / "softmax.py"
    rc, out, _ = cli("grade", "softmax", path)
    assert rc == 1 and "untouched starter" in out
    assert rows(cli.data) == [] and not (cli.data / "exercise-progress.json").exists()

    path.write_text("import numpy as np\n\ndef softmax(z):\n    return z\n")
    rc, out, _ = cli("grade", "softmax", path)
    assert rc == 1 and "not recorded yet" in out and "rated Hard" in out
    assert rows(cli.data) == []

    solution_file(cli, tmp_path)
    rc, out, _ = cli("grade", "softmax", path, "--json")
    report = json.loads(out)
    assert rc == 0 and report["verdict"] == "passed"
    assert report["record"]["recorded"] is True and report["record"]["rating"] == 2
    assert report["record"]["rating_name"] == "Hard" and report["record"]["due"]
    assert rows(cli.data) == [("exercises.softmax", 2, 1)]


def test_no_record_opts_out(cli, tmp_path):
    path = solution_file(cli, tmp_path)
    rc, out, _ = cli("grade", "softmax", path, "--no-record")
    assert rc == 0 and "not recorded (--no-record)" in out
    assert rows(cli.data) == []


def test_hint_shows_the_next_hint_each_time_and_hints_count_toward_the_attempt(cli, tmp_path):
    shown = [cli("exercise", "hint", "softmax")[1] for _ in range(4)]
    assert [s.splitlines()[0][:8] for s in shown] == ["hint 1/3", "hint 2/3", "hint 3/3", "hint 3/3"]
    assert "last hint" in shown[3]
    assert cli("exercise", "hint", "softmax", "2")[1].startswith("hint 2/3:")  # a given one still works

    path = solution_file(cli, tmp_path)
    rc, out, _ = cli("grade", "softmax", path)
    assert rc == 0 and "recorded: Hard (3 hints)" in out
    assert rows(cli.data) == [("exercises.softmax", 2, 1)]
    assert cli("exercise", "hint", "softmax")[1].startswith("hint 1/3:")  # the next attempt starts afresh


def test_a_damaged_progress_file_is_kept_aside_and_named_on_stderr(cli):
    cli.data.mkdir(parents=True)
    (cli.data / "exercise-progress.json").write_text('{"softmax": {"hints": 2')  # cut short by hand
    rc, out, err = cli("exercise", "hint", "softmax")
    assert rc == 0 and out.startswith("hint 1/3:")
    assert err == (f"quizapp: {cli.data / 'exercise-progress.json'} was damaged: kept as"
                   f" {cli.data / 'exercise-progress.damaged.json'}; hints and failed runs of unfinished"
                   " attempts start again from zero\n")
    assert (cli.data / "exercise-progress.damaged.json").read_text() == '{"softmax": {"hints": 2'


def test_looking_at_the_solution_is_giving_up(cli):
    rc, out, err = cli("exercise", "solution", "iou")
    assert rc == 0 and "def iou(" in out and "recorded: Again (gave up)" in err
    assert rows(cli.data) == [("exercises.iou", 1, 0)]
    rc, out, err = cli("exercise", "solution", "iou")  # learning card, not due again yet
    assert rc == 0 and "recorded" not in err and len(rows(cli.data)) == 1


def test_exercise_list_shows_status_and_due_as_the_tui_list(cli, tmp_path):
    path = solution_file(cli, tmp_path)
    cli("grade", "softmax", path)
    rc, out, _ = cli("exercise", "list")
    assert rc == 0
    line = next(line for line in out.splitlines() if line.startswith("softmax "))
    assert "passed" in line and "in 10m" in line
    header = out.splitlines()[0].split()
    assert header[:4] == ["exercise", "level", "status", "due"]
    listed = {e["id"]: e for e in json.loads(cli("exercise", "list", "--json")[1])}
    assert listed["softmax"]["status"] == "passed" and listed["softmax"]["due"]
    assert listed["softmax"]["due_text"] == "in 10m" and listed["softmax"]["counts"] is False
    assert listed["iou"]["status"] == "new" and listed["iou"]["due"] is None and listed["iou"]["counts"] is True


def test_a_due_review_is_recorded_with_the_day_it_comes_back(cli, tmp_path):
    import re
    from datetime import timedelta

    from quizapp.clock import utc_now
    from quizapp.config import Settings
    from quizapp.store.database import Store
    from quizapp.study.srs import Srs

    store = Store.open(cli.data / "quizapp.db")
    store.record_review("exercises.softmax", 4, utc_now() - timedelta(days=60), Srs(Settings()))
    store.close()
    rc, out, _ = cli("grade", "softmax", solution_file(cli, tmp_path))
    assert rc == 0, out
    assert re.search(r"recorded: Good \(first try, no hints\) · "
                     r"next review in [0-9.]+(d|mo|y) \(\d{4}-\d\d-\d\d\)", out), out
    assert rows(cli.data)[-1] == ("exercises.softmax", 3, 1)
