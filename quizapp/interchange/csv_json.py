"""CSV and JSON: writing exports and reading import files back into deck dicts.

Both readers return plain data (deck dicts in the YAML schema shape, review
rows) and never touch the data dir; :mod:`.userdecks` and :mod:`.merge` decide
what gets written, so a bad file is rejected before anything changes.

CSV keeps only question and answer, so only the kinds that name CSV columns
(``CSV_COLUMNS``: ``qa`` and ``cloze``; a cloze question keeps its ``{{gaps}}``)
can come back from it; other rows are skipped and counted. JSON keeps every
field and the review log. A CSV may also be a plain ``Front,Back`` file, and an
Anki cloze in it (``{{c1::answer::hint}}``) is read as Anki means it. Anki's own
files are read by :mod:`.anki_text` (notes exports with ``#`` headers) and
:mod:`.anki_import` (``.apkg``/``.colpkg``, with the optional ``anki`` library).
"""
from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from quizapp.content.cards import BY_KIND
from quizapp.errors import QuizError, UsageError
from quizapp.regular_file import read_regular

VERSION = 1
CSV_FIELDS = ("id", "deck", "kind", "level", "tags", "question", "answer", "source")
CSV_KINDS = {kind: cls.CSV_COLUMNS for kind, cls in BY_KIND.items() if cls.CSV_COLUMNS}  # kind -> column -> field
ZIP_MAGIC = b"PK\x03\x04"  # how an .apkg (a zip archive) begins


@dataclass
class ImportFile:
    """What an import file holds: decks (YAML-shaped dicts), reviews (or None), skips."""

    decks: list[dict] = field(default_factory=list)
    reviews: list | None = None
    skipped: dict[str, int] = field(default_factory=dict)  # kind -> rows not importable
    report: list[str] = field(default_factory=list)  # more lines for the import's summary
    # deck name -> where each of its cards came from ("cards.csv:row 3"), to name in problems
    origins: dict[str, list[str]] = field(default_factory=dict)
    anki_names: bool = False  # deck names made from Anki's: renamed where they clash with shipped decks
    # cards quizapp exported that came back (an Anki package): their exported answers are here already
    own_cards: frozenset[str] = frozenset()


# The header lines Anki's CSV importer reads (rslib import_export/text/csv/metadata.rs):
# without them it guesses the separator (a '|' in any text wins) and imports the
# column names as a note. Anki maps columns to a note type's fields by name, so the
# question and answer columns carry the Basic fields' names, Front and Back, and come
# first (a note type with other field names still gets the question as its first field).
ANKI_LABELS = {"question": "Front", "answer": "Back"}
CSV_ORDER = ("question", "answer", "tags", "deck", "id", "kind", "level", "source")
assert set(CSV_ORDER) == set(CSV_FIELDS)


def csv_header_lines() -> list[str]:
    """``#separator``, ``#html``, ``#notetype``, the tags and deck columns, and last the
    ``#columns`` line, which is the file's header row."""
    labels = [ANKI_LABELS.get(name, name) for name in CSV_ORDER]
    return ["#separator:Comma", "#html:false", "#notetype:Basic",
            f"#tags column:{CSV_ORDER.index('tags') + 1}", f"#deck column:{CSV_ORDER.index('deck') + 1}",
            "#columns:" + ",".join(labels)]


def write_csv(rows: Iterable[dict], out) -> None:
    """Anki's header lines, then one row per card (``rows`` hold the :data:`CSV_FIELDS`)
    in :data:`CSV_ORDER`, tags space-separated as Anki reads them."""
    out.write("".join(line + "\n" for line in csv_header_lines()))
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow([row[name] for name in CSV_ORDER])


def _csv_meta(text: str) -> tuple[list[str] | None, int, str]:
    """A quizapp CSV's header: its ``#columns`` names (None when absent), how many
    ``#`` lines there were, and the rows after them."""
    lines = text.splitlines(keepends=True)
    skip = 0
    columns = None
    while skip < len(lines) and lines[skip].startswith("#"):
        key, _, value = lines[skip][1:].partition(":")
        if key.strip().lower() == "columns":
            columns = next(csv.reader([value.strip()]), [])
        skip += 1
    return columns, skip, "".join(lines[skip:])


def _quizapp_csv(text: str) -> bool:
    """Whether ``text`` is a CSV `quizapp export` wrote (Anki's headers over quizapp's columns)."""
    if not text.startswith("#"):
        return False
    columns, _, _ = _csv_meta(text)
    return columns is not None and {"id", "kind", "level"} <= set(columns)


def json_document(decks: list[dict], reviews: list[dict]) -> dict:
    return {"version": VERSION, "decks": decks, "reviews": reviews}


def read_import(path: Path, deck: str | None = None, own_ids: Callable[[], Iterable[str]] = tuple) -> ImportFile:
    """Read an import file: an Anki package (``.apkg``/``.colpkg``, or any zip), JSON,
    an Anki notes export (``#separator:`` headers, or ``.txt``) or CSV. ``own_ids()``:
    quizapp's card ids, to recognise the notes of a package it exported.

    A missing file is a usage error (exit 2): the command line names the wrong file."""
    try:
        raw = read_regular(path)
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{path}: is a folder, not an export file") from None
    except OSError as e:
        raise QuizError(f"{path}: cannot read ({e.strerror})") from None
    suffix = path.suffix.lower()
    if suffix in (".apkg", ".colpkg") or raw.startswith(ZIP_MAGIC):
        if deck is not None:
            raise QuizError(f"{path}: --deck applies to CSV files only (an Anki package names its decks)")
        from quizapp.interchange.anki_import import read_package

        return read_package(path, own_ids())
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise QuizError(f"{path}: not UTF-8 text") from None
    if suffix == ".json" or (suffix != ".csv" and text.lstrip().startswith("{")):
        return _read_json(path, text, deck)
    if _quizapp_csv(text):  # quizapp's own CSV: Anki's header lines over quizapp's columns
        return _read_csv(path, text, deck)
    from quizapp.interchange.anki_text import is_anki_text, read_anki_text

    if is_anki_text(text) or suffix == ".txt":
        return read_anki_text(path, text, deck)
    if suffix == ".csv" or "," in text.partition("\n")[0]:
        return _read_csv(path, text, deck)
    raise QuizError(f"{path}: not a CSV or JSON export (expected .csv or .json)")


def _read_json(path: Path, text: str, deck: str | None) -> ImportFile:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise QuizError(f"{path}:{e.lineno}: not valid JSON ({e.msg})") from None
    except RecursionError:  # the decoder recurses per level; an export is a few levels deep
        raise QuizError(f"{path}: nested too deeply to be a quizapp export") from None
    if not isinstance(data, dict) or not ({"decks", "reviews"} & set(data)):
        raise QuizError(f"{path}: expected a quizapp export with \"decks\" and/or \"reviews\"")
    if data.get("version") != VERSION:
        raise QuizError(f"{path}: unsupported export version {data.get('version')!r} (expected {VERSION})")
    decks, reviews = data.get("decks", []), data.get("reviews")
    if not isinstance(decks, list) or not all(isinstance(d, dict) for d in decks):
        raise QuizError(f"{path}: \"decks\" must be a list of deck objects")
    if reviews is not None and not isinstance(reviews, list):
        raise QuizError(f"{path}: \"reviews\" must be a list of review rows")
    if deck is not None:
        raise QuizError(f"{path}: --deck applies to CSV files only (JSON names its decks)")
    return ImportFile(decks=decks, reviews=reviews)


ALIASES = {"front": "question", "back": "answer", "text": "question", "back extra": "more"}


def _read_csv(path: Path, text: str, deck_option: str | None) -> ImportFile:
    from quizapp.interchange.anki_text import Decks, cloze_variants, copy_card, has_anki_cloze, slugify

    columns, skip, text = _csv_meta(text)  # a quizapp export's Anki header lines
    reader = csv.DictReader(text.splitlines(keepends=True), fieldnames=columns)
    if reader.fieldnames:  # a plain Front,Back file (any case) reads as question,answer
        reader.fieldnames = [ALIASES.get(n.strip().lower(), n.strip().lower()) for n in reader.fieldnames]
    present = set(reader.fieldnames or ())
    if not {"question", "answer"} <= present:
        raise QuizError(f"{path}: a CSV import needs 'question' and 'answer' (or 'Front' and 'Back') columns"
                        f" (found: {', '.join(sorted(present)) or 'none'})")
    result, decks, line = ImportFile(), Decks(), skip + reader.line_num + 1
    for row in reader:
        where, line = f"{path}:row {line}", skip + reader.line_num + 1  # the row's first line, as a spreadsheet counts
        row = {k: (v or "").strip() for k, v in row.items() if k}
        question = row["question"]
        kind = row.get("kind") or ("cloze" if has_anki_cloze(question) else "qa")
        if kind not in CSV_KINDS:
            result.skipped[kind] = result.skipped.get(kind, 0) + 1
            continue
        name = deck_option or row.get("deck")
        if not name:
            raise QuizError(f"{where}: no deck name (add a 'deck' column or pass --deck NAME)")
        given = row.get("id", "").partition(".")[2]  # re-homed under this deck's name
        card = {"kind": kind, "level": row.get("level") or "basic"}
        tags = re.split(r"[\s,;]+", row.get("tags", ""))
        if any(tags):
            card["tags"] = [t for t in tags if t]
        card["source"] = row.get("source") or f"imported from {path.name}"
        card.update((key, row[column]) for column, key in CSV_KINDS[kind].items())
        if row.get("more"):
            card["more"] = row["more"]
        # an Anki cloze ({{c1::answer::hint}}) is one card per cloze number, as in Anki
        variants = cloze_variants(question) if kind == "cloze" and has_anki_cloze(question) else [(1, None)]
        for number, cloze in variants:
            slug = (given or slugify(question)) + ("" if number == variants[0][0] else f"-c{number}")
            one = {"id": decks.card_id(name, slug, bool(given)), **copy_card(card)}
            if cloze is not None:
                one["text"] = cloze
            decks.add(name, one, where)
    return decks.into(result)
