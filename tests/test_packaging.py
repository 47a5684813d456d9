"""A regular (non-editable) install ships the decks and exercises inside it."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_non_editable_install_finds_its_builtin_content(tmp_path):
    target = tmp_path / "site"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    assert build.returncode == 0, build.stderr
    # Run from outside the checkout so the installed copy is the one imported.
    env = {**os.environ, "PYTHONPATH": str(target), "QUIZAPP_CONFIG": str(tmp_path / "none.toml")}
    out = subprocess.run(
        [sys.executable, "-m", "quizapp", "--data-dir", str(tmp_path / "data"), "content", "check", "--json"],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120,
    )
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["errors"] == []
    assert all(d["path"].startswith(str(target)) for d in report["decks"])
    assert report["cards"] >= 300 and report["by_kind"]["code"] >= 24
    # every screen's stylesheet ships next to its module (a missing one fails when the screen opens)
    wanted = {p.name for p in (ROOT / "quizapp" / "tui").glob("*.tcss")}
    assert wanted <= {p.name for p in (target / "quizapp" / "tui").glob("*.tcss")}
