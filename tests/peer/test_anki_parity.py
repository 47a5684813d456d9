"""quizapp schedules as Anki does: scripted histories replayed through real Anki.

Goal (issue 10): after every review stability within 1 %, difficulty within 0.01,
and each of the four buttons offering the same interval as Anki's (days for a
review interval, seconds for a (re)learning step). Anki runs as a child process
on a faked clock (libfaketime); see anki_peer.py and anki_driver.py.
"""
from __future__ import annotations

import pytest
from fsrs.scheduler import DEFAULT_PARAMETERS

from .anki_peer import HISTORIES, AnkiProcess, anki_trace, compare, missing, plain_fsrs_trace, srs_trace

pytestmark = [pytest.mark.slow, pytest.mark.skipif(missing() is not None, reason=str(missing()))]


@pytest.fixture(scope="module")
def anki():
    """Anki's trace of each history, computed once (one child process each)."""
    cache = {}

    def trace(name):
        if name not in cache:
            cache[name] = anki_trace(HISTORIES[name])
        return cache[name]
    return trace


@pytest.mark.parametrize("name", sorted(HISTORIES))
def test_quizapp_schedules_each_history_as_anki(anki, name):
    ours, theirs = srs_trace(HISTORIES[name]), anki(name)
    gap = compare(ours, theirs)
    assert gap.max_rel_s <= 0.01, gap.line()
    assert gap.max_abs_d <= 0.01, gap.line()
    assert gap.buttons == (), "(review, button, ours, anki): " + repr(gap.buttons)


def test_anki_default_weights_are_fsrs_defaults():
    """Both sides run on their defaults, so those must be the same FSRS-6 weights."""
    with AnkiProcess(HISTORIES["morning"].reviews[0][0]) as anki:
        weights = anki.default_weights
    assert weights == pytest.approx(DEFAULT_PARAMETERS, rel=1e-6)


def test_anki_schedules_with_those_weights(anki):
    """The first rating sets S to w[rating-1]: the weights Anki uses are its defaults."""
    firsts = {HISTORIES[n].reviews[0][1]: anki(n)[0]["stability"] for n in HISTORIES}
    assert set(firsts) == {1, 2, 3, 4}, "the histories should start with each rating"
    for rating, stability in firsts.items():
        assert stability == pytest.approx(DEFAULT_PARAMETERS[rating - 1], rel=1e-6)


@pytest.mark.parametrize("name", ["morning", "night-owl", "struggling"])
def test_the_check_tells_the_old_scheduling_apart(anki, name):
    """A bare fsrs loop on 24-hour periods (quizapp before study days were counted)
    fails the same check: the oracle can tell."""
    gap = compare(plain_fsrs_trace(HISTORIES[name]), anki(name))
    assert gap.max_rel_s > 0.01 and gap.buttons
