"""Anki export (.apkg via genanki): one Anki deck per quizapp deck.

Re-exporting must update notes in Anki, never duplicate them. Anki matches
notes by GUID and note types and decks by id, so every id here is derived from
something stable: a note's GUID is ``genanki.guid_for(card_id)``, model and deck
ids are hashes of their names. Fields are HTML (text is escaped, newlines
become ``<br>``); code goes in ``<pre>``.
"""
from __future__ import annotations

import hashlib
import itertools
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import genanki

from quizapp.content.cards import Card
from quizapp.content.kinds.base import html_text
from quizapp.content.kinds.cloze import anki_cloze

__all__ = ["BASIC", "CLOZE", "anki_cloze", "note_for", "stable_id", "write_apkg"]
_CSS = ".card { font-family: sans-serif; font-size: 18px; text-align: left; }\n" \
       ".cloze { font-weight: bold; color: #1565c0; }\npre { text-align: left; }\n" \
       ".source { color: #777; font-size: 14px; }"


def stable_id(name: str) -> int:
    """A positive id in genanki's range (2^30..2^31) that depends only on ``name``."""
    digest = int.from_bytes(hashlib.sha256(name.encode()).digest()[:4], "big")
    return (1 << 30) | (digest & ((1 << 30) - 1))


BASIC = genanki.Model(
    stable_id("quizapp Basic"), "quizapp Basic",
    fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Source"}],
    templates=[{"name": "Card 1", "qfmt": "{{Front}}",
                "afmt": "{{FrontSide}}<hr id=answer>{{Back}}<p class=source>{{Source}}</p>"}],
    css=_CSS)
CLOZE = genanki.Model(
    stable_id("quizapp Cloze"), "quizapp Cloze", model_type=genanki.Model.CLOZE,
    fields=[{"name": "Text"}, {"name": "Back Extra"}, {"name": "Source"}],
    templates=[{"name": "Cloze", "qfmt": "{{cloze:Text}}",
                "afmt": "{{cloze:Text}}<br>{{Back Extra}}<p class=source>{{Source}}</p>"}],
    css=_CSS)
MODELS = {"basic": BASIC, "cloze": CLOZE}  # what Card.anki_sides names


def note_for(card: Card, extra=None) -> genanki.Note:
    """The Anki note of one card, GUID from the card id, tags from tags + level + deck.

    ``extra`` is what :meth:`Card.export_extra` gave (a numeric card's worked
    example, a code card's exercise); the card lays out its own sides."""
    tags = [*card.tags, f"level::{card.level}", f"deck::{card.deck}"]
    source = html_text(card.source)
    more = html_text(card.more) if card.more else ""
    model, front, back = card.anki_sides(extra)
    if model == "cloze":
        fields = [front, more, source]
    else:
        fields = [front, back + (f"<br><br>{more}" if more else ""), source]
    return genanki.Note(model=MODELS[model], fields=fields, guid=genanki.guid_for(card.id), tags=tags)


def write_apkg(decks, path: Path, note: Callable[[Card], genanki.Note], step: Callable[[], None]) -> int:
    """Write ``decks`` (quizapp decks) as ``path``; ``note(card)`` builds each note.

    genanki's own ``write_to_file`` leaves its temporary database behind, so the
    collection is built in a temporary folder here and zipped the same way.
    Returns the number of notes written.
    """
    count, package = 0, []
    for deck in decks:
        anki_deck = genanki.Deck(stable_id(f"quizapp::{deck.name}"), f"quizapp::{deck.name}",
                                 description=deck.description)
        for card in deck.cards:
            anki_deck.add_note(note(card))
            count += 1
            step()
        package.append(anki_deck)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "collection.anki2"
        conn = sqlite3.connect(db)
        try:
            now = time.time()
            genanki.Package(package).write_to_db(conn.cursor(), now, itertools.count(int(now * 1000)))
            conn.commit()
        finally:
            conn.close()
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
            out.write(db, "collection.anki2")
            out.writestr("media", "{}")
    return count
