"""Search time with memory-state terms on a large collection (not part of the test run).

Writes N qa cards' answers (one to four each, over the last 120 days, a tenth
left new) through the real store, then times :func:`quizapp.search.query.find` for
an empty query, ``prop:s``/``prop:d`` (stored values) and ``prop:r`` (computed
per card in Python at ``now`` with study days), each the median of several runs.
Browse re-runs the search after a 0.25 s typing pause, so the goal is well under that.

    python benchmarks/bench_search.py [--cards N] [--runs N]
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from quizapp.clock import utc_now
from quizapp.config import Settings
from quizapp.content.cards import QACard
from quizapp.search.query import find
from quizapp.store.database import Store
from quizapp.study.srs import Srs

QUERIES = ("", "prop:s>=30", "prop:d>0.7", "prop:r<0.9", "prop:r<0.9 or prop:r>0.99", "deck:b prop:r<0.9")


def build(store: Store, count: int, srs: Srs) -> list[QACard]:
    rng, now = random.Random(1), utc_now()
    cards = [QACard(id=f"{'ab'[i % 2]}.c{i}", deck="ab"[i % 2], kind="qa", level="basic", tags=(),
                    front=f"Question {i}?", back=f"Answer {i}.", source="bench", path="x.yaml", line=i)
             for i in range(count)]
    for card in cards:
        if rng.random() < 0.1:
            continue  # stays new
        at = now - timedelta(days=rng.randint(60, 120))
        for _ in range(rng.randint(1, 4)):
            store.record_review(card.id, rng.choice((1, 3, 3, 3, 4)), at, srs)
            at += timedelta(days=rng.randint(1, 15))
    return cards


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    srs = Srs(Settings(), fuzzing=False)
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "q.db", synchronous="OFF") as store:
        cards = build(store, args.cards, srs)
        texts: dict[str, str] = {}
        print(f"{args.cards} cards, {store.history.reviews_total()} answers; median of {args.runs} runs")
        for query in QUERIES:
            times, found = [], 0
            for _ in range(args.runs):
                started = time.perf_counter()
                found = len(find(store, cards, query, utc_now(), 4, texts=texts, srs=srs))
                times.append(time.perf_counter() - started)
            print(f"  {query or '(empty)':28} {statistics.median(times) * 1000:7.1f} ms  {found} cards")


if __name__ == "__main__":
    main()
