"""A deck file with ``overrides: true``: its cards replace those of their ids in the
deck of its name, where they stood; a problem in it skips it whole, changing nothing."""
from __future__ import annotations

from pathlib import Path

from quizapp.content.deck import load_library

BASE = """\
deck: nets
title: Networks
cards:
  - id: nets.one
    kind: qa
    level: basic
    source: One
    front: First question?
    back: First answer.
  - id: nets.two
    kind: qa
    level: basic
    source: Two
    front: Second question?
    back: Second answer.
"""
MINE = """\
deck: nets
overrides: true
cards:
  - id: nets.one
    kind: qa
    level: basic
    source: One
    front: First question, in my words?
    back: My answer.
  - id: nets.three
    kind: qa
    level: basic
    source: Three
    front: A card of my own?
    back: Yes.
"""


def folders(tmp_path: Path, mine: str) -> list[Path]:
    built_in, user = tmp_path / "built-in", tmp_path / "user"
    built_in.mkdir()
    user.mkdir()
    (built_in / "nets.yaml").write_text(BASE, encoding="utf-8")
    (user / "nets.yaml").write_text(mine, encoding="utf-8")
    return [built_in, user]


def test_cards_replace_those_of_their_ids_in_place_and_new_ones_join(tmp_path):
    dirs = folders(tmp_path, MINE)
    for order in (dirs, dirs[::-1]):  # whichever folder comes first
        library = load_library(order)
        assert library.errors == []
        [deck] = library.decks
        assert (deck.title, deck.path) == ("Networks", str(dirs[0] / "nets.yaml"))
        assert [c.id for c in deck.cards] == ["nets.one", "nets.two", "nets.three"]
        one = deck.cards[0]
        assert one.question == "First question, in my words?"
        assert (one.path, one.line) == (str(dirs[1] / "nets.yaml"), 4)  # editing it opens the copy
        assert deck.cards[1].path == str(dirs[0] / "nets.yaml")


def test_a_problem_in_the_overriding_file_skips_it_whole(tmp_path):
    dirs = folders(tmp_path, MINE.replace("level: basic\n    source: Three", "level: expert\n    source: Three"))
    library = load_library(dirs)
    [deck] = library.decks
    assert [c.question for c in deck.cards] == ["First question?", "Second question?"]  # the built-in ones
    assert [str(e) for e in library.errors] == [
        f"{dirs[1] / 'nets.yaml'}:12: level: expected one of basic, advanced, research, got 'expert'"]


def test_without_its_deck_it_stands_as_a_deck_of_its_own(tmp_path):
    user = tmp_path / "user"
    user.mkdir()
    (user / "nets.yaml").write_text(MINE, encoding="utf-8")
    library = load_library([user])
    assert library.errors == [] and [c.id for c in library.deck("nets").cards] == ["nets.one", "nets.three"]
    # ... and says so: a typo in its deck: name would otherwise override nothing, silently.
    assert [str(w) for w in library.warnings] == [
        f"{user / 'nets.yaml'}:1: overrides: no deck 'nets' is loaded, so its cards stand as a deck of their own"]


def test_a_card_overridden_in_two_files_is_refused_in_the_later_one(tmp_path):
    """Two folders each overriding one card: which version shows would depend on the
    folder order, so the later file is skipped whole and named, as a duplicate id is."""
    dirs = folders(tmp_path, MINE)
    other = tmp_path / "other"
    other.mkdir()
    (other / "nets.yaml").write_text(MINE.replace("in my words", "in other words"), encoding="utf-8")
    library = load_library([*dirs, other])
    assert library.deck("nets").cards[0].question == "First question, in my words?"
    assert [str(e) for e in library.errors] == [
        f"{other / 'nets.yaml'}:{line}: card {card!r} is also in {dirs[1] / 'nets.yaml'}:{line}, which overrides"
        " deck 'nets' too" for card, line in (("nets.one", 4), ("nets.three", 10))]


def test_overrides_takes_true_or_false(tmp_path):
    dirs = folders(tmp_path, MINE.replace("overrides: true", "overrides: maybe"))
    library = load_library(dirs)
    assert [str(e) for e in library.errors] == [f"{dirs[1] / 'nets.yaml'}:2: overrides: expected true (this file's"
                                                " cards replace those of the same id in the deck of its name) or false"]
