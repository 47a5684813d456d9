"""Fixtures for interchange tests: a small deck of every kind and a CLI runner."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from decks import EVERY_KIND as DECK


@pytest.fixture
def deck_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "demo.yaml").write_text(textwrap.dedent(DECK), encoding="utf-8")
    return folder


@pytest.fixture
def cli(quizapp_cli):
    """``cli(data_dir, *args, content=None)``: ``quizapp --data-dir DATA [--content DIR] ARGS...``
    in this process (the shared ``quizapp_cli`` runner); the result has returncode, stdout, stderr."""

    def run(data_dir: Path, *args, content: Path | None = None):
        return quizapp_cli(*args, data_dir=data_dir, content=content)

    return run
