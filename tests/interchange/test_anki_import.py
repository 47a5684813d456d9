"""Anki -> quizapp: real Anki collections (the ``anki`` library), exported as .apkg and
.colpkg by Anki's own exporters, imported into a fresh quizapp data dir: notes, cloze
structure, tags, deck names and the review history (revlog rows = review rows, states
replayed), and a second import changes nothing."""
from __future__ import annotations

import hashlib
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from quizapp.config import Settings
from quizapp.content.deck import load_deck
from quizapp.interchange.cardmap import card_to_dict
from quizapp.store.database import Store
from quizapp.study.srs import Srs

anki_collection = pytest.importorskip("anki.collection")
from anki.scheduler.v3 import CardAnswer  # noqa: E402

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
# revlog.type: 0 learning, 1 review, 2 relearning, 4 manual; (offset, ease, ivl, type, ms)
HISTORY = [
    (timedelta(0), 3, -600, 0, 4000),
    (timedelta(minutes=10), 3, 1, 0, 3500),
    (timedelta(days=1), 3, 3, 1, 2500),
    (timedelta(days=4), 1, -600, 1, 9000),          # a lapse...
    (timedelta(days=4, minutes=10), 3, 1, 2, 3000),  # ...and its relearning step
    (timedelta(days=6), 0, 0, 4, 0),                 # Forget: the card is new again
    (timedelta(days=7), 4, 4, 0, 2000),
    (timedelta(days=8), 0, 9, 4, 0),                 # Set due date: no answer
    (timedelta(days=9), 0, 12, 5, 0),                # rescheduled by FSRS: no answer
]


def _slug(guid: str, ordinal: int) -> str:
    return f"anki-{hashlib.sha1(guid.encode()).hexdigest()[:12]}-{ordinal + 1}"


def _answer(col, card_id: int, rating) -> None:
    card = col.get_card(card_id)
    card.start_timer()
    col.sched.answer_card(col.sched.build_answer(
        card=card, states=col._backend.get_scheduling_states(card.id), rating=rating))


def build_collection(folder: Path):
    """A collection with a Basic, a Basic-and-reversed and a Cloze note; returns it and its notes."""
    col = anki_collection.Collection(str(folder / "source.anki2"))
    deck = col.decks.id("Deep Learning::CNN Basics")
    basic = col.new_note(col.models.by_name("Basic"))
    basic["Front"] = "<div>What does <b>ReLU</b> compute?</div>"
    basic["Back"] = "max(0,&nbsp;x)<br>cheap &amp; sparse<script>alert(1)</script><img src='relu.png'>[sound:relu.mp3]"
    basic.tags = ["Activations::ReLU", "level::advanced"]
    col.add_note(basic, deck)
    reverse = col.new_note(col.models.by_name("Basic (and reversed card)"))
    reverse["Front"], reverse["Back"] = "sigmoid(0)", "0.5"
    reverse.tags = ["activations"]
    col.add_note(reverse, deck)
    cloze = col.new_note(col.models.by_name("Cloze"))
    cloze["Text"] = "{{c1::Adam::optimizer}} keeps {{c2::two moments}} and applies {{c1::bias correction}}"
    cloze["Back Extra"] = "Kingma &amp; Ba"
    col.add_note(cloze, col.decks.id("Optimizers"))
    # a scripted history for the Basic card (with a lapse, a Forget and non-answers) ...
    (basic_card,) = basic.card_ids()
    for offset, ease, ivl, kind, ms in HISTORY:
        rid = int((T0 + offset).timestamp() * 1000)
        col.db.execute("INSERT INTO revlog VALUES (?, ?, -1, ?, ?, 0, 2500, ?, ?)",
                       rid, basic_card, ease, ivl, ms, kind)
    # ... and real answers in Anki's scheduler for the others
    for card_id in [*reverse.card_ids(), *cloze.card_ids()]:
        for rating in (CardAnswer.AGAIN, CardAnswer.GOOD, CardAnswer.GOOD):
            _answer(col, card_id, rating)
    return col, {"basic": basic, "reverse": reverse, "cloze": cloze}


def export(col, folder: Path, fmt: str) -> Path:
    from anki.collection import ExportAnkiPackageOptions

    out = folder / f"deck.{fmt}"
    if fmt == "apkg":
        col.export_anki_package(out_path=str(out), limit=None, options=ExportAnkiPackageOptions(
            with_scheduling=True, with_media=True, with_deck_configs=False))
    else:
        col.export_collection_package(str(out), include_media=True, legacy=False)
    return out


def _deck(path: Path) -> list[dict]:
    deck, errors = load_deck(path)
    assert not errors, errors
    return [card_to_dict(c) for c in deck.cards]


def _expected_reviews(col, notes) -> list[tuple]:
    """(card id, rating, time, duration) of every revlog answer, a Forget as rating 0."""
    decks = {"basic": "deep-learning-cnn-basics", "reverse": "deep-learning-cnn-basics", "cloze": "optimizers"}
    out = []
    for key, note in notes.items():
        for card in note.cards():
            card_id = f"{decks[key]}.{_slug(note.guid, card.ord)}"
            for rid, ease, ivl, kind, ms in col.db.all(
                    "SELECT id, ease, ivl, type, time FROM revlog WHERE cid = ?", card.id):
                at = datetime.fromtimestamp(rid / 1000, UTC)
                if ease > 0:
                    out.append((card_id, ease, at, ms or None))
                elif kind == 4 and ivl == 0:
                    out.append((card_id, 0, at, None))
    return sorted(out)


@pytest.mark.parametrize("fmt", ["apkg", "colpkg"])
def test_an_anki_package_keeps_notes_clozes_tags_decks_and_history(tmp_path, cli, fmt):
    col, notes = build_collection(tmp_path)
    expected = _expected_reviews(col, notes)
    package = export(col, tmp_path, fmt)
    if fmt == "apkg":
        col.close()
    data = tmp_path / "data"
    result = cli(data, "import", package)
    assert result.returncode == 0, result.stderr

    basic, reverse, cloze = (notes[k].guid for k in ("basic", "reverse", "cloze"))
    cnn = _deck(data / "decks" / "deep-learning-cnn-basics.yaml")
    assert [c["id"] for c in cnn] == [f"deep-learning-cnn-basics.{_slug(basic, 0)}",
                                      f"deep-learning-cnn-basics.{_slug(reverse, 0)}",
                                      f"deep-learning-cnn-basics.{_slug(reverse, 1)}"]
    # HTML reduced to text: entities, <div>/<br> as lines, no tags, no script, no media
    assert cnn[0]["front"] == "What does ReLU compute?"
    assert cnn[0]["back"] == "max(0, x)\ncheap & sparse"
    assert cnn[0]["tags"] == ["activations-relu"] and cnn[0]["level"] == "advanced"
    # Basic (and reversed): one qa card per direction
    assert [(c["front"], c["back"]) for c in cnn[1:]] == [("sigmoid(0)", "0.5"), ("0.5", "sigmoid(0)")]
    assert all(c["kind"] == "qa" and c["tags"] == ["activations"] for c in cnn[1:])
    # Cloze: one card per cloze number, that number's gaps hidden (with the hint), others shown
    opt = _deck(data / "decks" / "optimizers.yaml")
    assert [(c["id"], c["kind"], c["text"]) for c in opt] == [
        (f"optimizers.{_slug(cloze, 0)}", "cloze",
         "{{Adam::optimizer}} keeps two moments and applies {{bias correction}}"),
        (f"optimizers.{_slug(cloze, 1)}", "cloze", "Adam keeps {{two moments}} and applies bias correction")]
    assert opt[0]["more"] == "Kingma & Ba"
    assert "skipped 2 media reference(s)" in result.stdout
    assert "skipped 2 revlog row(s) that are no answer" in result.stdout

    # the history: one review row per revlog answer (and the Forget as a reset row)
    with Store.in_data_dir(data) as store:
        rows = store.reviews()
        got = sorted((r["card_id"], r["rating"], datetime.fromisoformat(r["reviewed_at"]), r["duration_ms"])
                     for r in rows)
        assert got == expected and len(rows) == 7 + 4 * 3
        assert f"merged {len(rows)} new reviews (0 already present)" in result.stdout
        states = store.card_states()
        # replayed through FSRS: every reviewed card is past new; the Basic card counts from its Forget
        assert set(states) == {c["id"] for c in cnn + opt}
        assert states[cnn[0]["id"]].reps == 1 and states[cnn[0]["id"]].lapses == 0
        assert all(states[c["id"]].reps == 3 and states[c["id"]].state != 0 for c in cnn[1:] + opt)
        merged = {k: (s.reps, s.lapses, s.state, s.due) for k, s in states.items()}
        store.rebuild_states(Srs(Settings()))
        assert {k: (s.reps, s.lapses, s.state, s.due) for k, s in store.card_states().items()} == merged

    # importing the same package again updates nothing and adds nothing
    before = {p.name: p.read_bytes() for p in (data / "decks").iterdir()}
    again = cli(data, "import", package)
    assert again.returncode == 0, again.stderr
    assert f"merged 0 new reviews ({len(rows)} already present)" in again.stdout
    assert {p.name: p.read_bytes() for p in (data / "decks").iterdir()} == before


def test_a_note_edited_in_anki_updates_its_cards_on_reimport(tmp_path, cli):
    col, notes = build_collection(tmp_path)
    data = tmp_path / "data"
    assert cli(data, "import", export(col, tmp_path, "apkg")).returncode == 0
    note = col.get_note(notes["reverse"].id)
    note["Front"] = "sigmoid(0) is?"
    col.update_note(note)
    _answer(col, note.card_ids()[0], CardAnswer.EASY)
    result = cli(data, "import", export(col, tmp_path, "apkg"))
    col.close()
    assert result.returncode == 0, result.stderr
    assert "merged 1 new reviews (19 already present)" in result.stdout
    cards = _deck(data / "decks" / "deep-learning-cnn-basics.yaml")
    assert len(cards) == 3
    assert [c["front"] for c in cards[1:]] == ["sigmoid(0) is?", "0.5"]


def test_an_anki_deck_named_like_a_shipped_deck_is_imported_beside_it(tmp_path, deck_dir, cli):
    col = anki_collection.Collection(str(tmp_path / "c.anki2"))
    note = col.new_note(col.models.by_name("Basic"))
    note["Front"], note["Back"] = "Mine?", "Yes."
    col.add_note(note, col.decks.id("Demo"))  # deck_dir ships a deck called demo
    package = export(col, tmp_path, "apkg")
    col.close()
    result = cli(tmp_path / "data", "import", package, content=deck_dir)
    assert result.returncode == 0, result.stderr
    assert [c["front"] for c in _deck(tmp_path / "data" / "decks" / "demo-anki.yaml")] == ["Mine?"]


def test_without_the_anki_library_a_package_is_refused_naming_the_extra(tmp_path):
    col, _ = build_collection(tmp_path)
    package = export(col, tmp_path, "apkg")
    col.close()
    data = tmp_path / "data"
    code = ("import sys; sys.modules['anki'] = None; from quizapp.cli import main; "
            f"sys.exit(main(['--data-dir', {str(data)!r}, 'import', {str(package)!r}]))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "pip install 'quizapp[anki]'" in done.stderr and str(package) in done.stderr
    assert not (data / "decks").exists()


def test_a_damaged_package_is_one_line_and_nothing_written(tmp_path, cli):
    path = tmp_path / "deck.apkg"
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)))
    result = cli(tmp_path / "data", "import", path)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "not a readable Anki package" in result.stderr
    assert not (tmp_path / "data" / "decks").exists()
