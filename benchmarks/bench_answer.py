"""Answer-to-next-card latency on a large collection (not part of the test run).

Builds a database of 100,000 cards and 1,000,000 review rows (executemany in one
transaction), then times ``session.answer(...)`` + ``session.current()``, i.e. the
committed store write (WAL, synchronous=FULL) plus FSRS scheduling, for ~2,000
answers. Also times queue building, home-screen counts and stats at that size.

    python benchmarks/bench_answer.py [--cards N] [--reviews N] [--answers N] [--dir DIR]
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from quizapp.clock import iso, utc_now
from quizapp.config import Settings
from quizapp.store.database import Store
from quizapp.study.session import StudySession, deck_counts, study_stats
from quizapp.study.srs import CardState, Srs


@dataclass(frozen=True)
class CardRef:
    id: str
    deck: str
    kind: str = "basic"


def generate(store: Store, n_cards: int, n_reviews: int, rng: random.Random) -> list[CardRef]:
    """80% of cards studied (states spread around now), reviews spread over a year."""
    now, srs = utc_now(), Srs(Settings(), fuzzing=False)
    cards = [CardRef(f"deck{i % 20}.card{i:06d}", f"deck{i % 20}") for i in range(n_cards)]
    studied = cards[: int(n_cards * 0.8)]
    template = srs.review(srs.review(CardState("x"), 4, now - timedelta(days=30)), 3, now - timedelta(days=10))
    state_rows = []
    for card in studied:
        c = template.card
        c.due = now + timedelta(minutes=rng.uniform(-3 * 1440, 60 * 1440))  # ~5% due today
        c.last_review = c.due - timedelta(days=rng.uniform(1, 60))
        state_rows.append((card.id, c.to_json(), iso(c.due), int(c.state), c.step, c.stability,
                           c.difficulty, 10, rng.randint(0, 2), iso(c.last_review)))
    # The log is appended in time order: one review every ~31 s, ending a day ago.
    first = now - timedelta(days=1, seconds=31 * n_reviews)
    ratings, durations = (1, 3, 3, 3, 4), (1500, 4000, 9000, 20000)
    review_rows = []
    for i in range(n_reviews):
        at = iso(first + timedelta(seconds=31 * i))
        review_rows.append((f"{rng.getrandbits(128):032x}", studied[i % len(studied)].id,
                            ratings[i % 5], at, durations[i % 4], None, None, None, "basic", 2, None, at))
    conn = store.conn
    conn.execute("PRAGMA cache_size = -400000")  # 400 MB while bulk-loading random-uid index
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO card_state (card_id, card, due, state, step, stability,"
                     " difficulty, reps, lapses, last_review) VALUES (?,?,?,?,?,?,?,?,?,?)", state_rows)
    conn.executemany("INSERT INTO reviews (uid, card_id, rating, reviewed_at, duration_ms, answer,"
                     " correct, params, kind, prev_state, state_before, due_after)"
                     " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", review_rows)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # start the timings with an empty WAL
    conn.execute("PRAGMA cache_size = -2000")  # back to SQLite's default for the timings
    return cards


def timed(label: str, fn):
    start = time.perf_counter()
    result = fn()
    print(f"{label}: {(time.perf_counter() - start) * 1000:.1f} ms")
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cards", type=int, default=100_000)
    ap.add_argument("--reviews", type=int, default=1_000_000)
    ap.add_argument("--answers", type=int, default=2_000)
    ap.add_argument("--synchronous", default="FULL", choices=("FULL", "NORMAL"))
    ap.add_argument("--dir", type=Path, default=None, help="where to put the database (default: a temp dir)")
    args = ap.parse_args()
    rng = random.Random(1)
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        store = Store.open(Path(tmp) / "quizapp.db", synchronous=args.synchronous)
        print(f"synchronous={args.synchronous}, database in {tmp}")
        start = time.perf_counter()
        cards = generate(store, args.cards, args.reviews, rng)
        print(f"generated {args.cards:,} cards, {args.reviews:,} reviews in {time.perf_counter() - start:.1f} s")
        settings = Settings(new_per_day=9999, reviews_per_day=99999)
        session = timed("build session queue", lambda: StudySession(store, cards, settings, rng=rng))
        print(f"queue (new, learning, review) = {session.remaining()}")
        timed("deck_counts (home screen)", lambda: deck_counts(store, cards, settings, utc_now()))
        timed("study_stats", lambda: study_stats(store, cards, settings, utc_now()))
        timed("due_forecast 30 days", lambda: store.history.due_forecast(utc_now(), 30, 4))
        latencies = []
        for _ in range(args.answers):
            if session.current() is None:
                break
            t = time.perf_counter()
            session.answer(rng.choice((1, 2, 3, 3, 3, 4)), duration_ms=5000)
            session.current()
            latencies.append((time.perf_counter() - t) * 1000)
        q = statistics.quantiles(latencies, n=100)
        print(f"answer -> next card over {len(latencies)} answers: p50 {q[49]:.2f} ms, "
              f"p95 {q[94]:.2f} ms, p99 {q[98]:.2f} ms, max {max(latencies):.2f} ms (goal p99 < 5 ms)")
        store.close()


if __name__ == "__main__":
    main()
