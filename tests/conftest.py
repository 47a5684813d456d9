"""Shared fixtures: a small deck folder, a context, a real store and a hand-driven clock."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from quizapp.config import Settings
from quizapp.context import Context
from quizapp.store import Store
from timekeeping import Clock

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
