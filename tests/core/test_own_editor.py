"""Handing code to the learner's own editor: real editor processes (small scripts),
the VISUAL/EDITOR/vi choice, and every failure as one sentence."""
from __future__ import annotations

import sys

import pytest

from editor_scripts import editor_script
from quizapp.study.own_editor import edit_outside, editor_command


@pytest.fixture
def appending_editor(tmp_path):
    """An editor that appends a line to the file it is given and names the file it saw."""
    return editor_script(tmp_path, "append-editor", "p.write_text(p.read_text() + '# edited in ' + p.name + '\\n')")


def test_visual_wins_over_editor_and_vi_is_the_fallback():
    assert editor_command({"VISUAL": "code --wait", "EDITOR": "nano"}) == ["code", "--wait"]
    assert editor_command({"VISUAL": "  ", "EDITOR": "emacs -nw"}) == ["emacs", "-nw"]
    assert editor_command({}) == ["vi"]


def test_the_edited_file_comes_back(appending_editor):
    edited = edit_outside("def f():\n    pass\n", "softmax.py", {"EDITOR": str(appending_editor)})
    assert edited.problem is None
    assert edited.text == "def f():\n    pass\n# edited in softmax.py\n"


def test_arguments_in_the_variable_reach_the_editor(appending_editor, tmp_path):
    edited = edit_outside("x = 1\n", "a.py", {"VISUAL": f"{sys.executable} {appending_editor}"})
    assert edited.text == "x = 1\n# edited in a.py\n"


def test_a_missing_editor_is_one_sentence(tmp_path):
    edited = edit_outside("x = 1\n", "a.py", {"EDITOR": str(tmp_path / "no-such-editor")})
    assert edited.text is None and "Could not start your editor" in edited.problem
    assert "set VISUAL or EDITOR" in edited.problem


def test_an_editor_that_fails_loads_nothing():
    edited = edit_outside("x = 1\n", "a.py", {"EDITOR": "false"})
    assert edited.text is None and "exited with status 1" in edited.problem


def test_an_unsplittable_variable_is_one_sentence():
    edited = edit_outside("x = 1\n", "a.py", {"EDITOR": "vim 'unclosed"})
    assert edited.text is None and edited.problem.startswith("Could not read VISUAL/EDITOR")


def test_an_editor_that_saves_something_unreadable_loads_nothing(tmp_path):
    script = editor_script(tmp_path, "binary-editor", "p.write_bytes(bytes([0xFF, 0xFE]))")
    edited = edit_outside("x = 1\n", "a.py", {"EDITOR": str(script)})
    assert edited.text is None and edited.problem.startswith("Could not read back what your editor saved")

