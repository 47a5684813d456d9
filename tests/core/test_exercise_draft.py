"""The editor's draft file: changed code is kept, the starter never overwrites it, problems are sentences."""
from __future__ import annotations

from quizapp.study.exercise_draft import Draft

STARTER = "def f(x):\n    raise NotImplementedError\n"


def test_changed_code_is_kept_and_the_starter_never_replaces_it(tmp_path):
    draft = Draft(tmp_path / "drafts", "softmax")
    assert draft.read() == (None, None)
    assert draft.save(STARTER, STARTER) is None and not draft.path.exists()
    assert draft.save("def f(x):\n    return x\n", STARTER) is None
    assert draft.save(STARTER, STARTER) is None
    assert draft.read() == ("def f(x):\n    return x\n", None)


def test_unreadable_draft_and_unwritable_folder_are_reported(tmp_path):
    (tmp_path / "softmax.py").write_bytes(b"\xff\xfe not utf-8")
    text, problem = Draft(tmp_path, "softmax").read()
    assert text is None and problem.startswith("Could not read your previous attempt (")
    (tmp_path / "file").write_text("")
    assert Draft(tmp_path / "file", "softmax").save("x = 1\n", STARTER).startswith("Could not save your draft: ")
