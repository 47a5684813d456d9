"""One simulated history and one real fit per test run: fitting is the slow part (~10 s).

The fit is fsrs's own optimizer, seeded, so the same log always gives the same
weights. It runs once per run (``recorded_fit``; the first xdist worker to need it
fits, the others wait and read its record) while recording what fsrs computed: the
parameters scored after each epoch, their loss and the weights returned. Tests of
what the app does with a fit (CLI, Settings) take ``replayed_fit``: on that same log,
``Optimizer.compute_optimal_parameters`` goes through the recorded epochs again, each
one still a call of ``_compute_batch_loss`` (where ``quizapp.study.optimizer`` reports
progress and a cancelled worker stops) that answers the recorded loss, and returns
the recorded weights. Any other log is fitted for real.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import threading
from dataclasses import dataclass

import pytest

from quizapp.store.database import Store

from .simulate import simulate_history


def _logs_key(logs) -> str:
    """A digest of the review logs an fsrs Optimizer was given."""
    text = "\n".join(f"{log.card_id} {int(log.rating)} {log.review_datetime.isoformat()}" for log in logs)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class RecordedFit:
    key: str  # _logs_key of the history's logs
    epochs: list  # [(parameters scored after the epoch, their batch loss), ...]
    parameters: list  # what compute_optimal_parameters returned
    result: dict  # OptimizeResult.as_dict() of the real run
    reports: list  # its progress reports, [(fraction, stage), ...]


def _fit_and_record(rows) -> RecordedFit:
    import fsrs.optimizer

    from quizapp.study.optimizer import optimize, review_logs

    base = fsrs.optimizer.Optimizer
    score, fit = base._compute_batch_loss, base.compute_optimal_parameters
    epochs, returned, reports = [], [], []

    def recording_score(self, *, parameters):
        loss = score(self, parameters=parameters)
        epochs.append((list(parameters), loss))
        return loss

    def recording_fit(self, *args, **kwargs):
        returned[:] = fit(self, *args, **kwargs)
        return returned

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(base, "_compute_batch_loss", recording_score)
        patch.setattr(base, "compute_optimal_parameters", recording_fit)
        result = optimize(rows, progress=lambda fraction, stage: reports.append((fraction, stage)))
    return RecordedFit(_logs_key(review_logs(rows)), epochs, list(returned), result.as_dict(), reports)


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
def recorded_fit(pristine_history, tmp_path_factory) -> RecordedFit:
    """The one real fit of the history in this run (shared by the xdist workers)."""
    basetemp = tmp_path_factory.getbasetemp()
    shared = basetemp.parent if os.environ.get("PYTEST_XDIST_WORKER") else basetemp  # the run's, not the worker's
    record = shared / "optimizer-fit.json"
    with open(shared / "optimizer-fit.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the other worker waits for the record, then reads it
        if not record.exists():
            fitted = _fit_and_record(pristine_history[1])
            record.write_text(json.dumps(fitted.__dict__), encoding="utf-8")
        loaded = json.loads(record.read_text(encoding="utf-8"))
    return RecordedFit(**{**loaded, "reports": [tuple(r) for r in loaded["reports"]],
                          "epochs": [tuple(e) for e in loaded["epochs"]]})


@pytest.fixture
def fit(recorded_fit):
    """``(result, progress reports)`` of the real optimizer run on :func:`history`."""
    from quizapp.study.optimizer import Metrics, OptimizeResult

    r = recorded_fit.result
    result = OptimizeResult(tuple(r["parameters"]), Metrics(**r["default"]), Metrics(**r["fitted"]),
                            r["reviews"], r["counted_reviews"], r["seconds"])
    return result, recorded_fit.reports


class FitGate:
    """Holds a replayed fit before its first epoch until :meth:`release` (a real fit takes
    seconds; a replay would be over before a test could look at the screen meanwhile)."""

    def __init__(self):
        self._open = threading.Event()
        self._open.set()
        self.waiting = threading.Event()  # set when a replay has reached the gate

    def hold(self) -> None:
        self._open.clear()

    def release(self) -> None:
        self._open.set()

    def wait(self) -> None:
        self.waiting.set()
        assert self._open.wait(timeout=120), "a replayed fit was held and never released"


@pytest.fixture
def replayed_fit(recorded_fit, monkeypatch) -> FitGate:
    """fsrs's optimizer replays :func:`recorded_fit` on the history's log (see the module
    docstring); returns the gate that can hold it."""
    import fsrs.optimizer

    base = fsrs.optimizer.Optimizer
    score, fit = base._compute_batch_loss, base.compute_optimal_parameters
    gate = FitGate()

    def replaying_score(self, *, parameters):
        recorded = getattr(self, "_replayed_losses", None)
        if recorded is None:
            return score(self, parameters=parameters)
        expected, loss = recorded.pop(0)
        assert list(parameters) == expected, "the replay scores other parameters than the fit did"
        return loss

    def replaying_fit(self, *args, **kwargs):
        if _logs_key(self.review_logs) != recorded_fit.key:
            return fit(self, *args, **kwargs)
        gate.wait()
        self._replayed_losses = list(recorded_fit.epochs)
        try:
            for parameters, _ in recorded_fit.epochs:
                self._compute_batch_loss(parameters=parameters)  # as fsrs does after each epoch
        finally:
            del self._replayed_losses
        return list(recorded_fit.parameters)

    monkeypatch.setattr(base, "_compute_batch_loss", replaying_score)
    monkeypatch.setattr(base, "compute_optimal_parameters", replaying_fit)
    yield gate
    gate.release()


@pytest.fixture
def optimize_cli(quizapp_cli):
    """``optimize_cli(data_dir, *args, config=None)``: ``quizapp optimize ARGS`` in this
    process on ``data_dir`` (as ``QUIZAPP_DATA_DIR``); add ``replayed_fit`` to fit the history."""

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
