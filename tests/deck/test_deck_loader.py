"""The deck loader: typed cards from YAML, every problem as path:line."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from quizapp.content.cards import ChoiceCard, ClozeCard, QACard
from quizapp.content.deck import load_deck, load_library

GOOD = """\
deck: demo
title: Demo deck
cards:
  - id: demo.what-is-ann
    kind: qa
    level: basic
    tags: [basics]
    source: What is an ANN?
    front: What is an ANN?
    back: Layers of weighted sums and non-linear activations.
  - id: demo.sigmoid
    kind: cloze
    level: basic
    source: Activation Functions (with formulas)
    text: "σ(z) = {{1 / (1 + e^(−z))::formula}} squashes to {{(0, 1)}}"
  - id: demo.relu-pick
    kind: choice
    level: basic
    source: Why is ReLU used?
    question: Select all that apply
    correct: [Cheap, Non-saturating for z > 0]
    wrong: [Bounded]
"""


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        text = textwrap.dedent(text).encode("utf-8")
    path.write_bytes(text)
    return path


def messages(errors) -> list[str]:
    return [f"{Path(e.path).name}:{e.line}: {e.message}" for e in errors]


def test_good_deck_loads_typed_cards(tmp_path):
    deck, errors = load_deck(write(tmp_path, "demo.yaml", GOOD))
    assert errors == []
    qa, cloze, choice = deck.cards
    assert isinstance(qa, QACard) and qa.tags == ("basics",) and qa.line == 4
    assert isinstance(cloze, ClozeCard)
    assert [g.answer for g in cloze.gaps] == ["1 / (1 + e^(−z))", "(0, 1)"]
    assert cloze.masked() == "σ(z) = [formula] squashes to […]"
    assert isinstance(choice, ChoiceCard) and choice.multiple


@pytest.mark.parametrize(
    "body, expected",
    [
        ("  - id: demo.x\n    kind: qa\n    level: basic\n    source: s\n    front: f\n",
         "demo.yaml:3: missing field 'back' for a qa card"),
        ("  - id: demo.x\n    kind: essay\n    level: basic\n    source: s\n",
         "demo.yaml:4: unknown kind 'essay'; expected one of qa, cloze, choice, numeric, code"),
        ("  - id: demo.x\n    kind: qa\n    level: basic\n    source: s\n    front: [1, 2]\n    back: b\n",
         "demo.yaml:7: front: expected non-empty text"),
        ("  - id: demo.x\n    kind: qa\n    level: expert\n    source: s\n    front: f\n    back: b\n",
         "demo.yaml:5: level: expected one of basic, advanced, research, got 'expert'"),
        ("  - id: demo.x\n    kind: cloze\n    level: basic\n    source: s\n    text: no gap here\n",
         "demo.yaml:7: cloze text has no {{gap}}"),
        ("  - id: other.x\n    kind: qa\n    level: basic\n    source: s\n    front: f\n    back: b\n",
         "demo.yaml:3: id 'other.x' must be 'demo.<slug>' (lowercase, digits, '-')"),
        # A numeric prompt shows an unknown {name} as written, and a lone brace as is: both typos.
        ("  - id: demo.x\n    kind: numeric\n    level: basic\n    source: s\n    engine: softmax\n"
         "    params: {z: [1, 2]}\n    prompt: 'Softmax of {logits}?'\n",
         "demo.yaml:9: prompt: {logits} is no parameter of this card (it has z); a brace is written {{"),
        ("  - id: demo.x\n    kind: numeric\n    level: basic\n    source: s\n    engine: softmax\n"
         "    random: true\n    prompt: 'Softmax of {z} {'\n",
         "demo.yaml:9: prompt: a lone brace; write {{ and }} for braces"),
        # A card that is not a mapping (a stray string, a list) is named by its own line.
        ("  - id: demo.x\n    kind: qa\n    level: basic\n    source: s\n    front: f\n    back: b\n"
         "  - just a sentence\n", "demo.yaml:9: card #2: expected a mapping"),
        ("  - [demo.x, qa]\n", "demo.yaml:3: card #1: expected a mapping"),
    ],
)
def test_each_card_problem_is_located(tmp_path, body, expected):
    deck, errors = load_deck(write(tmp_path, "demo.yaml", "deck: demo\ncards:\n" + body))
    assert deck is None
    assert expected in messages(errors)


def test_all_problems_are_reported_at_once(tmp_path):
    text = "deck: demo\ncards:\n" + (
        "  - id: demo.a\n    kind: qa\n    level: basic\n    source: s\n    front: f\n"
        "  - id: demo.b\n    kind: qa\n    level: nope\n    source: s\n    front: f\n    back: b\n"
    )
    _, errors = load_deck(write(tmp_path, "demo.yaml", text))
    assert [e.line for e in errors] == [3, 10]


def test_tab_indentation(tmp_path):
    _, errors = load_deck(write(tmp_path, "demo.yaml", "deck: demo\ncards:\n\t- id: demo.a\n"))
    assert messages(errors) == ["demo.yaml:3: tab used for indentation; YAML needs spaces"]


def test_non_utf8_bytes(tmp_path):
    _, errors = load_deck(write(tmp_path, "demo.yaml", b"deck: demo\ncards:\n  - front: caf\xe9\n"))
    assert messages(errors) == ["demo.yaml:3: not valid UTF-8 (byte 0xe9); save the file as UTF-8"]


def test_object_constructing_tags_are_refused(tmp_path):
    text = "deck: demo\ncards:\n  - !!python/object/apply:os.system ['echo hacked']\n"
    _, errors = load_deck(write(tmp_path, "demo.yaml", text))
    assert len(errors) == 1 and errors[0].line == 3
    assert "!!python/object/apply:os.system is not allowed" in errors[0].message


def test_syntax_error_names_the_line(tmp_path):
    _, errors = load_deck(write(tmp_path, "demo.yaml", "deck: demo\ncards: [\n  - a\n"))
    assert errors[0].path.endswith("demo.yaml") and errors[0].line is not None


def test_duplicate_id_within_and_across_decks(tmp_path):
    write(tmp_path, "a.yaml", GOOD)
    other = GOOD.replace("deck: demo", "deck: demo2").replace("demo.sigmoid", "demo2.sigmoid")
    other = other.replace("demo.relu-pick", "demo2.relu-pick")
    # demo2 keeps the id demo.what-is-ann, which is both a bad prefix and a clash.
    write(tmp_path, "b.yaml", other.replace("id: demo.what-is-ann", "id: demo2.what-is-ann")
          + "  - id: demo2.what-is-ann\n    kind: qa\n    level: basic\n    source: s\n"
            "    front: f\n    back: b\n")
    library = load_library([tmp_path])
    assert [d.name for d in library.decks] == ["demo"]
    assert any("duplicate id 'demo2.what-is-ann' (first at line 4)" in m for m in messages(library.errors))


def test_duplicate_id_across_files(tmp_path):
    write(tmp_path, "a.yaml", GOOD)
    write(tmp_path, "b.yaml", GOOD.replace("title: Demo deck", "title: Copy").replace("deck: demo", "deck: demo")
          .replace("\ncards:", "\ncards:", 1))
    library = load_library([tmp_path])
    assert len(library.decks) == 1
    assert "b.yaml:1: deck 'demo' is already defined" in messages(library.errors)[0]


def test_broken_deck_does_not_stop_the_others(tmp_path):
    write(tmp_path, "a.yaml", GOOD)
    write(tmp_path, "b.yaml", "deck: broken\ncards:\n  - id: broken.x\n    kind: nope\n")
    library = load_library([tmp_path])
    assert [d.name for d in library.decks] == ["demo"]
    assert len(library.cards) == 3
    assert messages(library.errors) == [
        "b.yaml:4: unknown kind 'nope'; expected one of qa, cloze, choice, numeric, code"]


def test_missing_path_is_reported(tmp_path):
    library = load_library([tmp_path / "nowhere.yaml"])
    assert library.decks == [] and "cannot read" in library.errors[0].message


def test_small_numbers_keep_their_significant_digits():
    from quizapp.formatting import format_number

    assert format_number(0.00034567) == "0.0003457"
    assert format_number(0.1 + 0.2) == "0.3" and format_number(0.68826) == "0.6883"
    assert format_number(15.5) == "15.5" and format_number(637621500.2) == "6.3762e+08"
