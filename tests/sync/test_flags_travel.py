"""Suspend, bury, flag, leech marks and resets reach the other machine, and two
machines changing the same flag offline settle on the later change (last writer wins)."""
from __future__ import annotations

import pytest

from sync.machines import Machine, at


@pytest.fixture
def pair(tmp_path):
    folder = tmp_path / "Sync"
    folder.mkdir()
    return Machine(tmp_path, "a", folder), Machine(tmp_path, "b", folder)


def _both_ways(a: Machine, b: Machine, first: str = "a") -> None:
    x, y = (a, b) if first == "a" else (b, a)
    x.sync(), y.sync(), x.sync()


def test_a_leech_mark_travels_and_unsuspending_it_travels_back(pair):
    a, b = pair
    a.review("demo.relu", 4, at(0))  # Easy: a review card at once
    result = a.review("demo.relu", 1, at(days=5), leech_lapses=1)
    assert result.became_leech
    _both_ways(a, b)
    state, leech = b.state("demo.relu")
    assert state.suspended and leech and state.lapses == 1

    b.flags("demo.relu", at(days=6), suspended=False)  # the learner rewrote the card
    _both_ways(b, a, "a")
    state, leech = a.state("demo.relu")
    assert not state.suspended and leech  # unsuspended; still marked for rewriting
    assert a.states() == b.states()


def test_undoing_the_answer_that_made_a_leech_sends_neither(pair):
    a, b = pair
    a.review("demo.relu", 4, at(0))
    result = a.review("demo.relu", 1, at(days=5), leech_lapses=1)
    with a.store() as store:
        store.undo_review(result.uid)
        assert [e["changes"] for e in store.events.card_events()] == []
    _both_ways(a, b)
    state, leech = b.state("demo.relu")
    assert not state.suspended and not leech and state.lapses == 0


def test_flags_buries_and_resets_travel(pair):
    a, b = pair
    for card in ("demo.relu", "demo.sigmoid", "demo.what-is-ann"):
        a.review(card, 3, at(0))
    a.flags("demo.relu", at(1), flag=3)
    a.flags("demo.sigmoid", at(2), buried_until=at(days=1))
    a.flags("demo.what-is-ann", at(3), suspended=True, flag=1)
    _both_ways(a, b)
    assert b.state("demo.relu")[0].flag == 3
    assert b.state("demo.sigmoid")[0].buried_until == at(days=1)
    assert b.state("demo.what-is-ann")[0].suspended

    b.flags("demo.sigmoid", at(4), buried_until=None)
    b.reset("demo.what-is-ann", at(5))  # forgets progress and clears its flags
    _both_ways(a, b, "b")
    assert a.state("demo.sigmoid")[0].buried_until is None
    ann = a.state("demo.what-is-ann")[0]
    assert (ann.card, ann.reps, ann.suspended, ann.flag) == (None, 0, False, 0)
    assert a.states() == b.states()

    a.review("demo.what-is-ann", 3, at(6))  # studied again after the reset: counts anew
    _both_ways(a, b)
    assert b.state("demo.what-is-ann")[0].reps == 1
    assert a.states() == b.states()


@pytest.mark.parametrize("first", ["a", "b"])
def test_the_later_change_wins_whichever_machine_syncs_first(pair, first):
    a, b = pair
    a.review("demo.relu", 3, at(0))
    b.review("demo.relu", 3, at(1))
    a.flags("demo.relu", at(10), flag=1)
    b.flags("demo.relu", at(11), flag=2)  # later
    b.flags("demo.relu", at(12), suspended=True)
    a.flags("demo.relu", at(13), suspended=False)  # later
    _both_ways(a, b, first)
    for machine in (a, b):
        state = machine.state("demo.relu")[0]
        assert (state.flag, state.suspended) == (2, False)
    assert a.states() == b.states()


def test_a_flag_set_after_a_reset_elsewhere_survives_it(pair):
    a, b = pair
    a.review("demo.relu", 3, at(0))
    _both_ways(a, b)
    a.reset("demo.relu", at(5))
    b.flags("demo.relu", at(6), flag=4)  # later than the reset
    _both_ways(a, b, "b")
    for machine in (a, b):
        state = machine.state("demo.relu")[0]
        assert (state.reps, state.flag) == (0, 4)
