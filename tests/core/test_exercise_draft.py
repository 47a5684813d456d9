"""The editor's draft file: changed code is kept, the starter never overwrites it,
an attempt (or an unreadable file) replaced unseen is moved aside, however many
times, and problems are sentences."""
from __future__ import annotations

from quizapp.study.exercise_draft import Draft

STARTER = "def f(x):\n    raise NotImplementedError\n"
ATTEMPT = "def f(x):\n    return x\n"


def sitting(folder, code: str | None = None, *, built_on: bool = False) -> Draft:
    """One sitting: the draft read, maybe loaded (built on), then ``code`` saved."""
    draft = Draft(folder, "softmax", STARTER)
    draft.read()
    if built_on:
        draft.built_on()
    if code is not None:
        draft.save(code)
    return draft


def test_changed_code_is_kept_and_the_starter_never_replaces_it(tmp_path):
    draft = Draft(tmp_path / "drafts", "softmax", STARTER)
    assert draft.read() == (None, None)
    assert draft.save(STARTER) is None and not draft.path.exists()
    assert draft.save(ATTEMPT) is None
    assert draft.save(STARTER) is None
    assert draft.read() == (ATTEMPT, None)
    assert draft.earlier() == []  # nothing was saved before this draft's first save


def test_each_attempt_replaced_unseen_is_kept_and_one_built_on_is_not(tmp_path):
    sitting(tmp_path, ATTEMPT)
    draft = sitting(tmp_path, ATTEMPT)  # the same code: nothing is replaced
    assert draft.earlier() == []
    draft.save(STARTER + "x = 1\n")  # a stray edit, saved twice in one sitting
    draft.save(STARTER + "x = 2\n")
    assert [p.read_text() for p in draft.earlier()] == [ATTEMPT]
    sitting(tmp_path, STARTER + "x = 3\n")  # another sitting ignoring it: that one is kept too
    assert [p.read_text() for p in draft.earlier()] == [ATTEMPT, STARTER + "x = 2\n"]
    sitting(tmp_path, ATTEMPT + "y = 1\n", built_on=True)  # loaded, then changed: nothing more to keep
    assert len(draft.earlier()) == 2 and draft.path.read_text() == ATTEMPT + "y = 1\n"


def test_a_saved_starter_with_comments_is_no_attempt_to_keep(tmp_path):
    (tmp_path / "softmax.py").write_text("# notes\n" + STARTER)
    assert sitting(tmp_path, ATTEMPT).earlier() == []


def test_a_draft_that_cannot_be_read_is_moved_aside_not_written_over(tmp_path):
    (tmp_path / "softmax.py").write_bytes(b"\xe9t\xe9 = 1\n")
    draft = Draft(tmp_path, "softmax", STARTER)
    text, problem = draft.read()
    assert text is None and problem.startswith("Could not read your previous attempt (")
    draft.save(ATTEMPT)
    assert [p.read_bytes() for p in draft.earlier()] == [b"\xe9t\xe9 = 1\n"] and draft.path.read_text() == ATTEMPT


def test_unwritable_folder_is_reported(tmp_path):
    (tmp_path / "file").write_text("")
    assert Draft(tmp_path / "file", "softmax", STARTER).save("x = 1\n").startswith("Could not save your draft: ")
