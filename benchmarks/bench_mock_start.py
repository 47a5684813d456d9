"""How long a mock interview takes to start and to make its report (not part of the test run).

Starting a mock reads every card's state of the chosen decks, works out each card's
recall now and the decks' readiness tomorrow, and draws the questions; the report
reads the states again for readiness after. Both run on the UI thread between two
frames, so they should stay well under a frame budget of ~50 ms for the built-in decks.
The store is a real SQLite file where most built-in cards have been answered twice,
days apart (every state is then a review card with its own stability).

    python benchmarks/bench_mock_start.py [--repeat N] [--minutes N]
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
from quizapp.content.library import load_everything
from quizapp.paths import builtin_content_dir
from quizapp.store.database import Store
from quizapp.study.mock import start_mock
from quizapp.study.mock_plan import MockOptions
from quizapp.study.srs import GOOD, Srs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--minutes", type=int, default=30)
    args = parser.parse_args()
    library, _ = load_everything([builtin_content_dir()])
    cards, settings = library.cards, Settings()
    srs, rng, now = Srs(settings), random.Random(0), utc_now()
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "quizapp.db") as store:
        for card in rng.sample(cards, int(len(cards) * 0.8)):
            first = now - timedelta(days=rng.uniform(5, 60))
            store.record_review(card.id, GOOD, first, srs)
            store.record_review(card.id, rng.choice((1, 2, 3, 4)), first + timedelta(days=rng.uniform(1, 4)), srs)
        starts, reports = [], []
        for seed in range(args.repeat):
            began = time.perf_counter()
            mock = start_mock(store, srs, settings, cards, MockOptions(minutes=args.minutes), clock=utc_now,
                              rng=random.Random(seed))
            starts.append(time.perf_counter() - began)
            began = time.perf_counter()
            mock.report()
            reports.append(time.perf_counter() - began)
    print(f"{len(cards)} cards, 80 % answered; {args.minutes}-minute mock: {len(mock.questions)} questions")
    for name, times in (("start (questions + readiness before)", starts), ("report (readiness after)", reports)):
        print(f"  {name:<38} median {statistics.median(times) * 1000:6.1f} ms   max {max(times) * 1000:6.1f} ms")


if __name__ == "__main__":
    main()
