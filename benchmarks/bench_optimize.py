"""`quizapp optimize` against py-fsrs's optimizer (what it used before) and Anki's own fit.

Uses the test suite's simulated learner (``tests/optimizer/simulate.py``: recall
drawn from known FSRS weights, scheduled with the defaults) at a few sizes. For
each history it prints, all scored on the same training items (study days
crossed, UTC) with fsrs-rs's evaluate (the log loss and RMSE(bins) Anki shows):
- ``default``: FSRS's default weights;
- ``py-fsrs``: fsrs.optimizer.Optimizer, the torch fit `optimize` used before
  (``--skip-py-fsrs`` leaves it out: it takes 8-60 s);
- ``quizapp``: ``quizapp.study.optimizer.optimize`` now (fsrs-rs), whole call;
- ``anki items``: Anki's backend ``compute_fsrs_params_from_items`` on the same items;
- ``anki revlog``: the log written into a new Anki collection's revlog and fitted
  by its ``compute_fsrs_params`` (Anki builds its own items; backend call timed);
then the desired-retention helper's time and CMRR. Goal: 10,000 answers in
≤ 2 s on 2 cores, log loss within 0.005 of Anki's. Not part of the test run.

    python benchmarks/bench_optimize.py [--sizes 120x130,650x365] [--skip-py-fsrs]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fsrs.scheduler import DEFAULT_PARAMETERS  # noqa: E402

from optimizer.anki_fit import anki_fit  # noqa: E402
from optimizer.simulate import simulate_history  # noqa: E402
from quizapp.clock import parse_iso  # noqa: E402
from quizapp.store.database import Store  # noqa: E402
from quizapp.study.optimizer import evaluate, histories, optimize, retention_workload, training_items  # noqa: E402


def _py_fsrs(rows):
    from fsrs import Rating, ReviewLog
    from fsrs.optimizer import Optimizer

    ids: dict[str, int] = {}
    logs = [ReviewLog(ids.setdefault(r["card_id"], len(ids) + 1), Rating(r["rating"]), parse_iso(r["reviewed_at"]),
                      r.get("duration_ms")) for r in rows if r["rating"] in (1, 2, 3, 4)]
    return Optimizer(logs).compute_optimal_parameters()


def _anki_items(items):
    from anki.collection import Collection
    from anki.scheduler_pb2 import FsrsItem, FsrsReview

    with tempfile.TemporaryDirectory() as tmp:
        col = Collection(str(Path(tmp) / "c.anki2"))
        proto = [FsrsItem(reviews=[FsrsReview(rating=r, delta_t=d) for r, d in item]) for item in items]
        started = time.perf_counter()
        params = list(col._backend.compute_fsrs_params_from_items(proto).params)
        seconds = time.perf_counter() - started
        col.close()
    return params, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="120x130,650x365", help="CARDSxDAYS, comma separated")
    parser.add_argument("--skip-py-fsrs", action="store_true", help="leave out the slow py-fsrs fit")
    args = parser.parse_args()
    for size in args.sizes.split(","):
        cards, days = (int(x) for x in size.split("x"))
        with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "q.db", synchronous="OFF") as store:
            simulate_history(store, cards=cards, days=days)
            rows = store.reviews()
            anki = anki_fit(rows, Path(tmp))
        items = training_items(histories(rows, tz=UTC))
        started = time.perf_counter()
        result = optimize(rows, tz=UTC)
        fits = [("default", DEFAULT_PARAMETERS, None), ("quizapp", result.parameters, time.perf_counter() - started)]
        if not args.skip_py_fsrs:
            started = time.perf_counter()
            fits.insert(1, ("py-fsrs", _py_fsrs(rows), time.perf_counter() - started))
        fits += [("anki items", *_anki_items(items)), ("anki revlog", anki["params"], anki["seconds"])]
        print(f"{size}: {result.reviews} answers, {result.counted} training items"
              f" (Anki's from its revlog: {anki['fsrs_items']})")
        print(f"  {'fit':12} {'seconds':>8} {'log loss':>9} {'RMSE(bins)':>11}")
        for name, params, seconds in fits:
            m, took = evaluate(items, params), "" if seconds is None else f"{seconds:8.3f}"
            print(f"  {name:12} {took:>8} {m.log_loss:9.4f} {m.rmse_bins:11.4f}")
        advice = retention_workload(result.parameters, rows=rows)
        print(f"  retention helper: {len(advice.rows)} retentions simulated in {advice.seconds:.2f} s,"
              f" CMRR {advice.cmrr:.2f}")


if __name__ == "__main__":
    main()
