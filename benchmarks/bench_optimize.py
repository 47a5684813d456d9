"""Time `quizapp optimize`'s work (fit + both evaluations) on simulated learners.

Uses the test suite's simulated learner (``tests/optimizer/simulate.py``: recall
drawn from known FSRS weights, scheduled with the defaults) at a few sizes and
prints answers, countable reviews, seconds, and log loss / RMSE(bins) of the
default and the fitted weights. Not part of the test run.

    python benchmarks/bench_optimize.py [--sizes 120x130,200x200,400x365]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from optimizer.simulate import simulate_history  # noqa: E402
from quizapp.store.database import Store  # noqa: E402
from quizapp.study.optimizer import optimize  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="120x130,200x200,400x365", help="CARDSxDAYS, comma separated")
    args = parser.parse_args()
    print(f"{'cards x days':>13} {'answers':>8} {'counted':>8} {'seconds':>8}  log loss def/fit   RMSE(bins) def/fit")
    for size in args.sizes.split(","):
        cards, days = (int(x) for x in size.split("x"))
        with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "q.db", synchronous="OFF") as store:
            simulate_history(store, cards=cards, days=days)
            rows = store.reviews()
        started = time.perf_counter()
        r = optimize(rows)
        seconds = time.perf_counter() - started
        print(f"{size:>13} {r.reviews:8d} {r.counted:8d} {seconds:8.1f}  {r.default.log_loss:.4f}/{r.fitted.log_loss:.4f}"
              f"     {r.default.rmse_bins:.4f}/{r.fitted.rmse_bins:.4f}")


if __name__ == "__main__":
    main()
