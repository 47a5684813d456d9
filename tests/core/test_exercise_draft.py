"""The editor's draft file: changed code is kept, the starter never overwrites it,
an attempt replaced unseen is kept as the earlier one, problems are sentences."""
from __future__ import annotations

from quizapp.study.exercise_draft import Draft

STARTER = "def f(x):\n    raise NotImplementedError\n"
ATTEMPT = "def f(x):\n    return x\n"


def test_changed_code_is_kept_and_the_starter_never_replaces_it(tmp_path):
    draft = Draft(tmp_path / "drafts", "softmax", STARTER)
    assert draft.read() == (None, None)
    assert draft.save(STARTER) is None and not draft.path.exists()
    assert draft.save(ATTEMPT) is None
    assert draft.save(STARTER) is None
    assert draft.read() == (ATTEMPT, None)
    assert not draft.has_earlier()  # nothing was saved before this draft's first save


def test_an_attempt_replaced_unseen_is_kept_once_and_one_built_on_is_not(tmp_path):
    Draft(tmp_path, "softmax", STARTER).save(ATTEMPT)
    draft = Draft(tmp_path, "softmax", STARTER)
    draft.read()
    draft.save(ATTEMPT)  # the same code: nothing is replaced
    assert not draft.has_earlier()
    draft.save(STARTER + "x = 1\n")
    draft.save(STARTER + "x = 2\n")
    assert draft.earlier_path.read_text() == ATTEMPT and draft.path.read_text() == STARTER + "x = 2\n"
    built = Draft(tmp_path, "softmax", STARTER)
    built.read()
    built.built_on()
    built.save(ATTEMPT + "y = 1\n")
    assert draft.earlier_path.read_text() == ATTEMPT  # the one built on was not kept over it


def test_a_saved_starter_with_comments_is_no_attempt_to_keep(tmp_path):
    (tmp_path / "softmax.py").write_text("# notes\n" + STARTER)
    draft = Draft(tmp_path, "softmax", STARTER)
    draft.read()
    draft.save(ATTEMPT)
    assert not draft.has_earlier()


def test_unreadable_draft_and_unwritable_folder_are_reported(tmp_path):
    (tmp_path / "softmax.py").write_bytes(b"\xff\xfe not utf-8")
    text, problem = Draft(tmp_path, "softmax", STARTER).read()
    assert text is None and problem.startswith("Could not read your previous attempt (")
    (tmp_path / "file").write_text("")
    assert Draft(tmp_path / "file", "softmax", STARTER).save("x = 1\n").startswith("Could not save your draft: ")
