"""What Browse's keys do to one card: suspend, bury, flag, reset; each says what it did.

Kept out of the screen so the rules (a second press undoes the first, flags
cycle through Anki's four colours and back to none, a bury lasts until the
next study day) have unit tests that need no terminal. Each function changes
the store at once and returns the sentence the screen shows.
"""
from __future__ import annotations

from datetime import datetime

FLAG_COLOURS = ("", "red", "orange", "green", "blue")  # Anki's flags 1-4, by number; 0 = none
FLAGS = len(FLAG_COLOURS)


def flag_name(flag: int) -> str:
    """``red flag`` for flag 1 (Anki's numbering), ``""`` for none: Anki users know flags by colour."""
    return f"{FLAG_COLOURS[flag]} flag" if flag else ""


def toggle_suspended(store, card_id: str) -> str:
    suspended = not store.card_state(card_id).suspended
    store.set_flags(card_id, suspended=suspended)
    return f"{card_id} {'suspended' if suspended else 'unsuspended'}."


def toggle_buried(store, card_id: str, now: datetime, day_starts_at_hour: int) -> str:
    """Bury until the next study day, or unbury a card that is buried now."""
    from quizapp.clock import day_end
    from quizapp.search.card_info import is_buried

    if is_buried(store.card_state(card_id), now):
        store.set_flags(card_id, buried_until=None)
        return f"{card_id} unburied."
    store.set_flags(card_id, buried_until=day_end(now, day_starts_at_hour))
    return f"{card_id} buried until the next study day."


def next_flag(store, card_id: str) -> str:
    flag = (store.card_state(card_id).flag + 1) % FLAGS
    store.set_flags(card_id, flag=flag)
    return f"{card_id}: {flag_name(flag)}." if flag else f"{card_id}: flag removed."


def reset(store, card_id: str, now: datetime) -> str:
    """Forget what was learnt (the log keeps a reset row, so the history stays honest)."""
    done = store.resets.reset_card(card_id, now)
    return f"{card_id} reset: it is new again." if done else f"{card_id} is already new."
