"""Recall on the interview day: normal FSRS vs quizapp's plan, by simulation.

Simulated learners study 600+ cards toward an interview 14, 30 and 60 days away, one
session a day, through the app's own StudySession, Srs and SQLite store. Each
learner's memory follows FSRS with its weights perturbed from the defaults (each
multiplied by exp(N(0, 0.15)), kept within fsrs's bounds), so the simulator is not
the scheduler's own model: an answer is recalled with the learner's own predicted
recall, rated Hard, Good or Easy (15/75/10 %) when recalled and Again when not; a
card seen for the first time is missed with a chance drawn per card (10-60 %).

"Normal" is FSRS at the same desired retention (0.9) with the same new-card pacing:
each day it gets as many new cards as the plan's pacing gives (every card in before
the last days), so the two differ only by the plan's scheduling. "normal .95" is
Anki's advice for an exam, desired retention raised to 0.95, with the same pacing. Recall on the day is
each card's predicted recall *under the learner's true memory* at the hour of the
day's session (0 for a card never seen); its mean and 10th percentile are over all
cards of all learners; reviews are every answer, learning steps included, per learner; busiest is the most
answers any learner gave in one session; week after is the reviews due on the
interview day and the seven days after it (no pile when the plan ends), per learner.

Two scenarios. "fresh": every card is new when the date is set. "existing": the
common case, a learner with a collection who learns of an interview; each learner
studies the cards for 60 days with no date (10 new a day, so all are in), then the
date is set 14 or 30 days ahead and the three schedulings go on from that same
collection and memory (reviews counted from the day the date is set). Reviews stored
past the date then are pulled in by the plan as the day's queue decides
(quizapp.study.interview.pulled_in_reviews).

    python benchmarks/bench_interview_plan.py [--quick] [--learners N] [--cards N] [--days 14 30 60]
                                              [--existing-days 14 30]
"""
from __future__ import annotations

import argparse
import copy
import math
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

from fsrs import Card, Rating, Scheduler
from fsrs.scheduler import DEFAULT_PARAMETERS, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

from quizapp.clock import study_date
from quizapp.config import Settings
from quizapp.store.database import Store
from quizapp.study.interview import paced_new_per_day
from quizapp.study.plan import plan_from_store
from quizapp.study.session import StudySession

START = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)  # the first session; every session is at 09:00
SPREAD = 0.15  # log-normal spread of the learner's weights around fsrs's defaults
RECALLED = ((Rating.Hard, 0.15), (Rating.Good, 0.75), (Rating.Easy, 0.10))
ANSWER_SECONDS = 10
HISTORY_DAYS, HISTORY_NEW = 60, 10  # "existing": 60 days studied with no date, 10 new cards a day (600 in all)


@dataclass(frozen=True)
class BenchCard:
    id: str
    deck: str
    kind: str = "qa"
    tags: tuple[str, ...] = ()


class Learner:
    """A memory that follows FSRS with its own weights: one fsrs card per card seen."""

    def __init__(self, seed: int):
        self.seed = seed
        rng = random.Random(seed)
        weights = [min(hi, max(lo, w * math.exp(rng.gauss(0, SPREAD))))
                   for w, lo, hi in zip(DEFAULT_PARAMETERS, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS,
                                        strict=True)]
        self.memory = Scheduler(parameters=weights, enable_fuzzing=False)
        self.rng = random.Random(seed + 1)
        self.cards: dict[str, Card] = {}
        self.first_miss: dict[str, float] = {}

    def answer(self, card_id: str, now: datetime) -> int:
        """A rating: Again when the learner does not recall the card now."""
        card = self.cards.get(card_id)
        if card is None:
            recalled = self.rng.random() >= self.first_miss.setdefault(card_id, self.rng.uniform(0.1, 0.6))
            card = Card(card_id=0, due=now)
        else:
            recalled = self.rng.random() < self.memory.get_card_retrievability(card, now)
        rating = Rating.Again
        if recalled:
            rating = self.rng.choices([r for r, _ in RECALLED], [p for _, p in RECALLED])[0]
        self.cards[card_id] = self.memory.review_card(card, rating, now)[0]
        return int(rating)

    def recall(self, card_id: str, on: datetime) -> float:
        card = self.cards.get(card_id)
        return 0.0 if card is None else self.memory.get_card_retrievability(card, on)


@dataclass
class Clock:
    """The session's clock: each answer takes ``ANSWER_SECONDS``."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Run:
    recall: list[float]
    reviews: int
    busiest_day: int
    week_after: int = 0  # reviews due on the date and the 7 days after: no pile when the plan ends
    projection_ms: float | None = None  # the plan projected half way (what home and stats compute)


@dataclass(frozen=True)
class Scheduling:
    name: str
    plan: bool  # the interview date set
    retention: float = 0.9


SCHEDULINGS = (Scheduling("normal", False), Scheduling("plan", True), Scheduling("normal .95", False, 0.95))


def study_day(store: Store, cards: list[BenchCard], learner: Learner, settings: Settings, clock: Clock,
              day: int, new_limit: int | None = None) -> int:
    """One session on ``day`` (from START), every card it brings answered; how many answers."""
    clock.now = START + timedelta(days=day)
    session = StudySession(store, cards, settings, clock=clock, rng=random.Random(day), tz=UTC, new_limit=new_limit)
    answers = 0
    while (card := session.current()) is not None:
        session.answer(learner.answer(card.id, clock.now), duration_ms=ANSWER_SECONDS * 1000)
        clock.now += timedelta(seconds=ANSWER_SECONDS)
        answers += 1
    return answers


def studied_normally(cards: list[BenchCard], learner: Learner, file: Path) -> None:
    """The collection a learner has when they learn of an interview: ``HISTORY_DAYS`` daily
    sessions with no date, ``HISTORY_NEW`` new cards a day (every card in by the end)."""
    random.seed(learner.seed)
    settings = Settings(new_per_day=HISTORY_NEW, reviews_per_day=9999)
    with Store.open(file, synchronous="OFF") as store:
        for day in range(HISTORY_DAYS):
            study_day(store, cards, learner, settings, Clock(START), day)


def simulate(cards: list[BenchCard], learner: Learner, days: int, how: Scheduling, file: Path,
             first: int = 0) -> Run:
    """``days`` daily sessions from day ``first`` (the days before it already in the store
    ``file``: the date is set on day ``first``), then each card's true recall on the
    interview day."""
    plan = how.plan
    date = study_date(START, 4, UTC) + timedelta(days=first + days)
    settings = Settings(new_per_day=9999, reviews_per_day=9999, desired_retention=how.retention,
                        interview_date=date.isoformat() if plan else "")
    paced = Settings(new_per_day=9999, interview_date=date.isoformat())
    random.seed(days)  # fsrs fuzzes with the random module
    store = Store.open(file, synchronous="OFF")
    clock, answers, busiest, projection_ms = Clock(START), 0, 0, None
    try:
        for day in range(first, first + days):
            clock.now = START + timedelta(days=day)
            if plan and day == first + days // 2:  # (the random state kept: the run goes on as without it)
                fuzz, started = random.getstate(), time.perf_counter()
                plan_from_store(store, cards, settings, clock.now, UTC)
                projection_ms = (time.perf_counter() - started) * 1000
                random.setstate(fuzz)
            # The plan's session paces itself; normal FSRS is given the same number.
            unseen = len(cards) - len(store.history.not_new_ids(clock.now))
            same_pace = None if plan else paced_new_per_day(unseen, first + days - day, paced)
            today = study_day(store, cards, learner, settings, clock, day, same_pace)
            answers, busiest = answers + today, max(busiest, today)
        on = START + timedelta(days=first + days)
        after = sum(n for _, n in store.history.due_forecast(on, 8, 4, UTC))
    finally:
        store.close()
    return Run([learner.recall(card.id, on) for card in cards], answers, busiest, after, projection_ms)


def runs_of(cards: list[BenchCard], days: int, learners: int, folder: Path,
            histories: list[tuple[Learner, Path]] | None = None) -> dict[Scheduling, list[Run]]:
    """Each scheduling's runs for ``learners`` learners, the same learner (weights, chances)
    for each scheduling; with ``histories``, each learner's memory and collection when the
    date is set (the "existing" scenario), else a fresh start."""
    runs: dict[Scheduling, list[Run]] = {how: [] for how in SCHEDULINGS}
    for k in range(learners):
        sub = folder / f"{'existing' if histories else 'fresh'}-{days}-{k}"
        sub.mkdir()
        for how in SCHEDULINGS:
            file = sub / f"{how.name}.db"
            if histories is None:
                runs[how].append(simulate(cards, Learner(1000 * days + k), days, how, file))
                continue
            at_date, history = histories[k]
            shutil.copy(history, file)
            runs[how].append(simulate(cards, copy.deepcopy(at_date), days, how, file, HISTORY_DAYS))
    return runs


def report(days: int, runs: dict[Scheduling, list[Run]]) -> None:
    """One horizon's rows: each scheduling's recall on the day, reviews and the projection's time."""
    normal_reviews = statistics.mean(r.reviews for r in runs[SCHEDULINGS[0]])
    for how, done in runs.items():
        recall = [x for r in done for x in r.recall]
        reviews = statistics.mean(r.reviews for r in done)
        print(f"{days:>4}  {how.name:<10} {statistics.mean(recall):>6.3f} {p10(recall):>6.3f}"
              f" {reviews:>8.0f} {max(r.busiest_day for r in done):>8}"
              f" {statistics.mean(r.week_after for r in done):>10.0f}  {reviews / normal_reviews:.2f}x")
    timings = [r.projection_ms for r in runs[SCHEDULINGS[1]] if r.projection_ms is not None]
    print(f"      plan projected half way ({days - days // 2} days left, as home and stats do):"
          f" median {statistics.median(timings):.0f} ms")


def p10(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one learner, 14 and 30 days (existing: 14)")
    parser.add_argument("--learners", type=int, default=5)
    parser.add_argument("--cards", type=int, default=600)
    parser.add_argument("--days", type=int, nargs="+", default=[14, 30, 60])
    parser.add_argument("--existing-days", type=int, nargs="*", default=[14, 30],
                        help="horizons of the date set on an existing collection (none: skip it)")
    args = parser.parse_args()
    learners, horizons, existing = ((1, [14, 30], [14]) if args.quick
                                    else (args.learners, args.days, args.existing_days))
    cards = [BenchCard(f"deck{i % 6}.card{i:04d}", f"deck{i % 6}") for i in range(args.cards)]
    print(f"{args.cards} cards, {learners} simulated learner(s) per horizon, one session a day;"
          f" goal: mean >= 0.95, p10 >= 0.85, reviews <= 1.3x normal")
    header = (f"{'days':>4}  {'scheduling':<10} {'mean':>6} {'p10':>6} {'reviews':>8} {'busiest':>8}"
              f" {'week after':>10}  reviews/normal")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        print("fresh: every card new when the date is set", header, sep="\n")
        for days in horizons:
            report(days, runs_of(cards, days, learners, folder))
        if existing:
            print(f"existing: the date set after {HISTORY_DAYS} days studied with no date"
                  f" ({HISTORY_NEW} new cards a day)", header, sep="\n")
            histories = []
            for k in range(learners):
                learner, history = Learner(7000 + k), folder / f"history-{k}.db"
                studied_normally(cards, learner, history)
                histories.append((learner, history))
            for days in existing:
                report(days, runs_of(cards, days, learners, folder, histories))
    print(f"({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
