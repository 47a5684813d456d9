"""Personal FSRS weights travel: the latest set on any machine wins, is written into
the other machine's config.toml, and its memory states are replayed with them."""
from __future__ import annotations

import pytest
from fsrs.scheduler import DEFAULT_PARAMETERS

from quizapp.study.srs import Srs
from sync.machines import Machine, at

WEIGHTS = tuple(round(w * 1.05, 4) if i in (0, 1, 2, 3) else w for i, w in enumerate(DEFAULT_PARAMETERS))
OTHER = tuple(round(w * 0.9, 4) if i in (0, 1, 2, 3) else w for i, w in enumerate(DEFAULT_PARAMETERS))


@pytest.fixture
def pair(tmp_path):
    folder = tmp_path / "Sync"
    folder.mkdir()
    return Machine(tmp_path, "a", folder), Machine(tmp_path, "b", folder)


def test_weights_fitted_on_one_machine_reach_the_other(pair):
    a, b = pair
    for day in range(3):
        a.review("demo.relu", 3, at(days=day * 3))
        b.review("demo.sigmoid", 3, at(days=day * 3, minutes=1))
    a.use_weights(WEIGHTS)
    with a.store() as store:
        store.rebuild_states(Srs(a.settings, fuzzing=False))  # what optimize --apply does
    a.sync()
    result = b.sync()
    assert result.parameters_from is not None
    assert b.settings.fsrs_parameters == WEIGHTS
    assert b.config_settings().fsrs_parameters == WEIGHTS  # written into b's config.toml
    a.sync()
    assert a.settings.fsrs_parameters == WEIGHTS
    assert a.states() == b.states()
    assert b.sync().parameters_from is None  # nothing new the second time


def test_the_later_weights_win_and_switching_back_to_defaults_travels(pair):
    a, b = pair
    a.use_weights(WEIGHTS)
    a.sync()
    b.sync()
    b.use_weights(OTHER)  # b refits later
    b.sync()
    a.sync()
    assert a.settings.fsrs_parameters == OTHER and a.config_settings().fsrs_parameters == OTHER
    a.use_weights(None)  # personal weights switched off in Settings
    a.sync()
    b.sync()
    assert b.settings.fsrs_parameters is None and b.config_settings().fsrs_parameters is None
