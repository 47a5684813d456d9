"""How far quizapp's schedule is from Anki's: the figures for issue 10's note.

For each scripted history of tests/peer (anki_peer.HISTORIES) it prints the worst
relative stability gap, the worst difficulty gap and how many button intervals
differ from Anki's, for quizapp's scheduling as it was at commit d2c122a (fsrs fed
raw datetimes: elapsed time in whole 24-hour periods), at 06ea090 (study days
counted, none of Anki's interval rules) and now (quizapp.study.srs.Srs). Then a
simulated morning learner: cards introduced ten a day, each day's session starting
at a random minute between 7 and 8 am, every review answered from one fixed,
seeded stream of ratings per card (8 % Again, 10 % Hard, 77 % Good, 5 % Easy), each
card shown again on the morning its interval (as each scheduler set it) comes
round; it prints the median review interval after N days under each scheduler.

Needs the anki package and libfaketime, as the peer tests do. Run:
    .venv/bin/python benchmarks/bench_anki_parity.py [--cards 100] [--days 180 365]
"""
from __future__ import annotations

import argparse
import heapq
import random
import statistics
import sys
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "peer"))

from anki_peer import (
    HISTORIES,
    LEARNING_STEPS,
    RELEARNING_STEPS,
    RETENTION,
    AnkiProcess,
    History,
    _button,
    _settings,
    anki_trace,
    compare,
    missing,
    plain_fsrs_trace,
    srs_trace,
)
from fsrs import Card, Rating, Scheduler

from quizapp.study.srs import RATINGS, CardState, Srs


def study_days_trace(history: History) -> list[dict]:
    """quizapp at 06ea090: fsrs's answer on study days crossed, nothing on top."""
    srs = Srs(_settings(history), fuzzing=False, tz=ZoneInfo(history.zone))
    state, out = CardState("peer"), []
    for at, rating in history.reviews:
        buttons = [_button(at, srs._fsrs_review(srs._exact, state, r, at)) for r in RATINGS]
        state = replace(state, card=srs._fsrs_review(srs._exact, state, rating, at))
        out.append({"buttons": buttons, "stability": state.card.stability, "difficulty": state.card.difficulty})
    return out


# -- the simulated morning learner ------------------------------------------------
START = date(2026, 3, 2)


def simulate(answer, *, cards: int, days: int, seed: int = 10) -> tuple[list[int], list[tuple]]:
    """Review intervals (days) of the cards in review after ``days`` days, and
    every answer as ``(time, card, interval)``.

    ``answer(card, at, rating)`` applies one answer and returns the interval the
    card got: ``("secs", n)`` for a step (shown again n seconds later, the same
    morning) or ``("days", n)`` (shown again on the morning n study days on)."""
    rng = random.Random(seed)
    mornings = [time(7, rng.randrange(60)) for _ in range(days + 1)]
    ratings = [rng.choices((1, 2, 3, 4), weights=(8, 10, 77, 5), k=400) for _ in range(cards)]

    def morning(day: int, card: int) -> datetime:
        return datetime.combine(START + timedelta(days=day), mornings[day], UTC) + timedelta(seconds=20 * card)

    events = [(morning(c // 10, c), c) for c in range(cards) if c // 10 <= days]
    heapq.heapify(events)
    answered, interval, log = [0] * cards, {}, []
    while events:
        at, card = heapq.heappop(events)
        rating = ratings[card][answered[card]]
        answered[card] += 1
        kind, n = answer(card, at, rating)
        log.append((at, card, (kind, n)))
        if kind == "secs":
            interval.pop(card, None)
            heapq.heappush(events, (at + timedelta(seconds=n), card))
            continue
        interval[card] = n
        day = (at.date() - START).days + n
        if day <= days:
            heapq.heappush(events, (morning(day, card), card))
    return sorted(interval.values()), log


def simulate_srs(cards: int, days: int) -> list[int]:
    srs = Srs(_settings(HISTORIES["morning"]), fuzzing=False, tz=UTC)
    states = {}

    def answer(card, at, rating):
        states[card] = srs.review(states.get(card, CardState(str(card))), rating, at)
        return _button(at, states[card].card)
    return simulate(answer, cards=cards, days=days)


def simulate_plain(cards: int, days: int) -> list[int]:
    scheduler = Scheduler(desired_retention=RETENTION, enable_fuzzing=False,
                          learning_steps=tuple(timedelta(minutes=m) for m in LEARNING_STEPS),
                          relearning_steps=tuple(timedelta(minutes=m) for m in RELEARNING_STEPS))
    fsrs_cards = {}

    def answer(card, at, rating):
        fsrs_cards[card] = scheduler.review_card(fsrs_cards.get(card) or Card(card_id=card, due=at),
                                                 Rating(rating), at)[0]
        return _button(at, fsrs_cards[card])
    return simulate(answer, cards=cards, days=days)


def simulate_anki(cards: int, days: int) -> list[int]:
    with AnkiProcess(datetime.combine(START, time(7), UTC), cards=cards) as anki:
        def answer(card, at, rating):
            return anki.review(card, at, rating)["buttons"][rating - 1]
        return simulate(answer, cards=cards, days=days)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=100)
    parser.add_argument("--days", type=int, nargs="+", default=[180, 365])
    args = parser.parse_args()
    if (why := missing()) is not None:
        sys.exit(f"cannot run Anki here: {why}")
    import anki.buildinfo
    print(f"Anki {anki.buildinfo.version} (the anki package), fuzz and load balancing off")
    print("per history: max |dS|/S, max |dD|, button intervals differing (of 4 per review)\n")
    sides = (("d2c122a", plain_fsrs_trace), ("06ea090", study_days_trace), ("now", srs_trace))
    for name, history in HISTORIES.items():
        theirs = anki_trace(history)
        print(f"{name} ({len(history.reviews)} reviews, {4 * len(history.reviews)} buttons)")
        for label, trace in sides:
            print(f"  {label:8s} {compare(trace(history), theirs).line()}")
    print(f"\nsimulated morning learner, {args.cards} cards: median review interval (days)")
    for days in args.days:
        runs = {label: run(args.cards, days) for label, run in
                (("d2c122a", simulate_plain), ("now", simulate_srs), ("Anki", simulate_anki))}
        medians = "   ".join(f"{k} {statistics.median(v[0]):g}" for k, v in runs.items())
        ours, theirs = runs["now"][1], runs["Anki"][1]
        same = sum(a == b for a, b in zip(ours, theirs, strict=True)) if len(ours) == len(theirs) else "?"
        print(f"  after {days:3d} days: {medians}   (now: {same} of {len(theirs)} answers"
              " got Anki's interval)")


if __name__ == "__main__":
    main()
