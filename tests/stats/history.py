"""A fixed review history over two decks (shared by the stats and snapshot tests).

``NOW`` is 2025-03-14 12:00 UTC and the day starts at 04:00 (UTC is the local
zone here), so ``at(k, "10:00")`` is an answer k study days ago. The history is
small enough to count by hand; the tests spell those counts out.
"""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from quizapp.config import Settings
from quizapp.study.srs import Srs

NOW = datetime(2025, 3, 14, 12, 0, tzinfo=UTC)
TODAY = date(2025, 3, 14)

CNN_DECK = """\
deck: cnn
title: Convolutions
cards:
  - id: cnn.stride
    kind: qa
    level: basic
    source: Strides
    front: What does a stride of 2 do?
    back: Moves the kernel two pixels at a time, halving the output size.
  - id: cnn.pool
    kind: qa
    level: basic
    source: Pooling
    front: What does max pooling keep?
    back: The largest value in each window.
"""


def at(days_ago: int, clock: str = "10:00") -> datetime:
    """``clock`` (UTC) on the calendar day ``days_ago`` days before 2025-03-14."""
    return datetime.combine(TODAY - timedelta(days=days_ago), time.fromisoformat(clock), UTC)


# (card, rating, when, duration ms), in time order. prev_state noted: N new,
# L learning, R review, RL relearning. Retention counts only the R answers.
HISTORY = [
    ("cnn.stride", 4, at(40), 5_000),                             # N  -> review
    ("cnn.stride", 1, at(35), 5_000),                             # R  fail, outside 30 days
    ("cnn.stride", 3, at(35, "10:15"), 5_000),                    # RL -> review
    ("demo.what-is-ann", 4, at(20), 8_000),                       # N
    ("demo.sigmoid", 4, at(20, "10:05"), 8_000),                  # N
    ("demo.what-is-ann", 3, at(10), 6_000),                       # R  pass
    ("demo.what-is-ann", 1, at(5), 6_000),                        # R  fail
    ("demo.what-is-ann", 3, at(5, "10:15"), 6_000),               # RL
    ("demo.sigmoid", 2, at(3), 7_000),                            # R  pass (Hard)
    ("cnn.pool", 1, at(2, "03:59"), 1_000),                       # N  study day 03-11
    ("demo.what-is-ann", 3, at(2), 6_000),                        # R  pass
    ("cnn.pool", 1, at(2, "04:00"), 2_000),                       # L  study day 03-12
    ("cnn.stride", 1, at(1), 5_000),                              # R  fail
    ("cnn.stride", 3, at(1, "10:15"), 5_000),                     # RL
    ("cnn.pool", 1, at(0, "03:30"), 3_000),                       # L  study day 03-13
    ("cnn.pool", 1, at(0, "11:00"), 4_000),                       # L  today
]
PREV_STATES = ["N", "R", "RL", "N", "N", "R", "R", "RL", "R", "N", "R", "L", "R", "RL", "L", "L"]



def write_history(deck_dir: Path, store) -> None:
    """Add the cnn deck beside demo and record every HISTORY answer (no fuzz)."""
    (deck_dir / "cnn.yaml").write_text(CNN_DECK, encoding="utf-8")
    srs = Srs(Settings(), fuzzing=False)
    for card_id, rating, when, duration in HISTORY:
        store.record_review(card_id, rating, when, srs, duration_ms=duration)
