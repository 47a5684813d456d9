"""Anki's "Notes in Plain Text" exports (``.txt``/``.csv`` with ``#separator:`` headers) in.

Anki writes file headers before the rows (https://docs.ankiweb.net/importing/text-files.html):
``#separator:tab`` (or ``comma``, ``semicolon``, ``space``, ``pipe``, ``colon``, or
the character), ``#html:true``, ``#columns:`` (the column names), ``#notetype:``,
``#deck:``, ``#tags:`` (for every row), and ``#notetype column:N``, ``#deck column:N``,
``#tags column:N``, ``#guid column:N`` (1-based). The other columns are the note's
fields in order. A row becomes cards as a note of its type would in Anki:

- a cloze note (its note type's name says cloze, or its first field holds
  ``{{c1::...}}``): one ``cloze`` card per cloze number, the second field as ``more``;
- otherwise ``qa`` from the first two fields, and a second, reversed card when the
  note type is a reversed one (``Basic (and reversed card)``; the optional
  reversed type when its third field is filled in).

With a GUID column the ids are the ones a package of the same notes gets
(:func:`.anki_fields.note_slug`), so a text export and an ``.apkg`` of the same
collection land on the same cards; without one they come from the question.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

from quizapp.errors import QuizError
from quizapp.interchange.anki_fields import (
    cloze_cards,
    deck_name,
    has_anki_cloze,
    html_to_text,
    note_slug,
    plain_text,
    tag_name,
)

HEADER = re.compile(r"#(separator|html|tags|columns|notetype|deck|notetype column|deck column|tags column"
                    r"|guid column|if matches):(.*)", re.I)
SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "space": " ", "pipe": "|", "colon": ":"}
META = {"tags": "tags", "deck": "deck", "notetype": "notetype", "guid": "guid"}  # #columns: names


def is_anki_text(text: str) -> bool:
    """Whether ``text`` starts with Anki's file headers."""
    return bool(HEADER.match(text.lstrip("\ufeff").partition("\n")[0].strip()))


def slugify(text: str, limit: int = 48) -> str:
    """A card slug from question text: lowercase words joined by '-'."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:limit].strip("-")
    return slug or "card"


class Decks:
    """Cards gathered by deck as they are read, each with where it came from (``origins``)."""

    def __init__(self) -> None:
        self.decks: dict[str, dict] = {}
        self.origins: dict[str, list[str]] = {}
        self.used: set[str] = set()

    def card_id(self, name: str, slug: str, exact: bool) -> str:
        """``name.slug``; a question-made slug gets -2, -3... when taken (a repeated exact id is
        left for the deck loader to report as a duplicate)."""
        card_id, n = f"{name}.{slug}", 1
        while card_id in self.used and not exact:
            n += 1
            card_id = f"{name}.{slug}-{n}"
        self.used.add(card_id)
        return card_id

    def add(self, name: str, card: dict, origin: str, title: str | None = None) -> None:
        deck = self.decks.setdefault(name, {"deck": name, "title": title or name, "cards": []})
        deck["cards"].append(card)
        self.origins.setdefault(name, []).append(origin)

    def into(self, result):
        result.decks = list(self.decks.values())
        result.origins = self.origins
        return result


def cloze_variants(text: str) -> list[tuple[int, str]]:
    """Anki cloze text as ``(cloze number, quizapp cloze text)``, one per number."""
    return sorted(cloze_cards(text).items())


def copy_card(card: dict) -> dict:
    """A card's fields with lists of its own: a list shared by two cards would be dumped
    as a YAML alias, which deck files refuse."""
    return {k: list(v) if isinstance(v, list) else v for k, v in card.items()}


def _headers(lines: list[str]) -> tuple[dict[str, str], int]:
    found, count = {}, 0
    for line in lines:
        match = HEADER.match(line.strip())
        if not match:
            break
        found[match.group(1).lower()] = match.group(2).strip()
        count += 1
    return found, count


def _separator(value: str | None, sample: str) -> str:
    if value:
        return SEPARATORS.get(value.lower(), value[:1] if len(value) == 1 else "\t")
    return next((s for s in ("\t", ";", ",") if s in sample), "\t")


def _column(headers: dict, key: str) -> int | None:
    value = headers.get(f"{key} column")
    return int(value) - 1 if value and value.isdigit() and int(value) > 0 else None


def read_anki_text(path: Path, text: str, deck_option: str | None):
    """Decks from an Anki notes export (see the module docstring); an :class:`ImportFile`."""
    from quizapp.interchange.csv_json import ImportFile

    lines = text.lstrip("\ufeff").splitlines(keepends=True)
    headers, skip = _headers(lines)
    sep = _separator(headers.get("separator"), "".join(lines[skip:skip + 1]))
    html = headers.get("html", "false").lower() == "true"
    meta = {key: _column(headers, key) for key in ("notetype", "deck", "tags", "guid")}
    if "columns" in headers:
        names = [n.strip().lower() for n in headers["columns"].split(sep)]
        for i, n in enumerate(names):
            if n in META and meta[META[n]] is None:
                meta[META[n]] = i
    result, decks, media = ImportFile(), Decks(), 0

    def field_text(value: str) -> str:
        nonlocal media
        reduced = html_to_text(value) if html else plain_text(value)
        media += reduced.media
        return reduced.text

    reader = csv.reader(lines[skip:], delimiter=sep, quotechar='"')
    start = skip + 1
    empty = 0
    for row in reader:
        line, start = start, skip + reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        where = f"{path}:row {line}"
        take = {k: (row[i] if i is not None and i < len(row) else "") for k, i in meta.items()}
        fields = [cell for i, cell in enumerate(row) if i not in meta.values()]
        anki_deck = take["deck"] or headers.get("deck", "")
        name = deck_option or (deck_name(anki_deck) if anki_deck else "")
        if not name:
            raise QuizError(f"{where}: no deck name (the file has no deck column or #deck: header;"
                            " pass --deck NAME)")
        notetype = (take["notetype"] or headers.get("notetype", "")).lower()
        tags = [tag_name(t) for t in (take["tags"] + " " + headers.get("tags", "")).split()]
        common = {"level": "basic", **({"tags": list(dict.fromkeys(t for t in tags if t))} if any(tags) else {}),
                  "source": f"imported from {path.name}" + (f" (Anki deck {anki_deck})" if anki_deck else "")}
        guid = take["guid"]
        first = field_text(fields[0]) if fields else ""
        second = field_text(fields[1]) if len(fields) > 1 else ""
        made = 0
        if "cloze" in notetype or has_anki_cloze(first):
            for number, cloze in cloze_variants(first):
                slug = (note_slug(guid, number - 1) if guid
                        else slugify(first) + ("" if number == 1 else f"-c{number}"))
                card = {"id": decks.card_id(name, slug, bool(guid)), "kind": "cloze", **copy_card(common),
                        "text": cloze}
                if second:
                    card["more"] = second
                decks.add(name, card, where, anki_deck or None)
                made += 1
        elif first and second:
            sides = [(first, second)]
            reversed_type = "reverse" in notetype and (
                "optional" not in notetype or (len(fields) > 2 and fields[2].strip()))
            if reversed_type:
                sides.append((second, first))
            for ordinal, (front, back) in enumerate(sides):
                slug = note_slug(guid, ordinal) if guid else slugify(front)
                card = {"id": decks.card_id(name, slug, bool(guid)), "kind": "qa", **copy_card(common),
                        "front": front, "back": back}
                decks.add(name, card, where, anki_deck or None)
                made += 1
        if not made:
            empty += 1
    if media:
        result.report.append(f"skipped {media} media reference(s) (images, sounds): cards keep text only")
    if empty:
        result.report.append(f"skipped {empty} row(s) with an empty side (or a cloze without gaps)")
    result.anki_names = deck_option is None
    return decks.into(result)
