"""The exercise loader reports every problem as path:line and skips only the broken file."""
from __future__ import annotations

import shutil

from quizapp.grading.exercises import load_exercises

from .grading_support import CONTENT


def copy(tmp_path, *names):
    for name in names:
        shutil.copy(CONTENT / "exercises" / f"{name}.yaml", tmp_path / f"{name}.yaml")


def test_broken_file_is_skipped_and_every_problem_reported(tmp_path):
    copy(tmp_path, "softmax", "iou")
    text = (tmp_path / "iou.yaml").read_text()
    text = text.replace("level: basic", "level: easy").replace("reference: iou", "reference: no_such_ref")
    text = text.replace("args: {a: [0.0, 0.0, 2.0, 2.0], b: [0.0, 0.0, 2.0, 2.0]}",
                        "args: {a: [0.0, 0.0, 2.0], b: oops}")
    (tmp_path / "iou.yaml").write_text(text + "colour: red\n")
    exercises, errors = load_exercises([tmp_path])
    assert [e.id for e in exercises] == ["softmax"]
    messages = {e.message: e.line for e in errors}
    assert all(e.path.endswith("iou.yaml") and e.line for e in errors)
    lines = text.splitlines()
    assert messages["level: must be one of basic, advanced, research"] == lines.index("level: easy") + 1
    assert any("no function 'no_such_ref'" in m for m in messages)
    assert any("case 'identical boxes': b: expected a list" in m for m in messages)
    assert "unknown field 'colour'" in messages


def test_duplicate_ids_across_files(tmp_path):
    copy(tmp_path, "softmax")
    shutil.copy(tmp_path / "softmax.yaml", tmp_path / "zz-copy.yaml")
    exercises, errors = load_exercises([tmp_path])
    assert len(exercises) == 1
    assert len(errors) == 1 and "duplicate exercise id 'softmax'" in errors[0].message
    assert errors[0].path.endswith("zz-copy.yaml") and errors[0].line == 1


def test_signature_args_and_imports_are_checked(tmp_path):
    copy(tmp_path, "softmax")
    original = (tmp_path / "softmax.yaml").read_text()
    (tmp_path / "softmax.yaml").write_text(
        original.replace('signature: "softmax(z)"', 'signature: "softmax(z, axis=-1)"'))
    _, errors = load_exercises([tmp_path])
    assert "args: must list the signature's parameters in order: z, axis" in "\n".join(str(e) for e in errors)
    (tmp_path / "softmax.yaml").write_text(
        original.replace("imports: [numpy, math]", "imports: []")
        .replace("  import numpy as np\n\n\n  def softmax(z):\n      e", "  import torch\n  def softmax(z):\n      e"))
    _, errors = load_exercises([tmp_path])
    text_all = "\n".join(str(e) for e in errors)
    assert "starter: imports 'torch', which is not in imports" in text_all
    assert "numpy" not in text_all  # numpy, math, typing and __future__ are always allowed


def test_habitual_imports_are_always_allowed(exercises):
    for exercise in exercises.values():
        assert {"numpy", "math", "typing", "__future__"} <= set(exercise.imports), exercise.id


def test_yaml_syntax_error_has_a_line(tmp_path):
    (tmp_path / "bad.yaml").write_text("id: x\ntitle: [unclosed\n")
    exercises, errors = load_exercises([tmp_path])
    assert exercises == [] and errors[0].line is not None
