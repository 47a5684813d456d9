"""The exercise and grade commands, as the console script runs them (``quizapp.cli.main``,
in this process); ``--watch`` and Ctrl-C in a real ``python -m quizapp``."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from .grading_support import ROOT


# grade and solution record attempts: in the test's own data dir (tests/conftest.py
# isolates the default one).
@pytest.fixture
def quizapp(quizapp_cli):
    return quizapp_cli


def test_list_json(quizapp):
    done = quizapp("exercise", "list", "--json")
    assert done.returncode == 0, done.stderr
    listed = {e["id"]: e for e in json.loads(done.stdout)}
    assert len(listed) >= 26 and listed["conv2d"]["signature"] == "conv2d(x, k, stride=1, padding=0)"


def test_start_then_grade_starter_fails_and_solution_passes(tmp_path, quizapp):
    done = quizapp("exercise", "start", "iou", "--dir", str(tmp_path))
    assert done.returncode == 0, done.stderr
    path = tmp_path / "iou.py"
    assert "def iou(a, b):" in path.read_text()
    again = quizapp("exercise", "start", "iou", "--dir", str(tmp_path))
    assert again.returncode == 1 and "already exists" in again.stderr and "Traceback" not in again.stderr
    assert quizapp("exercise", "start", "iou", "--dir", str(tmp_path), "--force").returncode == 0

    failed = quizapp("grade", "iou", str(path))
    assert failed.returncode == 1
    assert "✗ identical boxes" in failed.stdout and "first failure: identical boxes" in failed.stdout
    assert "expected 1, got 0.5" in failed.stdout

    path.write_text(quizapp("exercise", "solution", "iou").stdout)
    passed = quizapp("grade", "iou", str(path), "--json")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    report = json.loads(passed.stdout)
    assert report["exercise"] == "iou" and report["verdict"] == "passed"
    assert [set(c) >= {"name", "passed", "message"} for c in report["cases"]]
    assert all(c["passed"] for c in report["cases"])
    assert report["cases"][0]["name"] == "identical boxes"


def test_errors_are_one_line(tmp_path, quizapp):
    unknown = quizapp("grade", "no-such-exercise", str(tmp_path / "x.py"))
    assert unknown.returncode == 2 and unknown.stderr.strip().count("\n") == 0  # usage errors
    assert "unknown exercise 'no-such-exercise'" in unknown.stderr
    missing = quizapp("grade", "iou", str(tmp_path / "missing.py"))
    assert missing.returncode == 2 and "no such file" in missing.stderr and "Traceback" not in missing.stderr
    # A folder, or a FIFO, was "no such file" (or, with an open, a wait for a writer).
    import os

    (tmp_path / "dir.py").mkdir()
    folder = quizapp("grade", "iou", str(tmp_path / "dir.py"))
    assert folder.returncode == 2 and folder.stderr.endswith("dir.py: is a folder, not a solution file\n")
    os.mkfifo(tmp_path / "pipe.py")
    pipe = quizapp("grade", "iou", str(tmp_path / "pipe.py"))
    assert pipe.returncode == 1
    assert pipe.stderr.endswith("pipe.py: cannot read: not a regular file (a FIFO, device or socket)\n")


def test_hint_and_syntax_error(tmp_path, quizapp):
    hint = quizapp("exercise", "hint", "softmax", "2")
    assert hint.returncode == 0 and hint.stdout.startswith("hint 2/3:")
    bad = tmp_path / "softmax.py"
    bad.write_text("def softmax(z:\n    return z\n")
    done = quizapp("grade", "softmax", str(bad), "--json")
    report = json.loads(done.stdout)
    assert done.returncode == 1 and report["verdict"] == "error" and "softmax.py:1: SyntaxError" in report["message"]


def test_watch_regrades_on_change_and_ctrl_c_exits_0(tmp_path):
    path = tmp_path / "mse.py"
    path.write_text("def mse(pred, target):\n    return 0.0\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # a real process: SIGINT ends the watch
    # -X faulthandler: if Ctrl-C does not end it, SIGABRT makes it print where each thread is
    # (twice in stop 21's CI it went on polling after SIGINT: see _noting in commands/grade.py)
    proc = subprocess.Popen([sys.executable, "-X", "faulthandler", "-m", "quizapp", "grade", "mse", str(path),
                             "--watch", "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        first = json.loads(proc.stdout.readline())
        assert first["verdict"] == "failed"
        time.sleep(0.1)
        path.write_text("import numpy as np\ndef mse(pred, target):\n    return float(np.mean((pred - target) ** 2))\n")
        os.utime(path, ns=(time.time_ns(), time.time_ns() + 10**9))
        second = json.loads(proc.stdout.readline())
        assert second["verdict"] == "passed"
        assert second["record"]["recorded"] and second["record"]["rating"] == 2  # after a failed run: Hard
        path.write_text(path.read_text() + "# tidied\n")
        os.utime(path, ns=(time.time_ns(), time.time_ns() + 2 * 10**9))
        third = json.loads(proc.stdout.readline())
        assert third["verdict"] == "passed" and not third["record"]["recorded"]  # saved once per watch
        proc.send_signal(signal.SIGINT)
        try:
            returncode = proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGABRT)
            pytest.fail("Ctrl-C did not end the watch within 20 s; where it was:\n"
                        + proc.communicate(timeout=10)[1][-8000:])
        assert returncode == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_deck_folders_are_not_read_as_exercises(tmp_path, quizapp):
    """`--content` deck folders and the imported-deck folder hold decks, not exercises."""
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "demo.yaml").write_text("deck: demo\ncards:\n  - id: demo.a\n    kind: qa\n    level: basic\n"
                                     "    source: s\n    front: f\n    back: b\n", encoding="utf-8")
    out = quizapp("exercise", "list", data_dir=tmp_path / "data", content=decks)
    assert out.returncode == 0 and out.stderr == ""


def test_a_flood_of_output_is_shown_clipped(tmp_path, quizapp):
    solution = tmp_path / "flood.py"
    solution.write_text('def softmax(z):\n    while True:\n        print("x" * 1000)\n', encoding="utf-8")
    out = quizapp("grade", "softmax", solution, data_dir=tmp_path / "data")
    assert out.returncode == 1 and "output-limit" in out.stdout
    assert len(out.stdout) < 8000 and "(1000 characters)" in out.stdout
