"""How an answer was given, as the review log's ``mode`` column records it.

- ``None``: studying. The answer is scheduled by FSRS.
- :data:`CRAM`: cramming or reviewing ahead without rescheduling, as Anki's
  filtered decks with "reschedule cards based on my answers" off. The answer is
  logged but the card's schedule is not touched: a replay skips it, the daily
  limits do not count it, and retention and the optimizer leave it out (an
  answer minutes after the last one says nothing about long-term memory).
- :data:`MOCK`: an answer in a mock interview. Scheduled like any answer (FSRS
  handles early reviews), marked so stats can tell mock sessions apart.
"""
from __future__ import annotations

CRAM = "cram"
MOCK = "mock"
MODES = (None, CRAM, MOCK)
# SQL: a row whose answer is part of the card's schedule (not a cram answer).
SCHEDULED = "(mode IS NULL OR mode != 'cram')"


def reschedules(mode: str | None) -> bool:
    """Whether an answer given in ``mode`` moves the card's schedule."""
    return mode != CRAM
