"""Fixtures for interchange tests: a small deck of every kind and a CLI runner."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from decks import EVERY_KIND as DECK

REPO = Path(__file__).resolve().parents[2]



@pytest.fixture
def deck_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "demo.yaml").write_text(textwrap.dedent(DECK), encoding="utf-8")
    return folder


def run_cli(data_dir: Path, *args, content: Path | None = None) -> subprocess.CompletedProcess:
    """``python -m quizapp --data-dir DATA [--content DIR] ARGS...`` in a subprocess."""
    extra = ["--content", str(content)] if content else []
    env = {**os.environ, "QUIZAPP_CONFIG": str(data_dir.parent / "no-config.toml")}
    return subprocess.run([sys.executable, "-m", "quizapp", "--data-dir", str(data_dir), *extra, *map(str, args)],
                          capture_output=True, text=True, cwd=REPO, env=env, timeout=120)


@pytest.fixture
def cli():
    return run_cli
