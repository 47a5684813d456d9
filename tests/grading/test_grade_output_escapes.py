"""A solution's own output and error messages reach the terminal as text only."""
from __future__ import annotations

import json

import pytest

from hostile_text import controls
from quizapp.cli import main

SOLUTION = '''\
def softmax(z):
    print("\\x1b]0;pwned\\x07 \\x1b[2J\\x1b[H \\x9b31m \\x08\\r\\x7f")
    raise ValueError("boom \\x1b]52;c;aGVsbG8=\\x07 \\x9b31m")
'''


@pytest.mark.parametrize("as_json", [False, True])
def test_grade_shows_the_learners_escapes_as_symbols(tmp_path, monkeypatch, capsys, as_json):
    monkeypatch.setenv("QUIZAPP_CONFIG", str(tmp_path / "none.toml"))
    path = tmp_path / "softmax.py"
    path.write_text(SOLUTION)
    argv = ["--data-dir", str(tmp_path / "data"), "grade", "softmax", str(path), "--no-record"]
    assert main(argv + (["--json"] if as_json else [])) == 1
    out = capsys.readouterr().out
    assert controls(out) == []
    text = "\n".join(c["message"] for c in json.loads(out)["cases"]) if as_json else out
    assert "boom ␛]52;c;aGVsbG8=␇ �31m" in text
