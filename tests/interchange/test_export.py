"""Export: .apkg opened as Anki would (zip + SQLite), CSV rows, JSON that loads back."""
from __future__ import annotations

import csv
import io
import json
import sqlite3
import zipfile
from pathlib import Path

import genanki
import yaml

from quizapp.content.deck import load_deck
from quizapp.content.library import load_everything
from quizapp.interchange.anki import anki_cloze
from quizapp.interchange.cardmap import card_to_dict, deck_to_dict
from quizapp.interchange.progress import Progress
from quizapp.paths import builtin_content_dir

REPO = Path(__file__).resolve().parents[2]


def _apkg_notes(path: Path, tmp: Path) -> list[tuple[str, str, str, str]]:
    """(guid, model name, fields, tags) of every note in an .apkg."""
    with zipfile.ZipFile(path) as z:
        z.extract("collection.anki2", tmp)
    conn = sqlite3.connect(tmp / "collection.anki2")
    try:
        models = json.loads(conn.execute("SELECT models FROM col").fetchone()[0])
        decks = json.loads(conn.execute("SELECT decks FROM col").fetchone()[0])
        rows = conn.execute("SELECT guid, mid, flds, tags FROM notes").fetchall()
    finally:
        conn.close()
    assert {"quizapp::demo", "quizapp::exercises"} <= {d["name"] for d in decks.values()}
    return [(guid, models[str(mid)]["name"], flds, tags) for guid, mid, flds, tags in rows]


def _demo_ids(deck_dir: Path) -> list[str]:
    deck, errors = load_deck(deck_dir / "demo.yaml")
    assert not errors
    return [c.id for c in deck.cards]


def test_apkg_notes_models_and_stable_guids(tmp_path, deck_dir, cli):
    out = tmp_path / "out.apkg"
    result = cli(tmp_path / "data", "export", "--format", "apkg", "-o", out, "demo", "exercises", content=deck_dir)
    assert result.returncode == 0, result.stderr
    assert "exporting" in result.stderr and "Traceback" not in result.stderr
    notes = _apkg_notes(out, tmp_path / "a")
    library, _ = load_everything([builtin_content_dir()])
    ids = _demo_ids(deck_dir) + [c.id for c in library.deck("exercises").cards]
    assert sorted(g for g, *_ in notes) == sorted(genanki.guid_for(i) for i in ids)
    models = [m for _, m, _, _ in notes]
    assert models.count("quizapp Cloze") == 1
    assert models.count("quizapp Basic") == len(ids) - 1
    by_guid = {g: (flds, tags) for g, _, flds, tags in notes}
    cloze, tags = by_guid[genanki.guid_for("demo.sigmoid")]
    assert "{{c1::1 / (1 + e^(−z))::formula}}" in cloze and "{{c1::0.5}}" in cloze  # one card, gaps together
    assert set(tags.split()) == {"level::advanced", "deck::demo"}
    fixed = by_guid[genanki.guid_for("demo.conv-size")][0]
    assert "A 32x32 input" in fixed and "[16, 15, 15]" in fixed  # engine's answer on the back
    random_front = by_guid[genanki.guid_for("demo.conv-size-random")][0]
    assert "one generated example" in random_front and "{h}" not in random_front
    code = by_guid[genanki.guid_for("demo.softmax-code")][0]
    assert "<pre><code>" in code and "def softmax" in code
    assert "&lt;ANN&gt;" in by_guid[genanki.guid_for("demo.what-is-ann")][0]

    again = tmp_path / "again.apkg"
    assert cli(tmp_path / "data", "export", "-o", again, "demo", "exercises", content=deck_dir).returncode == 0
    renotes = _apkg_notes(again, tmp_path / "b")
    assert sorted(renotes) == sorted(notes)  # same GUIDs, models and text: Anki updates, never duplicates


def test_anki_cloze_hides_every_gap_as_c1_and_escapes_html():
    assert anki_cloze("a < {{b}} & {{c::hint}}") == "a &lt; {{c1::b}} &amp; {{c1::c::hint}}"


def test_csv_has_one_row_per_card(tmp_path, deck_dir, cli):
    out = tmp_path / "cards.csv"
    result = cli(tmp_path / "data", "export", "--format", "csv", "-o", out, "demo", content=deck_dir)
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.splitlines()[:6] == ["#separator:Comma", "#html:false", "#notetype:Basic", "#tags column:3",
                                     "#deck column:4", "#columns:Front,Back,tags,deck,id,kind,level,source"]
    rows = _csv_rows(text)
    assert [r["id"] for r in rows] == _demo_ids(deck_dir)
    by_id = {r["id"]: r for r in rows}
    assert by_id["demo.relu"]["answer"].startswith("ReLU")
    assert by_id["demo.conv-size"]["answer"].splitlines()[0] == "[16, 15, 15]"
    assert by_id["demo.sigmoid"]["answer"] == "σ(z) = 1 / (1 + e^(−z)) and σ(0) = 0.5"


def _csv_rows(text: str) -> list[dict]:
    """An exported CSV's rows by column name: the ``#columns`` line is the header
    (Front and Back are the question and answer)."""
    lines = text.splitlines(keepends=True)
    header = next(line for line in lines if line.startswith("#columns:"))[len("#columns:"):]
    names = [{"Front": "question", "Back": "answer"}.get(n, n) for n in next(csv.reader([header]))]
    return list(csv.DictReader(io.StringIO("".join(x for x in lines if not x.startswith("#"))), fieldnames=names))


def test_unknown_deck_is_a_usage_error_and_writes_nothing(tmp_path, cli):
    out = tmp_path / "x.json"
    result = cli(tmp_path / "data", "export", "-o", out, "no-such-deck")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "no-such-deck" in result.stderr
    assert not out.exists() and not Path(str(out) + ".part").exists()


def test_every_builtin_card_survives_the_yaml_round_trip(tmp_path):
    """card_to_dict must be the loader's inverse, or a JSON export would not import back."""
    library, _ = load_everything([builtin_content_dir()])
    for deck in (d for d in library.decks if d.name != "exercises"):
        path = tmp_path / f"{deck.name}.yaml"
        path.write_text(yaml.safe_dump(deck_to_dict(deck), sort_keys=False, allow_unicode=True), encoding="utf-8")
        again, errors = load_deck(path)
        assert not errors, errors
        assert [card_to_dict(c) for c in again.cards] == [card_to_dict(c) for c in deck.cards]
        assert (again.title, again.description) == (deck.title, deck.description)


class _Stream(io.StringIO):
    def __init__(self, tty: bool):
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_progress_is_one_final_line_off_a_terminal_and_redrawn_on_one():
    quiet = _Stream(False)
    progress = Progress("exporting", 3, quiet)
    for _ in range(3):
        progress.step()
    progress.done()
    assert quiet.getvalue() == "exporting 3/3\n"
    live = _Stream(True)
    progress = Progress("exporting", 3, live)
    progress.step()
    progress.done()
    assert live.getvalue() == "\rexporting 1/3\rexporting 1/3\n"


def _exported_ids(path: Path, tmp: Path) -> list[str]:
    """The card ids an export holds, whatever its format (apkg: by GUID, matched below)."""
    if path.suffix == ".json":
        return [c["id"] for d in json.loads(path.read_text(encoding="utf-8"))["decks"] for c in d["cards"]]
    if path.suffix == ".csv":
        return [r["id"] for r in _csv_rows(path.read_text(encoding="utf-8"))]
    return [guid for guid, *_ in _apkg_notes(path, tmp)]


def test_every_format_holds_the_same_cards_code_cards_included(tmp_path, deck_dir, cli):
    """JSON once left out the exercises deck ("exported 408 cards" against 435 in CSV and apkg)."""
    found = {}
    for fmt in ("json", "csv", "apkg"):
        out = tmp_path / f"out.{fmt}"
        result = cli(tmp_path / "data", "export", "-o", out, "demo", "exercises", content=deck_dir)
        assert result.returncode == 0, result.stderr
        found[fmt] = _exported_ids(out, tmp_path / fmt)
        assert f"exported {len(found[fmt])} cards in 2 deck(s)" in result.stdout
    library, _ = load_everything([deck_dir, builtin_content_dir()])
    wanted = [c.id for name in ("demo", "exercises") for c in library.deck(name).cards]
    assert found["json"] == found["csv"] == wanted
    assert sorted(found["apkg"]) == sorted(genanki.guid_for(i) for i in wanted)
    assert any(i.startswith("exercises.") for i in found["json"])


def test_dash_writes_csv_and_json_to_stdout_and_the_summary_to_stderr(tmp_path, deck_dir, cli):
    for fmt in ("csv", "json"):
        result = cli(tmp_path / "data", "export", "--format", fmt, "-o", "-", "demo", content=deck_dir)
        assert result.returncode == 0, result.stderr
        assert "exported 6 cards in 1 deck(s)" in result.stderr and "to stdout" in result.stderr
        ids = _exported_ids(_saved(tmp_path / f"piped.{fmt}", result.stdout), tmp_path)
        assert ids == _demo_ids(deck_dir)
    assert not (tmp_path / "-").exists() and not list(tmp_path.glob("-*"))


def _saved(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_dash_writes_an_apkg_to_a_pipe_but_not_to_a_terminal(tmp_path):
    """On plain cards and the exercises: a numeric card would add a second of torch
    computing its worked example to a test of where the bytes go."""
    import os
    import pty
    import subprocess
    import sys

    deck_dir = tmp_path / "decks"
    deck_dir.mkdir()
    cards = [{"id": f"demo.card-{n}", "kind": "qa", "level": "basic", "source": "s", "front": f"Question {n}?",
              "back": "An answer."} for n in range(6)]
    _saved(deck_dir / "demo.yaml", yaml.safe_dump({"deck": "demo", "title": "Plain cards", "cards": cards}))
    command = [sys.executable, "-m", "quizapp", "--data-dir", str(tmp_path / "data"), "--content", str(deck_dir),
               "export", "--format", "apkg", "-o", "-", "demo", "exercises"]
    env = {**os.environ, "QUIZAPP_CONFIG": str(tmp_path / "no-config.toml")}
    piped = subprocess.run(command, capture_output=True, cwd=REPO, env=env, timeout=120)
    assert piped.returncode == 0, piped.stderr
    package = tmp_path / "piped.apkg"
    package.write_bytes(piped.stdout)
    library, _ = load_everything([deck_dir, builtin_content_dir()])
    assert len(_apkg_notes(package, tmp_path / "x")) == 6 + len(library.deck("exercises").cards)
    controller, terminal = pty.openpty()
    try:
        refused = subprocess.run(command, stdout=terminal, stderr=subprocess.PIPE, text=True, cwd=REPO,
                                 env=env, timeout=120)
    finally:
        os.close(terminal)
        os.close(controller)
    assert refused.returncode == 2, refused.stderr
    assert refused.stderr.count("\n") == 1 and "binary" in refused.stderr, refused.stderr


def test_export_writes_through_a_symlink_and_into_a_fifo_instead_of_replacing_them(tmp_path, deck_dir, cli):
    """The file was written beside the path and renamed over it, whatever the path was: a
    symlink became a file of its own (its target kept the old export), a FIFO a regular file
    (its reader got nothing and waited), /dev/stdout and /dev/full plain files for everyone."""
    import os
    import stat
    import threading

    target, link = tmp_path / "real.csv", tmp_path / "link.csv"
    target.write_text("old", encoding="utf-8")
    link.symlink_to(target)
    result = cli(tmp_path / "data", "export", "--format", "csv", "-o", link, "demo", content=deck_dir)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and [r["id"] for r in _csv_rows(target.read_text(encoding="utf-8"))] == _demo_ids(deck_dir)

    fifo, received = tmp_path / "pipe.csv", []
    os.mkfifo(fifo)
    reader = threading.Thread(target=lambda: received.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    result = cli(tmp_path / "data", "export", "--format", "csv", "-o", fifo, "demo", content=deck_dir)
    reader.join(timeout=60)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert [r["id"] for r in _csv_rows(received[0])] == _demo_ids(deck_dir)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(("pipe", "real", "link"))) == [
        "link.csv", "pipe.csv", "real.csv"]  # no .part left beside any of them


def test_export_onto_a_full_device_says_so_and_leaves_the_device(tmp_path, deck_dir, cli):
    """Through a link to /dev/full, so that a regression replaces the link, not the machine's device."""
    import stat

    link = tmp_path / "full.csv"
    link.symlink_to("/dev/full")
    result = cli(tmp_path / "data", "export", "--format", "csv", "-o", link, "demo", content=deck_dir)
    assert result.returncode == 1
    assert result.stderr.strip().endswith("cannot write (No space left on device)") and "exported" not in result.stdout
    assert link.is_symlink() and stat.S_ISCHR(Path("/dev/full").stat().st_mode)


def test_export_to_a_closed_stdout_is_one_line_not_an_internal_error(tmp_path, deck_dir):
    import os
    import subprocess
    import sys

    command = [sys.executable, "-m", "quizapp", "--data-dir", str(tmp_path / "data"), "--content", str(deck_dir),
               "export", "--format", "json", "-o", "-", "demo"]
    env = {**os.environ, "QUIZAPP_CONFIG": str(tmp_path / "no-config.toml")}
    done = subprocess.run(command, stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=REPO, env=env,
                          timeout=120, preexec_fn=lambda: os.close(1))
    assert done.returncode == 1
    assert done.stderr == "quizapp: stdout: cannot write (it is closed)\n"


def test_an_apkg_export_on_a_full_disk_is_one_line_and_leaves_nothing(tmp_path):
    """JSON said 'cannot write (File too large)', an .apkg 'internal error: OperationalError'.

    The deck is 300 plain cards: its package passes the file size limit while the
    learner's database stays under it (an export that fitted would exit 0 and fail
    the test). The built-in decks did the same at 3.3 s a run, most of it torch
    computing 197 worked examples that have nothing to do with a full disk."""
    import os
    import resource
    import signal
    import subprocess
    import sys

    def small_disk():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (110 * 1024, 110 * 1024))  # the db fits, the package not

    decks = tmp_path / "decks"
    decks.mkdir()
    cards = [{"id": f"big.card-{n}", "kind": "qa", "level": "basic", "source": "Filler",
              "front": f"Question {n}: " + "why " * 40, "back": "because " * 40} for n in range(300)]
    _saved(decks / "big.yaml", yaml.safe_dump({"deck": "big", "title": "Big", "cards": cards}))
    out = tmp_path / "out" / "big.apkg"
    out.parent.mkdir()
    command = [sys.executable, "-m", "quizapp", "--data-dir", str(tmp_path / "data"), "--content", str(decks),
               "export", "-o", str(out), "big"]
    env = {**os.environ, "QUIZAPP_CONFIG": str(tmp_path / "no-config.toml")}
    subprocess.run([*command[:-4], "stats"], capture_output=True, cwd=REPO, env=env, timeout=120)  # the db, unlimited
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, env=env, timeout=120,
                          preexec_fn=small_disk)
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith(f"quizapp: {out}: cannot write (")
    assert "internal error" not in done.stderr and list(out.parent.iterdir()) == []
