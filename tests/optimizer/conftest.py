"""One simulated history and one real fit per test session (the fit takes ~0.05 s).

The fit is fsrs-rs's (the Rust FSRS Anki runs), seeded, so the same log always
gives the same weights. ``fit`` is that real run's result and progress reports.
Tests that look at the app while a fit is under way (Settings) take ``fit_gate``:
it wraps :func:`quizapp.study.optimizer._fit`, the one call into fsrs-rs, so a test
can hold the fit there and release it (a real fit is over before a test could look).
"""
from __future__ import annotations

import shutil
import threading

import pytest

from quizapp.store.database import Store

from .simulate import simulate_history


@pytest.fixture(scope="session")
def pristine_history(tmp_path_factory):
    """The simulated learner's data dir, written once per worker: never changed by a test."""
    data = tmp_path_factory.mktemp("history")
    with Store.open(data / "quizapp.db", synchronous="OFF") as store:
        simulate_history(store)
        rows = store.reviews()
    return data, rows


@pytest.fixture
def history(pristine_history, tmp_path):
    """``(data dir, log rows)``: a private copy of ~1400 answers of a simulated learner
    (120 cards, 130 days); applying weights changes its card states, so each test has its own."""
    data = tmp_path / "history"
    shutil.copytree(pristine_history[0], data)
    return data, pristine_history[1]


@pytest.fixture(scope="session")
def real_fit(pristine_history):
    """``(result, progress reports)`` of the real optimizer run on the history (once a session)."""
    from quizapp.study.optimizer import optimize

    reports = []
    result = optimize(pristine_history[1], progress=lambda fraction, stage: reports.append((fraction, stage)))
    return result, reports


@pytest.fixture
def fit(real_fit):
    return real_fit


class FitGate:
    """Holds a fit just before fsrs-rs runs until :meth:`release`."""

    def __init__(self):
        self._open = threading.Event()
        self._open.set()
        self.waiting = threading.Event()  # set when a fit has reached the gate

    def hold(self) -> None:
        self._open.clear()

    def release(self) -> None:
        self._open.set()

    def wait(self) -> None:
        self.waiting.set()
        assert self._open.wait(timeout=120), "a held fit was never released"


@pytest.fixture
def fit_gate(monkeypatch) -> FitGate:
    """Every fit in this test passes :class:`FitGate` before fsrs-rs; returns the gate."""
    import quizapp.study.optimizer as optimizer

    gate, real = FitGate(), optimizer._fit

    def gated(items):
        gate.wait()
        return real(items)

    monkeypatch.setattr(optimizer, "_fit", gated)
    yield gate
    gate.release()


@pytest.fixture
def optimize_cli(quizapp_cli):
    """``optimize_cli(data_dir, *args, config=None)``: ``quizapp optimize ARGS`` in this
    process on ``data_dir`` (as ``QUIZAPP_DATA_DIR``)."""

    def run(data_dir, *args, config=None):
        env = {"QUIZAPP_DATA_DIR": str(data_dir), **({"QUIZAPP_CONFIG": str(config)} if config else {})}
        return quizapp_cli("optimize", *args, env=env)

    return run


@pytest.fixture
def config(tmp_path, monkeypatch):
    """A private config file path (``QUIZAPP_CONFIG``), not created yet."""
    path = tmp_path / "config" / "config.toml"
    monkeypatch.setenv("QUIZAPP_CONFIG", str(path))
    return path
