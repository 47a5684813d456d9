"""Import of decks: JSON and CSV written as validated YAML into ``<data_dir>/decks``;
a bad file is rejected whole with ``path:line`` problems and nothing written."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from quizapp.content.deck import load_deck
from quizapp.interchange.cardmap import card_to_dict


def _cards(path: Path) -> list[dict]:
    deck, errors = load_deck(path)
    assert not errors, errors
    return [card_to_dict(c) for c in deck.cards]


def test_json_round_trip_into_a_fresh_data_dir(tmp_path, deck_dir, cli):
    out = tmp_path / "demo.json"
    assert cli(tmp_path / "a", "export", "-o", out, "demo", content=deck_dir).returncode == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["version"] == 1 and [d["deck"] for d in document["decks"]] == ["demo"]

    fresh = tmp_path / "b"
    result = cli(fresh, "import", out)  # no --content: the deck comes only from the file
    assert result.returncode == 0, result.stderr
    written = fresh / "decks" / "demo.yaml"
    assert f"wrote deck demo (6 cards) to {written}" in result.stdout
    assert _cards(written) == _cards(deck_dir / "demo.yaml")
    # the written deck is part of the library from then on: it exports again
    again = tmp_path / "again.json"
    assert cli(fresh, "export", "-o", again, "demo").returncode == 0
    assert json.loads(again.read_text(encoding="utf-8"))["decks"] == document["decks"]


def test_json_of_a_deck_already_loaded_elsewhere_is_skipped(tmp_path, deck_dir, cli):
    out = tmp_path / "demo.json"
    assert cli(tmp_path / "a", "export", "-o", out, "demo", content=deck_dir).returncode == 0
    result = cli(tmp_path / "a", "import", out, content=deck_dir)
    assert result.returncode == 0, result.stderr
    assert "skipped deck demo: already loaded from" in result.stdout
    assert not (tmp_path / "a" / "decks").exists()


def test_csv_import_needs_a_deck_name_and_keeps_qa_and_cloze(tmp_path, deck_dir, cli):
    out = tmp_path / "cards.csv"
    assert cli(tmp_path / "a", "export", "-o", out, "demo", content=deck_dir).returncode == 0
    data = tmp_path / "b"
    # the exported CSV names deck "demo": importing it under its own name works
    result = cli(data, "import", out, "--deck", "mine")
    assert result.returncode == 0, result.stderr
    cards = _cards(data / "decks" / "mine.yaml")
    assert [c["id"] for c in cards] == ["mine.what-is-ann", "mine.sigmoid"]
    assert cards[1]["text"] == "σ(z) = {{1 / (1 + e^(−z))::formula}} and σ(0) = {{0.5}}"
    assert cards[0]["back"] == "Layers of weighted sums\nfollowed by activations."
    assert "skipped 1 choice row(s)" in result.stdout and "skipped 2 numeric row(s)" in result.stdout

    bare = tmp_path / "bare.csv"
    bare.write_text("question,answer\nWhat is a tensor?,An n-dimensional array.\n", encoding="utf-8")
    result = cli(data, "import", bare)
    assert result.returncode == 1 and "--deck NAME" in result.stderr
    assert cli(data, "import", bare, "--deck", "extra").returncode == 0
    assert _cards(data / "decks" / "extra.yaml")[0]["id"] == "extra.what-is-a-tensor"


BAD_FILES = {
    "broken.json": ('{"version": 1, "decks": [', "broken.json:1: not valid JSON"),
    "level.csv": ("deck,question,answer,level\nx,Q?,A.,expert\n", "level.csv:row 2: level"),
    "nocols.csv": ("prompt,reply\nQ?,A.\n", "needs 'question' and 'answer' (or 'Front' and 'Back') columns"),
    "rating.json": (json.dumps({"version": 1, "reviews": [
        {"uid": "u1", "card_id": "demo.relu", "rating": 7, "reviewed_at": "2024-05-01T12:00:00+00:00"}]}),
        "reviews[0]: rating"),
    "naive.json": (json.dumps({"version": 1, "reviews": [
        {"uid": "u1", "card_id": "demo.relu", "rating": 3, "reviewed_at": "2024-05-01T12:00:00"}]}),
        "reviews[0]: reviewed_at"),
    "badname.json": (json.dumps({"version": 1, "decks": [{"deck": "../evil", "cards": []}]}),
                     "not a usable deck name"),
    "nocards.json": (json.dumps({"version": 1, "decks": [
        {"deck": "good", "title": "t", "cards": [{"id": "good.a", "kind": "qa", "level": "basic",
                                                 "source": "s", "front": "f", "back": "b"}]},
        {"deck": "bad", "title": "t", "cards": [{"id": "bad.a", "kind": "qa", "level": "basic",
                                                "source": "s", "front": "f"}]}]}),
        "missing field 'back'"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_is_rejected_whole_and_nothing_is_written(tmp_path, cli, name):
    text, expected = BAD_FILES[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    data = tmp_path / "data"
    result = cli(data, "import", path)
    assert result.returncode == 1
    assert expected in result.stderr and "Traceback" not in result.stderr
    assert all(line.startswith("quizapp: ") for line in result.stderr.splitlines())
    assert not (data / "decks").exists()  # "good" of nocards.json was rolled back too
    if (data / "quizapp.db").exists():
        from quizapp.store.database import Store

        with Store.in_data_dir(data) as store:
            assert store.reviews() == []


def test_failed_reimport_restores_the_previous_deck_file(tmp_path, cli):
    good = tmp_path / "good.csv"
    good.write_text("question,answer\nQ one?,A.\n", encoding="utf-8")
    data = tmp_path / "data"
    assert cli(data, "import", good, "--deck", "mine").returncode == 0
    before = (data / "decks" / "mine.yaml").read_bytes()
    bad = tmp_path / "bad.csv"
    bad.write_text("question,answer,level\nQ two?,A.,expert\n", encoding="utf-8")
    result = cli(data, "import", bad, "--deck", "mine")
    assert result.returncode == 1 and f"{bad}:row 2: level" in result.stderr
    assert "mine.yaml" not in result.stderr  # the rollback put it back: its lines are not the ones read
    assert (data / "decks" / "mine.yaml").read_bytes() == before


def test_an_import_into_a_deck_one_has_merges_by_card_id_as_anki_does(tmp_path, cli):
    """A second CSV for the same deck replaced the deck file: the cards of the first were
    gone without a word. Now a card of the import replaces the card of its id, a new one
    is added, and the deck's others stay (Anki's import adds and updates, never deletes)."""
    import yaml

    data = tmp_path / "data"
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text("question,answer\nQ one?,A.\nQ two?,B.\n", encoding="utf-8")
    assert cli(data, "import", first, "--deck", "mine").returncode == 0
    ids = [c["id"] for c in yaml.safe_load((data / "decks" / "mine.yaml").read_text(encoding="utf-8"))["cards"]]
    second.write_text(f"question,answer,id\nQ two?,\"B, better.\",{ids[1]}\nQ three?,C.,\n", encoding="utf-8")
    result = cli(data, "import", second, "--deck", "mine")
    assert result.returncode == 0, result.stderr
    cards = yaml.safe_load((data / "decks" / "mine.yaml").read_text(encoding="utf-8"))["cards"]
    assert [c["id"] for c in cards][:2] == ids and len(cards) == 3
    assert cards[1]["back"] == "B, better."
    assert "deck mine: 1 new, 1 updated, 1 kept (3 cards)" in result.stdout
    broken = "deck: mine\ncards: [\n"  # a hand edit gone wrong: refused, and the file stays as it is
    (data / "decks" / "mine.yaml").write_text(broken, encoding="utf-8")
    result = cli(data, "import", second, "--deck", "mine")
    assert result.returncode == 1 and "cannot merge the import into it" in result.stderr
    assert (data / "decks" / "mine.yaml").read_text(encoding="utf-8") == broken


def test_a_full_json_export_imports_the_exercises_deck_as_already_loaded(tmp_path, deck_dir, cli):
    """The exercises deck (code cards) is in a JSON export; import skips it like any shipped deck."""
    out = tmp_path / "all.json"
    assert cli(tmp_path / "a", "export", "-o", out, content=deck_dir).returncode == 0
    assert "exercises" in [d["deck"] for d in json.loads(out.read_text(encoding="utf-8"))["decks"]]
    result = cli(tmp_path / "b", "import", out)
    assert result.returncode == 0, result.stderr
    assert "skipped deck exercises: already loaded from" in result.stdout
    assert "wrote deck demo (6 cards)" in result.stdout


def test_a_missing_file_is_a_usage_error(tmp_path, cli):
    path = tmp_path / "missing.json"
    result = cli(tmp_path / "data", "import", path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and str(path) in result.stderr and "Traceback" not in result.stderr
    assert "no such file" in result.stderr
    assert not (tmp_path / "data" / "decks").exists()


def test_an_import_path_that_is_a_fifo_or_device_is_refused_at_once(tmp_path, cli):
    """A FIFO hung the import; a link to /dev/zero read 3.8 GB, then 'internal error: MemoryError'."""
    import os

    os.mkfifo(tmp_path / "pipe.json")
    (tmp_path / "zero.json").symlink_to("/dev/zero")
    for name in ("pipe.json", "zero.json"):
        result = cli(tmp_path / "data", "import", tmp_path / name)
        assert result.returncode == 1
        why = "not a regular file (a FIFO, device or socket)"
        assert result.stderr == f"quizapp: {tmp_path / name}: cannot read ({why})\n"


def test_a_csv_into_a_deck_that_ships_with_quizapp_is_a_usage_error(tmp_path, cli):
    """`--deck cnn` skipped every row as "already loaded" and exited 0."""
    rows = tmp_path / "rows.csv"
    rows.write_text("question,answer\nQ?,A.\n", encoding="utf-8")
    result = cli(tmp_path / "data", "import", rows, "--deck", "cnn")
    assert result.returncode == 2
    assert result.stderr == "quizapp: --deck cnn: that deck ships with quizapp; give a deck name of your own\n"
