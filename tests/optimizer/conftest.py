"""One simulated history and one fit per test run: fitting is the slow part (~10 s)."""
from __future__ import annotations

import pytest

from quizapp.store import Store

from .simulate import simulate_history


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    """A data dir holding ~1400 answers of a simulated learner (120 cards, 130 days)."""
    data = tmp_path_factory.mktemp("history")
    with Store.open(data / "quizapp.db", synchronous="OFF") as store:
        simulate_history(store)
        rows = store.reviews()
    return data, rows


@pytest.fixture(scope="module")
def fit(history):
    """``(result, progress reports)`` of one optimizer run on :func:`history`."""
    from quizapp.optimizer import optimize

    reports = []
    result = optimize(history[1], progress=lambda fraction, stage: reports.append((fraction, stage)))
    return result, reports


@pytest.fixture
def config(tmp_path, monkeypatch):
    """A private config file path (``QUIZAPP_CONFIG``), not created yet."""
    path = tmp_path / "config" / "config.toml"
    monkeypatch.setenv("QUIZAPP_CONFIG", str(path))
    return path
