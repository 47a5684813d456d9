"""quizapp -> Anki, checked against the real ``anki`` library: progress (every review as a
revlog row, each card's due day, memory state, suspended, buried, flag), cloze cards
as one Anki card, note times that move only with the content, a warning for a card
that changed kind, and a CSV Anki's own importer reads right."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import genanki
import pytest

from interchange import anki_roundtrip as rt

pytest.importorskip("anki")

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]


def _round_trip(work: Path, zone: str) -> dict:
    env = {**os.environ, "TZ": zone, "QUIZAPP_CONFIG": str(work / "no-config.toml")}
    done = subprocess.run([sys.executable, str(HERE / "anki_roundtrip.py"), str(work)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads((work / "result.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("zone", ["UTC", "Pacific/Auckland"])
def test_anki_continues_where_quizapp_left_off(tmp_path, zone):
    """Before: 0 revlog rows and every card new."""
    result = _round_trip(tmp_path, zone)
    ours, theirs, today = result["quizapp"], result["anki"], result["anki_today"]
    assert today == 100  # the collection is 100 days old: every day number had to move
    assert result["new_notes"] == len(ours) == len(theirs)
    assert result["revlog_total"] == sum(c["log"] for c in ours.values()) > 30
    for card_id, q in ours.items():
        a = theirs[card_id]
        assert (a["revlog"], a["answers"]) == (q["log"], q["answers"]), card_id  # a reset is a manual row
        assert (a["reps"], a["lapses"], a["type"]) == (q["reps"], q["lapses"], q["state"]), card_id
        assert a["flags"] == q["flag"], card_id
        if q["state"] == 0:
            assert a["s"] is None and a["queue"] == 0, card_id
            continue
        assert a["s"] == pytest.approx(q["s"], abs=1e-4) and a["d"] == pytest.approx(q["d"], abs=1e-3), card_id
        # A review card, and a (re)learning step that ends on a later day than its answer (Anki's
        # day-learn queue): a day number, Anki's today + the days quizapp has left. A step that
        # ends the same day: the moment itself.
        by_day = a["type"] == 2 or q["step_ends_a_later_day"]
        if by_day:
            assert a["due"] - today == q["due_days"], card_id
        else:
            assert a["due"] == q["due_epoch"], card_id
        queue = 2 if q["state"] == 2 else 3 if by_day else 1
        expected_queue = -1 if q["suspended"] else -3 if q["buried"] else queue
        assert a["queue"] == expected_queue, card_id
    assert {ours[c]["state"] for c in ours} == {0, 1, 2, 3}
    assert theirs["demo.suspended"]["queue"] == -1 and theirs["demo.suspended"]["flags"] == 3
    assert theirs["demo.buried"]["queue"] == -3
    # without progress: the same notes, every card new, no revlog
    assert result["clean_revlog"] == 0
    assert all(c["type"] == 0 and c["queue"] == 0 and c["s"] is None for c in result["clean"].values())
    assert set(result["clean"]) == set(ours)


def test_a_cloze_card_is_one_anki_card_and_keeps_its_history_when_a_gap_is_added(tmp_path, quizapp_cli):
    """Before: gaps were c1, c2... so Anki made one card per gap, and a gap inserted
    in front moved the history onto another gap's card."""
    from quizapp.clock import utc_now
    from quizapp.config import Settings
    from quizapp.store.database import Store
    from quizapp.study.srs import Srs

    content, data = tmp_path / "content", tmp_path / "data"
    content.mkdir()
    deck = content / "demo.yaml"
    deck.write_text(_deck({"text": "{{a}} and {{b}}"}), encoding="utf-8")
    srs, now = Srs(Settings(), fuzzing=False), utc_now()
    with Store.in_data_dir(data) as store:
        for days in (30, 20, 5):
            store.record_review("demo.x", 3, now - timedelta(days=days), srs)
    assert quizapp_cli("export", "-o", tmp_path / "one.apkg", "demo", data_dir=data, content=content).returncode == 0
    col = rt.anki_collection(tmp_path / "c.anki2", days_old=0)
    try:
        rt.import_package(col, tmp_path / "one.apkg")
        (card_id,) = col.find_cards(CLOZE_NOTES)
        assert col.db.scalar("SELECT count() FROM revlog WHERE cid = ?", card_id) == 3
        deck.write_text(_deck({"text": "{{new}} then {{a}} and {{b}}"}), encoding="utf-8")
        assert quizapp_cli("export", "-o", tmp_path / "two.apkg", "demo", data_dir=data,
                           content=content).returncode == 0
        _age_notes(col, 3600)  # the first import an hour ago: the changed note is newer
        log = rt.import_package(col, tmp_path / "two.apkg")
        assert col.get_card(card_id).nid in {u.id.nid for u in log.log.updated}
        assert col.find_cards(CLOZE_NOTES) == [card_id]  # still one card, the same one
        note = col.get_card(card_id).note()
        assert note.fields[0] == "{{c1::new}} then {{c1::a}} and {{c1::b}}"
        assert col.db.scalar("SELECT count() FROM revlog WHERE cid = ?", card_id) == 3
    finally:
        col.close()


CLOZE_NOTES = '"note:quizapp Cloze"'


def _deck(fields: dict, kind: str = "cloze") -> str:
    """A deck of card ``demo.x`` (``kind`` with ``fields``) and a qa card ``demo.y``."""
    import yaml

    cards = [{"id": "demo.x", "kind": kind, "level": "basic", "source": "s", **fields},
             {"id": "demo.y", "kind": "qa", "level": "basic", "source": "s", "front": "Other?", "back": "Yes."}]
    return yaml.safe_dump({"deck": "demo", "title": "Demo", "cards": cards}, allow_unicode=True)


def _age_notes(col, seconds: int) -> None:
    col.db.execute("UPDATE notes SET mod = mod - ?", seconds)


def _note_mods(package: Path, tmp: Path) -> dict[str, int]:
    import sqlite3
    import zipfile

    with zipfile.ZipFile(package) as z:
        z.extract("collection.anki2", tmp)
    conn = sqlite3.connect(tmp / "collection.anki2")
    try:
        return dict(conn.execute("SELECT guid, mod FROM notes").fetchall())
    finally:
        conn.close()


def test_a_note_time_moves_only_when_its_content_does(tmp_path, quizapp_cli, monkeypatch):
    """Before: every export stamped every note "now", so each re-import updated every
    note and put back the text over edits made in Anki."""
    import quizapp.interchange.anki as anki_export

    content, data = tmp_path / "content", tmp_path / "data"
    content.mkdir()
    deck = content / "demo.yaml"
    deck.write_text(_deck({"front": "Q?", "back": "A."}, kind="qa"), encoding="utf-8")
    start = int(time.time()) - 10_000
    packages = []
    for n, text in enumerate(["A.", "A.", "A changed."]):
        deck.write_text(_deck({"front": "Q?", "back": text}, kind="qa"), encoding="utf-8")
        monkeypatch.setattr(anki_export, "_clock", lambda n=n: float(start + 1000 * n))
        packages.append(tmp_path / f"{n}.apkg")
        assert quizapp_cli("export", "-o", packages[-1], "demo", data_dir=data, content=content).returncode == 0
    mods = [_note_mods(p, tmp_path / str(i)) for i, p in enumerate(packages)]
    x, y = genanki.guid_for("demo.x"), genanki.guid_for("demo.y")
    assert mods[0] == mods[1] == {x: start, y: start}  # nothing changed: the same times
    assert mods[2] == {x: start + 2000, y: start}  # only the changed note is newer

    col = rt.anki_collection(tmp_path / "c.anki2", days_old=0)
    try:
        rt.import_package(col, packages[0], with_scheduling=False)
        note = col.get_note(col.find_notes("Other")[0])
        note["Back"] = "edited in Anki"
        col.update_note(note)
        log = rt.import_package(col, packages[1], with_scheduling=False)
        assert len(log.log.updated) == 0  # an unchanged export changes nothing in Anki
        assert col.get_note(note.id)["Back"].startswith("edited in Anki")
    finally:
        col.close()


def test_a_card_that_changed_kind_under_its_id_gets_one_warning_line(tmp_path, quizapp_cli):
    content, data = tmp_path / "content", tmp_path / "data"
    content.mkdir()
    deck = content / "demo.yaml"
    deck.write_text(_deck({"text": "{{a}} and {{b}}"}), encoding="utf-8")
    first = quizapp_cli("export", "-o", tmp_path / "a.apkg", "demo", data_dir=data, content=content)
    assert first.returncode == 0 and "kind changed" not in first.stderr
    deck.write_text(_deck({"front": "Q?", "back": "A."}, kind="qa"), encoding="utf-8")
    second = quizapp_cli("export", "-o", tmp_path / "b.apkg", "demo", data_dir=data, content=content)
    assert second.returncode == 0
    warnings = [line for line in second.stderr.splitlines() if "kind changed" in line]
    assert len(warnings) == 1 and warnings[0].startswith("quizapp: demo.x: kind changed from cloze to qa")
    third = quizapp_cli("export", "-o", tmp_path / "c.apkg", "demo", data_dir=data, content=content)
    assert "kind changed" not in third.stderr  # said once


CSV_DECK = """\
deck: demo
title: Demo
cards:
  - {id: demo.q, kind: qa, level: basic, tags: [one, two], source: s, front: "A | B?", back: "Yes, <b>."}
  - {id: demo.gaps, kind: cloze, level: basic, source: s, text: "{{a}} and {{b}}"}
  - {id: demo.code, kind: code, level: basic, source: s, exercise: softmax}
"""


def test_anki_reads_the_csv_by_its_header_lines(tmp_path, quizapp_cli):
    """Before: no header lines, so Anki guessed '|' as the separator and imported the
    column names as a note; and a code card's question was only the exercise title."""
    from anki.collection import ImportCsvRequest
    from anki.import_export_pb2 import CsvMetadata

    content = tmp_path / "content"
    content.mkdir()
    (content / "demo.yaml").write_text(CSV_DECK, encoding="utf-8")
    out = tmp_path / "cards.csv"
    result = quizapp_cli("export", "-o", out, "demo", data_dir=tmp_path / "data", content=content)
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8").startswith("#separator:Comma\n#html:false\n")
    col = rt.anki_collection(tmp_path / "c.anki2", days_old=0)
    try:
        metadata = col.get_csv_metadata(str(out), None)
        assert metadata.delimiter == CsvMetadata.Delimiter.COMMA and not metadata.is_html
        assert list(metadata.global_notetype.field_columns) == [1, 2]  # Front, Back
        assert metadata.deck_column == 4 and metadata.tags_column == 3
        col.import_csv(ImportCsvRequest(path=str(out), metadata=metadata))
        notes = {col.get_note(n)["Front"]: col.get_note(n) for n in col.find_notes("")}
        assert len(notes) == 3  # no note made of the column names
        assert notes["A | B?"]["Back"] == "Yes, &lt;b&gt;." and set(notes["A | B?"].tags) == {"one", "two"}
        assert col.decks.name(col.get_note(col.find_notes("")[0]).cards()[0].did) == "demo"
        code = next(front for front in notes if "oftmax" in front)
        assert code.startswith("Numerically stable softmax<br>") and "Write softmax" in code  # not only the title
        assert code.endswith("softmax(z)")  # the signature too
    finally:
        col.close()


def test_quizapp_reads_its_own_csv_back(tmp_path, quizapp_cli):
    content = tmp_path / "content"
    content.mkdir()
    (content / "demo.yaml").write_text(CSV_DECK, encoding="utf-8")
    out = tmp_path / "cards.csv"
    assert quizapp_cli("export", "-o", out, "demo", data_dir=tmp_path / "a", content=content).returncode == 0
    result = quizapp_cli("import", out, "--deck", "mine", data_dir=tmp_path / "b")
    assert result.returncode == 0, result.stderr
    import yaml

    cards = yaml.safe_load((tmp_path / "b" / "decks" / "mine.yaml").read_text(encoding="utf-8"))["cards"]
    assert [(c["id"], c["kind"]) for c in cards] == [("mine.q", "qa"), ("mine.gaps", "cloze")]
    assert cards[0]["tags"] == ["one", "two"] and cards[1]["text"] == "{{a}} and {{b}}"


def test_quizapps_own_apkg_imported_back_adds_no_deck_and_only_the_answers_given_in_anki(tmp_path, quizapp_cli,
                                                                                        deck_dir):
    """Importing an export back made a second deck 'quizapp-demo' of the same cards and doubled
    their history: the notes' GUIDs, which are quizapp's card ids, were not recognised."""
    import shutil
    import sqlite3
    import zipfile

    from quizapp.clock import utc_now
    from quizapp.config import Settings
    from quizapp.store.database import Store
    from quizapp.study.srs import Srs

    data, srs, now = tmp_path / "data", Srs(Settings(), fuzzing=False), utc_now()
    with Store.in_data_dir(data) as store:
        for days in (30, 20, 5):
            store.record_review("demo.what-is-ann", 3, now - timedelta(days=days), srs)
    package = tmp_path / "demo.apkg"
    assert quizapp_cli("export", "-o", package, "demo", data_dir=data, content=deck_dir).returncode == 0
    back = quizapp_cli("import", package, data_dir=data, content=deck_dir)
    assert back.returncode == 0, back.stderr
    assert "wrote deck" not in back.stdout and not (data / "decks").exists()
    with Store.in_data_dir(data) as store:
        assert len(store.reviews()) == 3

    # The learner answers the card once more in Anki (a revlog row a day later), then exports.
    work = tmp_path / "anki"
    with zipfile.ZipFile(package) as z:
        z.extractall(work)
    with sqlite3.connect(work / "collection.anki2") as col:
        cid, last = col.execute("SELECT cid, max(id) FROM revlog").fetchone()
        col.execute("INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)"
                    " VALUES (?, ?, 0, 3, 10, 5, 2500, 4000, 1)", (last + 86_400_000, cid))
    studied = tmp_path / "studied.apkg"
    shutil.make_archive(str(studied.with_suffix("")), "zip", work)
    studied.with_suffix(".zip").rename(studied)
    again = quizapp_cli("import", studied, data_dir=data, content=deck_dir)
    assert again.returncode == 0, again.stderr
    assert not (data / "decks").exists()
    with Store.in_data_dir(data) as store:
        assert [r["card_id"] for r in store.reviews()] == ["demo.what-is-ann"] * 4
