"""Random offline histories on two machines, synced at random moments: after both
have synced last, the same log (each review once) and the same states and flags."""
from __future__ import annotations

import random

import pytest

from sync.machines import Machine, at

CARDS = ("demo.relu", "demo.sigmoid", "demo.what-is-ann")


def _step(rng: random.Random, machine: Machine, minute: int) -> None:
    card, when = rng.choice(CARDS), at(minutes=minute)
    roll = rng.random()
    if roll < 0.55:
        machine.review(card, rng.choice((1, 1, 3, 3, 4)), when, leech_lapses=2)
    elif roll < 0.65:
        machine.flags(card, when, suspended=rng.random() < 0.5)
    elif roll < 0.75:
        machine.flags(card, when, flag=rng.randrange(5))
    elif roll < 0.85:
        machine.flags(card, when, buried_until=None if rng.random() < 0.5 else at(days=40))
    elif roll < 0.92:
        machine.reset(card, when)
    else:
        machine.sync()


@pytest.mark.parametrize("seed", range(8))
def test_random_offline_histories_converge(tmp_path, seed):
    rng = random.Random(seed)
    folder = tmp_path / "Sync"
    folder.mkdir()
    a, b = Machine(tmp_path, "a", folder), Machine(tmp_path, "b", folder)
    minute = 0
    for _ in range(60):
        minute += rng.randrange(1, 600)
        _step(rng, rng.choice((a, b)), minute)
    local = {**a.log(), **b.log()}
    first, second = (a, b) if rng.random() < 0.5 else (b, a)
    first.sync(), second.sync(), first.sync()
    assert a.log() == b.log() == local
    assert a.states() == b.states()
    assert (first.sync().sent, second.sync().sent) == (0, 0)
