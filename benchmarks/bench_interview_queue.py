"""What an interview date costs the day's queue: ``plan_day`` with and without a date (not part of the test run).

Home refreshes call ``plan_day`` (quizapp.study.counts) for its deck rows, and a study
session builds its queue with it. With a date ahead it also brings the reviews the
plan pulls in before the date that were scheduled past it before the date was set
(:func:`quizapp.study.interview.pulled_in_reviews`): each review card due after the
date and below the target on it is read and given one Good step of fsrs (a bisection
over the days for those that come today), so the figure to watch is the time on a
large collection, and on the day the date is set, when most of them come.

Two collections, each a real SQLite file studied for 60 days with no date (each card
introduced on one of those days and answered whenever due since, rated Again/Hard/Good/
Easy at 5/15/70/10 %): the built-in decks (~700 cards) and 10,000 synthetic cards, all
young (the worst case: most reviews past the date are below the target on it). Then
the date is set 14 or 30 days ahead and ``plan_day`` is timed over all cards (median
and max of ``--repeat`` calls) on that day and the two after it, each day's reviews
answered Good in between, with the reviews it brings and how many of those the plan
pulled in. The first row of each collection is without a date.

    python benchmarks/bench_interview_queue.py [--repeat N] [--cards N]
"""
from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from quizapp.clock import study_date
from quizapp.config import Settings
from quizapp.content.library import load_everything
from quizapp.paths import builtin_content_dir
from quizapp.store.database import Store
from quizapp.study.counts import StudyCard, plan_day
from quizapp.study.srs import REVIEW, Srs

NOW = datetime(2024, 6, 3, 9, 0, tzinfo=UTC)
RATINGS, WEIGHTS = (1, 2, 3, 4), (5, 15, 70, 10)
DAYS_STUDIED = 3  # the day the date is set and the two after it


@dataclass(frozen=True)
class SyntheticCard:
    id: str
    deck: str


def studied(store: Store, cards: list[StudyCard], rng: random.Random) -> None:
    """Each card introduced on one of the 60 days before ``NOW`` and then answered
    whenever it fell due, as a learner studying every day would have."""
    srs = Srs(Settings(), tz=UTC)
    for card in cards:
        moment = NOW - timedelta(days=rng.randint(1, 60), hours=rng.uniform(0, 8))
        state = store.record_review(card.id, 3, moment, srs).after
        while state.due is not None and state.due < NOW - timedelta(hours=9):
            moment = state.due
            state = store.record_review(card.id, rng.choices(RATINGS, WEIGHTS)[0], moment, srs).after


def timed(store: Store, cards: list[StudyCard], settings: Settings, now: datetime,
          repeat: int) -> tuple[list[float], list[str], int]:
    """``plan_day``'s times (s), the reviews it brings and how many of them the plan pulled in."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        day = plan_day(store, cards, settings, now, UTC)
        times.append(time.perf_counter() - started)
    stored = {cid for cid, state, _ in store.history.due_rows(day.today.end, now) if state == REVIEW}
    reviews = [cid for _, cid in day.reviews]
    return times, reviews, sum(cid not in stored for cid in reviews)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--cards", type=int, default=10_000)
    args = parser.parse_args()
    library, _ = load_everything([builtin_content_dir()])
    collections: list[tuple[str, list[StudyCard]]] = [
        ("built-in decks", list(library.cards)),
        ("synthetic", [SyntheticCard(f"deck{i % 8}.card{i:05d}", f"deck{i % 8}") for i in range(args.cards)]),
    ]
    today = study_date(NOW, 4, UTC)
    print(f"plan_day over all cards after 60 days of study; median / max of {args.repeat} calls")
    print(f"{'collection':<15} {'cards':>6} {'date':>8} {'day':>4} {'median':>9} {'max':>9} {'reviews':>8}"
          f" {'pulled in':>9}")
    with tempfile.TemporaryDirectory() as folder:
        for name, cards in collections:
            studied_file = Path(folder) / f"{name}.db"
            with Store.open(studied_file, synchronous="OFF") as store:
                studied(store, cards, random.Random(7))
                times, reviews, _ = timed(store, cards, Settings(reviews_per_day=9999), NOW, args.repeat)
                print(f"{name:<15} {len(cards):>6} {'none':>8} {0:>4} {statistics.median(times) * 1000:>6.1f} ms"
                      f" {max(times) * 1000:>6.1f} ms {len(reviews):>8} {0:>9}")
            for days in (14, 30):
                settings = Settings(reviews_per_day=9999, interview_date=(today + timedelta(days=days)).isoformat())
                srs = Srs(settings, tz=UTC)
                copy = Path(folder) / f"{name}-{days}.db"
                shutil.copy(studied_file, copy)
                with Store.open(copy, synchronous="OFF") as store:
                    for day in range(DAYS_STUDIED):  # the day the date is set, then days studied with it
                        now = NOW + timedelta(days=day)
                        times, reviews, pulled = timed(store, cards, settings, now, args.repeat)
                        print(f"{name:<15} {len(cards):>6} {f'+{days - day}':>8} {day:>4}"
                              f" {statistics.median(times) * 1000:>6.1f} ms {max(times) * 1000:>6.1f} ms"
                              f" {len(reviews):>8} {pulled:>9}")
                        for card_id in reviews:  # the day's reviews answered (Good), as a session would
                            store.record_review(card_id, 3, now, srs)


if __name__ == "__main__":
    main()
