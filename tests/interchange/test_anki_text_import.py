"""Anki's notes exports (.txt/.csv with '#separator:' headers), plain Front,Back CSV, an Anki
cloze in a quizapp CSV, and problems named at the import file's row."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from quizapp.content.deck import load_deck
from quizapp.interchange.cardmap import card_to_dict


def _deck(path: Path) -> list[dict]:
    deck, errors = load_deck(path)
    assert not errors, errors
    return [card_to_dict(c) for c in deck.cards]


def _slug(guid: str, ordinal: int) -> str:
    return f"anki-{hashlib.sha1(guid.encode()).hexdigest()[:12]}-{ordinal + 1}"


def test_anki_notes_export_with_every_column_matches_the_package_import(tmp_path, cli):
    """Anki's own "Notes in Plain Text" export (HTML, tags, deck, note type, GUID columns):
    the same cards, with the same ids, as the .apkg of the same collection gives."""
    collection = pytest.importorskip("anki.collection")
    from anki.collection import ExportAnkiPackageOptions

    col = collection.Collection(str(tmp_path / "c.anki2"))
    deck = col.decks.id("Deep Learning::RNN")
    basic = col.new_note(col.models.by_name("Basic (and reversed card)"))
    basic["Front"], basic["Back"] = "What is <i>BPTT</i>?", "Backprop through time;<br>unrolled"
    basic.tags = ["RNN::Training"]
    col.add_note(basic, deck)
    cloze = col.new_note(col.models.by_name("Cloze"))
    cloze["Text"] = "An LSTM has {{c1::three::how many?}} gates and {{c2::a cell state}}"
    col.add_note(cloze, deck)
    text = tmp_path / "notes.txt"
    col.export_note_csv(out_path=str(text), limit=None, with_html=True, with_tags=True, with_deck=True,
                        with_notetype=True, with_guid=True)
    package = tmp_path / "notes.apkg"
    col.export_anki_package(out_path=str(package), limit=None,
                            options=ExportAnkiPackageOptions(with_scheduling=True, with_media=False))
    col.close()
    assert text.read_text(encoding="utf-8").startswith("#separator:tab\n#html:true\n")

    result = cli(tmp_path / "a", "import", text)
    assert result.returncode == 0, result.stderr
    cards = _deck(tmp_path / "a" / "decks" / "deep-learning-rnn.yaml")
    assert [(c["id"], c["kind"]) for c in cards] == [
        (f"deep-learning-rnn.{_slug(basic.guid, 0)}", "qa"), (f"deep-learning-rnn.{_slug(basic.guid, 1)}", "qa"),
        (f"deep-learning-rnn.{_slug(cloze.guid, 0)}", "cloze"), (f"deep-learning-rnn.{_slug(cloze.guid, 1)}", "cloze")]
    assert (cards[0]["front"], cards[0]["back"]) == ("What is BPTT?", "Backprop through time;\nunrolled")
    assert (cards[1]["front"], cards[1]["back"]) == ("Backprop through time;\nunrolled", "What is BPTT?")
    assert cards[0]["tags"] == ["rnn-training"]
    assert cards[2]["text"] == "An LSTM has {{three::how many?}} gates and a cell state"
    assert cards[3]["text"] == "An LSTM has three gates and {{a cell state}}"

    assert cli(tmp_path / "b", "import", package).returncode == 0
    from_package = _deck(tmp_path / "b" / "decks" / "deep-learning-rnn.yaml")
    key = [("id", "kind", "front", "back", "text", "tags")]
    assert [{k: c.get(k) for k in key[0]} for c in from_package] == [{k: c.get(k) for k in key[0]} for c in cards]


def test_anki_text_with_columns_header_and_plain_text(tmp_path, cli):
    path = tmp_path / "plain.txt"
    path.write_text("#separator:Semicolon\n#html:false\n#columns:Front;Back;Tags\n#deck:Vision Basics\n"
                    "What is a stride?;Step of the kernel <between> positions;cnn conv\n"
                    '"Pooling; why?";"Downsampling, ""invariance""";\n', encoding="utf-8")
    result = cli(tmp_path / "data", "import", path)
    assert result.returncode == 0, result.stderr
    cards = _deck(tmp_path / "data" / "decks" / "vision-basics.yaml")
    assert [(c["front"], c["back"], c.get("tags")) for c in cards] == [
        ("What is a stride?", "Step of the kernel <between> positions", ["cnn", "conv"]),
        ("Pooling; why?", 'Downsampling, "invariance"', None)]
    assert [c["id"] for c in cards] == ["vision-basics.what-is-a-stride", "vision-basics.pooling-why"]


def test_anki_text_without_a_deck_needs_one(tmp_path, cli):
    path = tmp_path / "nodeck.txt"
    path.write_text("#separator:tab\n#html:true\nQ?\tA.\n", encoding="utf-8")
    result = cli(tmp_path / "data", "import", path)
    assert result.returncode == 1 and f"{path}:row 3: no deck name" in result.stderr
    assert cli(tmp_path / "data", "import", path, "--deck", "mine").returncode == 0
    assert _deck(tmp_path / "data" / "decks" / "mine.yaml")[0]["front"] == "Q?"


def test_a_plain_front_back_csv_is_accepted(tmp_path, cli):
    path = tmp_path / "cards.csv"
    path.write_text("Front,Back\nWhat is a tensor?,An n-dimensional array.\n", encoding="utf-8")
    result = cli(tmp_path / "data", "import", path, "--deck", "basics")
    assert result.returncode == 0, result.stderr
    assert [(c["front"], c["back"]) for c in _deck(tmp_path / "data" / "decks" / "basics.yaml")] == [
        ("What is a tensor?", "An n-dimensional array.")]


def test_an_anki_cloze_in_a_quizapp_csv_is_a_real_gap(tmp_path, cli):
    path = tmp_path / "cloze.csv"
    path.write_text("id,deck,kind,question,answer\n"
                    'x.adam,opt,cloze,"{{c1::Adam::optimizer}} uses {{c1::moments}}",\n'
                    'x.two,opt,cloze,"{{c1::SGD}} vs {{c2::momentum::a trick}}",\n'
                    'x.ours,opt,cloze,"σ(0) = {{0.5::a number}}",\n', encoding="utf-8")
    result = cli(tmp_path / "data", "import", path)
    assert result.returncode == 0, result.stderr
    cards = _deck(tmp_path / "data" / "decks" / "opt.yaml")
    assert [(c["id"], c["text"]) for c in cards] == [
        ("opt.adam", "{{Adam::optimizer}} uses {{moments}}"),
        ("opt.two", "{{SGD}} vs momentum"), ("opt.two-c2", "SGD vs {{momentum::a trick}}"),
        ("opt.ours", "σ(0) = {{0.5::a number}}")]
    from quizapp.content.deck import load_deck as load

    deck, _ = load(tmp_path / "data" / "decks" / "opt.yaml")
    gaps = deck.cards[0].gaps
    assert [(g.answer, g.hint) for g in gaps] == [("Adam", "optimizer"), ("moments", None)]


def test_a_rejected_csv_names_the_import_file_and_row_not_the_rolled_back_deck(tmp_path, cli):
    path = tmp_path / "bad.csv"
    path.write_text("deck,question,answer,level\nmine,Q one?,A.,basic\nmine,\"Q\ntwo?\",A.,expert\n"
                    "mine,Q three?,A.,guru\n", encoding="utf-8")
    data = tmp_path / "data"
    result = cli(data, "import", path)
    assert result.returncode == 1
    assert f"{path}:row 3: level: expected one of" in result.stderr
    assert f"{path}:row 5: level: expected one of" in result.stderr
    assert "mine.yaml" not in result.stderr and not (data / "decks").exists()
