"""Grading latency, printed: warm (a pre-started worker with NumPy imported,
expected values cached) and cold (a fresh interpreter: import quizapp, load the
exercises, compute expected values with torch, start a worker, grade).

Goals: warm median <= 300 ms, cold <= 3 s. Run: python benchmarks/bench_grading.py
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

EXERCISES = ("softmax", "conv2d", "lstm-step", "nms")
RUNS = 15


def warm_and_no_warm() -> None:
    from quizapp.grading.exercises import find_exercise, load_exercises
    from quizapp.grading.grader import Grader

    exercises, _ = load_exercises([ROOT / "content"])
    for warm in (True, False):
        grader = Grader(warm=warm)
        label = "warm worker " if warm else "no warm worker"
        try:
            for exercise_id in EXERCISES:
                ex = find_exercise(exercises, exercise_id)
                grader.grade(ex, ex.solution)  # expected values computed and cached
                times = []
                for _ in range(RUNS):
                    time.sleep(0.3)  # a learner edits between grades; the next worker warms up
                    start = time.perf_counter()
                    result = grader.grade(ex, ex.solution)
                    times.append(time.perf_counter() - start)
                    assert result.passed, result.verdict
                print(f"{label}  {exercise_id:<10} median {statistics.median(times) * 1000:6.0f} ms"
                      f"  max {max(times) * 1000:6.0f} ms  ({len(result.cases)} cases)")
        finally:
            grader.close()


def cold() -> None:
    times = []
    tmp = ROOT / "benchmarks" / ".bench_softmax.py"
    out = subprocess.run([sys.executable, "-m", "quizapp", "exercise", "solution", "softmax"],
                         capture_output=True, text=True, cwd=ROOT)
    tmp.write_text(out.stdout)
    try:
        for _ in range(3):
            start = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "quizapp", "grade", "softmax", str(tmp)],
                                  capture_output=True, text=True, cwd=ROOT)
            times.append(time.perf_counter() - start)
            assert done.returncode == 0, done.stdout + done.stderr
    finally:
        tmp.unlink()
    print(f"cold: `quizapp grade softmax FILE` end to end  median {statistics.median(times):.2f} s"
          f"  max {max(times):.2f} s  (goal <= 3 s)")


if __name__ == "__main__":
    warm_and_no_warm()
    cold()
