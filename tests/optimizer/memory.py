"""The oracle for recomputed memory states: each card's log replayed from scratch."""
from __future__ import annotations

from quizapp.clock import parse_iso
from quizapp.config import Settings
from quizapp.study.srs import CardState, Srs


def fresh_replay(rows, settings: Settings) -> dict[str, tuple[float, float]]:
    """``{card_id: (stability, difficulty)}`` from replaying the log ``rows`` (in log
    order) through a new :class:`Srs` with ``settings``; a reset row (0) starts over."""
    srs, states = Srs(settings, fuzzing=False), {}
    for row in rows:
        card_id = row["card_id"]
        if row["rating"] == 0:
            states.pop(card_id, None)
            continue
        before = states.get(card_id) or CardState(card_id)
        states[card_id] = srs.review(before, row["rating"], parse_iso(row["reviewed_at"]),
                                     row.get("duration_ms"), exact=True)
    return {k: (s.card.stability, s.card.difficulty) for k, s in states.items()}


def cached(store) -> dict[str, tuple[float, float, str]]:
    """``{card_id: (stability, difficulty, due)}`` as the card-state cache holds them."""
    return {r[0]: r[1:] for r in store.conn.execute(
        "SELECT card_id, stability, difficulty, due FROM card_state WHERE card IS NOT NULL")}


def assert_recomputed(store, settings: Settings, before: dict) -> None:
    """Every card's S and D are a fresh replay's with ``settings`` (and differ from
    ``before``'s), and every due time is the one it had."""
    after, expected = cached(store), fresh_replay(store.reviews(), settings)
    assert set(after) == set(expected) == set(before)
    for card_id, (s, d, due) in after.items():
        assert (s, d) == expected[card_id], card_id
        assert due == before[card_id][2], card_id
    changed = sum(after[k][:2] != before[k][:2] for k in after)
    assert changed == len(after), f"only {changed} of {len(after)} cards changed S/D"
