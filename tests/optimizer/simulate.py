"""A simulated learner whose memory follows known FSRS weights, for optimizer tests.

The app schedules with fsrs's default weights (as a new user's would) while
recall is drawn from a second fsrs card driven by ``TRUE_PARAMETERS``: a
learner who forgets faster than the defaults assume. Every answer goes through
the real :meth:`Store.record_review`, so the optimizer reads an ordinary log.
"""
from __future__ import annotations

import heapq
import random
from datetime import UTC, datetime, timedelta

from fsrs import Card, Rating, Scheduler
from fsrs.scheduler import DEFAULT_PARAMETERS

from quizapp.config import Settings
from quizapp.study.srs import Srs

# The defaults with weaker initial stabilities and a faster stability growth
# penalty: far enough from the defaults for a fit to be measurably better.
TRUE_PARAMETERS = (0.08, 0.5, 1.0, 3.5, *DEFAULT_PARAMETERS[4:8], 1.3, 0.25, 1.1, *DEFAULT_PARAMETERS[11:])
START = datetime(2024, 1, 1, 9, tzinfo=UTC)


def _rating(rng: random.Random, recalled: bool) -> Rating:
    if not recalled:
        return Rating.Again
    return rng.choices((Rating.Hard, Rating.Good, Rating.Easy), weights=(1, 8, 1))[0]


def simulate_history(store, *, cards: int = 120, days: int = 130, new_per_day: int = 5,
                     seed: int = 7) -> int:
    """Write the answers of ``cards`` cards studied for ``days`` days; returns the count."""
    rng = random.Random(seed)
    srs = Srs(Settings(), fuzzing=False)
    memory = Scheduler(parameters=TRUE_PARAMETERS, enable_fuzzing=False)
    end = START + timedelta(days=days)
    events = [(START + timedelta(days=i // new_per_day, minutes=i % new_per_day), f"sim.c{i:03d}")
              for i in range(cards)]
    heapq.heapify(events)
    true_cards: dict[str, Card] = {}
    answers = 0
    while events:
        when, card_id = heapq.heappop(events)
        if when >= end:
            break
        true = true_cards.get(card_id) or Card(card_id=len(true_cards) + 1, due=when)
        p = memory.get_card_retrievability(true, when) if true.last_review else 0.7
        rating = _rating(rng, rng.random() < p)
        true_cards[card_id], _ = memory.review_card(true, rating, when)
        result = store.record_review(card_id, int(rating), when, srs, duration_ms=rng.randint(2000, 20000))
        answers += 1
        heapq.heappush(events, (result.after.due + timedelta(minutes=rng.randint(0, 120)), card_id))
    return answers
