"""Shared fixtures: a small deck folder, a context, a real store and a hand-driven clock;
every test runs with its own home, config and data dirs, and the whole run (collection
and session fixtures included) with a cache of its own: nothing of the developer's is
read or written. Hypothesis has no deadlines (a loaded machine is not a failure)."""
from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

import pilot_waits  # noqa: F401  (Pilot waits on the screen, not a 20 ms clock)
from quizapp.config import Settings
from quizapp.context import Context
from quizapp.store.database import Store
from timekeeping import Clock


def _point_user_dirs_at(folder: Path, setenv, delenv) -> None:
    """HOME and the XDG config, data and state dirs inside ``folder``, and none of the
    developer's QUIZAPP_* variables (QUIZAPP_CONFIG, QUIZAPP_DATA_DIR, QUIZAPP_ISOLATION)."""
    for name in [n for n in os.environ if n.startswith("QUIZAPP_")]:
        delenv(name)
    setenv("HOME", str(folder / "home"))
    for variable, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"), ("XDG_STATE_HOME", "state")):
        setenv(variable, str(folder / sub))
    (folder / "home").mkdir()


def _isolate_the_run() -> Path:
    """Point HOME and the XDG dirs of this process (an xdist worker: each its own) at a fresh
    folder and drop the developer's QUIZAPP_* variables, before any test module is imported.

    The per-test fixture below gives each test its own home, config and data; this covers
    what runs before it: module-level code at collection (decks loaded at import) and
    session-scoped fixtures, which pytest sets up before a test's function-scoped autouse
    fixtures (the session grader used to keep expected values in ~/.cache). The cache
    dir set here stays for the whole run: it only holds values keyed by everything that
    computes them, so the grades in subprocesses find what the session grader computed."""
    run = Path(tempfile.mkdtemp(prefix="quizapp-test-run-"))
    _point_user_dirs_at(run, os.environ.__setitem__, os.environ.__delitem__)
    os.environ["XDG_CACHE_HOME"] = str(run / "cache")
    return run


_RUN_DIRS = _isolate_the_run()

# Wall-clock limits fail tests on a loaded 2-core machine without finding a bug: none by
# default. `HYPOTHESIS_PROFILE=dev pytest ...` restores hypothesis's own defaults.
hypothesis_settings.register_profile("quizapp", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.register_profile("dev")
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "quizapp"))

# A Pilot test allocates about a million objects that live as long as its app. Collecting
# the youngest generation every 700 allocations (CPython's default) kept them alive through
# two collections, so they were promoted to the oldest generation and made it due for a
# full collection about 90 times per worker: 6-10 s of each worker's CPU in tests/tui and
# its neighbours. Every 10,000 allocations, most of them die young: 12-15 full collections.
gc.set_threshold(10_000, 10, 10)


_FREEZE, _UNFREEZE = gc.freeze, gc.unfreeze  # tests see them wrapped (isolated_user_dirs)


def _noted(call, calls: list[str]):
    """``call`` that also appends its name to ``calls``."""

    def noted() -> None:
        calls.append(call.__name__)
        call()

    return noted


def _freeze_what_lives() -> None:
    """Collect the garbage, then move every object still alive to the permanent generation."""
    gc.collect()
    _FREEZE()


def pytest_collection_finish(session):
    """Once the test modules are imported, keep what they built out of later collections.

    A worker holds about 470,000 long-lived objects (torch, Textual, the decks the test
    modules load), and CPython's full collections walked all of them every few tests: 56
    of them took 18 s of 70 s test CPU in tests/tui, browse, settings and engine_checks.
    Frozen, a full collection walks only what the tests made since (quizapp.startup_gc
    does the same for the app)."""
    _freeze_what_lives()


def pytest_unconfigure(config):
    """Collect the garbage once, then freeze what is still alive, before pytest's last check
    for unraisable exceptions collects five more times (issue 17).

    A worker ends holding about 470,000 objects (torch, Textual), so those five full
    collections took 1.5 s on an idle machine and over 5 s on a loaded one; an xdist worker
    still busy 5 s after the run is interrupted with SIGINT (execnet), and the
    KeyboardInterrupt surfaced in hypothesis's gc callback as a PytestUnraisableExceptionWarning
    per worker, which read like a failure. After this one collection (whose finalizers'
    exceptions pytest still reports) the five only walk what was made since."""
    _freeze_what_lives()
    shutil.rmtree(_RUN_DIRS, ignore_errors=True)


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory, monkeypatch):
    """Every test gets a fresh HOME and XDG config/data/state dirs, and no QUIZAPP_*
    variable of the developer's (QUIZAPP_CONFIG, QUIZAPP_DATA_DIR, QUIZAPP_ISOLATION):
    the platform's default config and data dirs point into the test's own folder.

    The cache dir is the run's (_isolate_the_run), shared by the tests of one worker, so
    a grade in a subprocess need not import torch each time (the cache's own tests pass
    their own folder). Yields the test's user folder."""
    # tempfile.mkdtemp, not tmp_path_factory.mktemp("user"): mktemp lists the whole base
    # folder to number the new one, and with a folder per test that grew with every test
    # (3.8 s of a run's CPU in pytest's find_prefixed).
    users = tmp_path_factory.getbasetemp() / "users"
    users.mkdir(exist_ok=True)
    user = Path(tempfile.mkdtemp(prefix="user-", dir=users))
    _point_user_dirs_at(user, monkeypatch.setenv, monkeypatch.delenv)
    # `quizapp study|drill` run in-process pause the collector and freeze what is alive
    # when they stop (quizapp.startup_gc), as a real process would: the next test starts
    # with the collector running and only the session's long-lived objects frozen, not
    # the garbage of the tests before it. The calls are noted as they happen, because
    # gc.get_freeze_count() walks every frozen object (12 ms a call here).
    refrozen: list[str] = []
    for name in ("freeze", "unfreeze"):
        monkeypatch.setattr(gc, name, _noted(getattr(gc, name), refrozen))
    yield user
    if refrozen or not gc.isenabled():
        _UNFREEZE()
        gc.enable()
        _freeze_what_lives()


DEMO_DECK = """\
deck: demo
title: Demo deck
cards:
  - id: demo.what-is-ann
    kind: qa
    level: basic
    source: What is an ANN?
    front: What is an ANN?
    back: Layers of weighted sums followed by non-linear activations.
  - id: demo.sigmoid
    kind: cloze
    level: basic
    source: Activation Functions (with formulas)
    text: "σ(z) = {{1 / (1 + e^(−z))}}"
  - id: demo.relu
    kind: choice
    level: basic
    source: Why is ReLU used?
    question: Which activation is zero for negative inputs?
    correct: [ReLU]
    wrong: [Sigmoid, Tanh]
"""


@pytest.fixture
def deck_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "demo.yaml").write_text(textwrap.dedent(DEMO_DECK), encoding="utf-8")
    return folder


@pytest.fixture
def ctx(tmp_path: Path, deck_dir: Path) -> Context:
    return Context(data_dir=tmp_path / "data", content_dirs=[deck_dir], settings=Settings())


@pytest.fixture
def store(tmp_path: Path):
    """A real store on a fresh SQLite file."""
    s = Store.open(tmp_path / "data" / "quizapp.db")
    yield s
    s.close()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@dataclass
class CliResult:
    """What a run of ``quizapp`` gave: the fields of :class:`subprocess.CompletedProcess`."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str


class QuizappCli:
    """``quizapp_cli(*args, data_dir=None, content=None, env=None, process=False)``.

    Runs ``quizapp [--data-dir DATA] [--content DIR]... ARGS...`` and returns a
    :class:`CliResult`. By default in this process, through ``quizapp.cli.main`` (what the
    console script calls) with stdout and stderr captured: no interpreter start, no
    second import of torch. ``process=True`` runs ``python -m quizapp`` for what only a
    real process shows: the exit status of the binary, signals, a pipe or a terminal.
    ``env`` adds variables for this run only; the rest is the test's isolated environment.
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture):
        self._monkeypatch, self._capsys = monkeypatch, capsys

    def __call__(self, *args, data_dir: Path | None = None, content: Path | list[Path] | None = None,
                 env: dict[str, str] | None = None, process: bool = False, timeout: float = 120) -> CliResult:
        folders = [] if content is None else [content] if isinstance(content, (str, Path)) else content
        argv = [*(["--data-dir", str(data_dir)] if data_dir is not None else []),
                *(word for folder in folders for word in ("--content", str(folder))), *map(str, args)]
        if process:
            done = subprocess.run([sys.executable, "-m", "quizapp", *argv], capture_output=True, text=True,
                                  env={**os.environ, **(env or {})}, timeout=timeout)
            return CliResult(argv, done.returncode, done.stdout, done.stderr)
        from quizapp.cli import main

        with self._monkeypatch.context() as patch:
            for name, value in (env or {}).items():
                patch.setenv(name, value)
            self._capsys.readouterr()  # what the test printed before is not this run's output
            try:
                code = main(argv)
            except SystemExit as e:  # argparse's --version and --help exit, as in the binary
                code = e.code if isinstance(e.code, int) else 0 if e.code is None else 1
            captured = self._capsys.readouterr()
        return CliResult(argv, code, captured.out, captured.err)


@pytest.fixture
def quizapp_cli(monkeypatch, capsys) -> QuizappCli:
    """The one way tests run the command line: see :class:`QuizappCli`."""
    return QuizappCli(monkeypatch, capsys)
