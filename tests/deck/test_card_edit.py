"""Where a card is edited: in place in the learner's decks, or in a copy of a built-in
card in their own deck folder, keeping its id and its text as written; which editor."""
from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from quizapp.content import card_edit
from quizapp.content.card_edit import Where
from quizapp.content.deck import load_library
from quizapp.content.library import exercise_card
from quizapp.errors import QuizError

# Written as an author might: items at column 0, a comment, a block scalar.
BUILT_IN = """\
deck: nets
title: Networks
cards:
- id: nets.one
  kind: qa
  level: basic
  source: One
  front: First question?
  # the answer keeps its line breaks
  back: |
    Line one.
      Indented line two.

- id: nets.two
  kind: qa
  level: basic
  source: Two
  front: Second question?
  back: Second answer.
"""


@pytest.fixture
def built_in(tmp_path: Path) -> Path:
    folder = tmp_path / "built-in"
    folder.mkdir()
    (folder / "nets.yaml").write_text(BUILT_IN, encoding="utf-8")
    return folder


def card(folders: list[Path], card_id: str):
    found = load_library(folders).card(card_id)
    assert found is not None
    return found


def test_a_built_in_card_is_copied_as_written_and_the_copy_replaces_it(built_in, tmp_path):
    user = tmp_path / "user" / "decks"
    one = card([built_in], "nets.one")
    assert card_edit.needs_copy(one, built_in)
    where = card_edit.copy_card(one, user)
    text = (user / "nets.yaml").read_text(encoding="utf-8")
    assert where == Where(user / "nets.yaml", text.splitlines().index("  - id: nets.one") + 1)
    assert text.endswith("""\
  - id: nets.one
    kind: qa
    level: basic
    source: One
    front: First question?
    # the answer keeps its line breaks
    back: |
      Line one.
        Indented line two.
""")
    assert "overrides: true" in text and text.startswith("# Your own versions of built-in cards")
    copied = card([built_in, user], "nets.one")
    assert (copied.path, copied.line) == (str(where.path), where.line)
    assert copied.answer_text() == one.answer_text() == "Line one.\n  Indented line two."
    assert not card_edit.needs_copy(copied, built_in)  # the copy is edited in place


def test_a_second_card_joins_the_copy_file_and_a_copied_card_is_not_copied_twice(built_in, tmp_path):
    user = tmp_path / "decks"
    first = card_edit.copy_card(card([built_in], "nets.one"), user)
    second = card_edit.copy_card(card([built_in], "nets.two"), user)
    assert second.line > first.line
    before = (user / "nets.yaml").read_text(encoding="utf-8")
    assert card_edit.copy_card(card([built_in], "nets.two"), user) == second
    assert (user / "nets.yaml").read_text(encoding="utf-8") == before
    library = load_library([built_in, user])
    assert library.errors == [] and [c.path for c in library.deck("nets").cards] == [str(user / "nets.yaml")] * 2


def test_a_copy_file_with_an_error_is_opened_again_not_copied_into(built_in, tmp_path):
    user = tmp_path / "decks"
    where = card_edit.copy_card(card([built_in], "nets.two"), user)
    broken = (user / "nets.yaml").read_text(encoding="utf-8").replace("front: Second question?", "front: [unclosed")
    (user / "nets.yaml").write_text(broken, encoding="utf-8")
    library = load_library([built_in, user])
    assert library.errors and library.card("nets.two").path == str(built_in / "nets.yaml")  # the built-in shows
    assert card_edit.copy_card(library.card("nets.two"), user) == where
    assert (user / "nets.yaml").read_text(encoding="utf-8") == broken  # the unfinished edit is kept


def test_a_built_in_exercise_is_not_copied(built_in, tmp_path):
    exercise = SimpleNamespace(id="softmax", title="Softmax", level="basic", source="Softmax", tags=(),
                               path=str(built_in / "exercises" / "softmax.yaml"))
    with pytest.raises(QuizError, match=r"exercises\.softmax is a built-in coding exercise"):
        card_edit.copy_card(exercise_card(exercise), tmp_path / "decks")


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write a read-only file")
def test_a_file_the_learner_cannot_write_is_copied_first(built_in, tmp_path):
    mine = tmp_path / "shared"
    mine.mkdir()
    (mine / "nets.yaml").write_text(BUILT_IN, encoding="utf-8")
    one = card([mine], "nets.one")
    assert not card_edit.needs_copy(one, built_in)
    (mine / "nets.yaml").chmod(stat.S_IRUSR)
    assert card_edit.needs_copy(one, built_in)


def test_the_editor_is_visual_then_editor_then_vi_at_the_line():
    where = Where(Path("/decks/nets.yaml"), 12)
    assert card_edit.editor_command(where, {"VISUAL": "code --wait", "EDITOR": "nano"}) == [
        "code", "--wait", "+12", "/decks/nets.yaml"]
    assert card_edit.editor_command(where, {"EDITOR": "nano"}) == ["nano", "+12", "/decks/nets.yaml"]
    assert card_edit.editor_command(where, {}) == ["vi", "+12", "/decks/nets.yaml"]
    with pytest.raises(QuizError, match=r"^cannot read VISUAL/EDITOR \(No closing quotation\)$"):
        card_edit.editor_command(where, {"EDITOR": "vim '"})


def test_the_editor_runs_and_one_that_is_missing_is_one_line(tmp_path):
    script = tmp_path / "ed.py"
    script.write_text("import sys\nopen(sys.argv[2], 'a').write(sys.argv[1] + '\\n')\n", encoding="utf-8")
    target = tmp_path / "file.yaml"
    target.write_text("a: 1\n", encoding="utf-8")
    command = card_edit.editor_command(Where(target, 3), {"EDITOR": f"{sys.executable} {script}"})
    assert card_edit.run_editor(command, attached=False) == 0
    assert target.read_text(encoding="utf-8") == "a: 1\n+3\n"
    with pytest.raises(QuizError) as err:
        card_edit.run_editor(["no-such-editor-here", "+1", str(target)], attached=False)
    assert str(err.value) == ("cannot start the editor 'no-such-editor-here' (No such file or directory);"
                              " set VISUAL or EDITOR to the editor you use")


def test_the_content_cache_keeps_and_then_notices_an_edited_copy(built_in, tmp_path):
    from quizapp.content.cache import load_cached

    user, cache = tmp_path / "decks", tmp_path / "cache"
    assert load_cached([built_in], cache)[0].card("nets.one").question == "First question?"
    where = card_edit.copy_card(card([built_in], "nets.one"), user)
    copy = where.path.read_text(encoding="utf-8")
    where.path.write_text(copy.replace("front: First question?", "front: My question?"), encoding="utf-8")
    for _ in range(2):  # loaded afresh, then from the cache
        assert load_cached([built_in, user], cache)[0].card("nets.one").question == "My question?"
    where.path.write_text(copy.replace("front: First question?", "front: Another?"), encoding="utf-8")
    assert load_cached([built_in, user], cache)[0].card("nets.one").question == "Another?"
