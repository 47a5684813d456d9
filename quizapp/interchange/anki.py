"""Anki export (.apkg via genanki): one Anki deck per quizapp deck.

Re-exporting must update notes in Anki, never duplicate them. Anki matches
notes by GUID and note types and decks by id, so every id here is derived from
something stable: a note's GUID is ``anki_fields.note_guid(card_id)``, model and deck
ids are hashes of their names. Fields are HTML (text is escaped, newlines
become ``<br>``); code goes in ``<pre>``.
"""
from __future__ import annotations

import hashlib
import itertools
import json
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
from quizapp.interchange.anki_fields import note_guid
from quizapp.interchange.anki_sched import Schedule
from quizapp.interchange.note_mods import NoteMods, content_hash

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
_clock = time.time  # the export's "now" (tests move it to see which note times move)


def note_for(card: Card, extra=None) -> genanki.Note:
    """The Anki note of one card, GUID from the card id, tags from tags + level + deck.

    ``extra`` is what :meth:`Card.export_extra` gave (a numeric card's worked
    example, a code card's exercise); the card lays out its own sides."""
    tags = [*card.tags, f"level::{card.level}", f"deck::{card.deck}"]
    source = html_text(card.source)
    more = html_text(card.more) if card.more else ""
    model, front, back = card.anki_sides(extra)
    fields = ([front, more, source] if model == "cloze"
              else [front, back + (f"<br><br>{more}" if more else ""), source])
    return genanki.Note(model=MODELS[model], fields=fields, guid=note_guid(card.id), tags=tags)


def write_apkg(decks, path: Path, note: Callable[[Card], genanki.Note], step: Callable[[], None], *,
               schedule: Schedule | None = None, mods: NoteMods | None = None) -> int:
    """Write ``decks`` (quizapp decks) as ``path``; ``note(card)`` builds each note.

    With ``schedule`` each card carries its progress (scheduling, memory state,
    suspended/buried, flag) and its review log as revlog rows; without, every card
    is new (a clean share). ``mods`` gives each note a modification time that moves
    only with its content. genanki writes notes and new cards only, so the rest is
    written into its SQLite file before it is zipped; genanki's own
    ``write_to_file`` also leaves its temporary database behind, so the collection
    is built in a temporary folder here. Returns the number of notes written.
    """
    count, package, notes = 0, [], {}
    for deck in decks:
        anki_deck = genanki.Deck(stable_id(f"quizapp::{deck.name}"), f"quizapp::{deck.name}",
                                 description=deck.description)
        for card in deck.cards:
            notes[card.id] = made = note(card)
            anki_deck.add_note(made)
            count += 1
            step()
        package.append(anki_deck)
    kinds = {card.id: card.kind for deck in decks for card in deck.cards}
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "collection.anki2"
        conn = sqlite3.connect(db)
        try:
            now = _clock()
            genanki.Package(package).write_to_db(conn.cursor(), now, itertools.count(int(now * 1000)))
            if mods is not None:
                _stamp_notes(conn, notes, kinds, mods, int(now))
            if schedule is not None:
                _write_progress(conn, list(notes), schedule)
            conn.commit()
        finally:
            conn.close()
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
            out.write(db, "collection.anki2")
            out.writestr("media", "{}")
    return count


def _stamp_notes(conn: sqlite3.Connection, notes: dict, kinds: dict, mods: NoteMods, now: int) -> None:
    """Each note's ``mod`` from :class:`NoteMods`: unchanged content keeps its time."""
    for card_id, made in notes.items():
        digest = content_hash(made.model.name, list(made.fields), list(made.tags))
        mod = mods.mod_for(card_id, kinds[card_id], made.model.name, digest, now)
        conn.execute("UPDATE notes SET mod = ? WHERE guid = ?", (mod, made.guid))


def _write_progress(conn: sqlite3.Connection, card_ids: list[str], schedule: Schedule) -> None:
    """Scheduling columns of every card, the revlog, and the day count they rely on."""
    guids = {note_guid(card_id): card_id for card_id in card_ids}
    anki_ids = {guids[guid]: cid for cid, guid in
                conn.execute("SELECT cards.id, notes.guid FROM cards JOIN notes ON notes.id = cards.nid")}
    timing = schedule.timing(card_ids)
    (conf,) = conn.execute("SELECT conf FROM col").fetchone()
    conn.execute("UPDATE col SET crt = ?, conf = ?",
                 (timing.crt, json.dumps({**json.loads(conf), **timing.col_conf()})))
    used: set[int] = set()
    for position, card_id in enumerate(card_ids, start=1):
        row = schedule.card_row(card_id, position, timing)
        conn.execute("UPDATE cards SET type = ?, queue = ?, due = ?, ivl = ?, factor = ?, reps = ?, lapses = ?,"
                     " left = ?, flags = ?, data = ? WHERE id = ?",
                     (row.type, row.queue, row.due, row.ivl, row.factor, row.reps, row.lapses, row.left,
                      row.flags, row.data, anki_ids[card_id]))
        for entry in schedule.revlog(card_id, timing):
            rid = entry.id
            while rid in used:  # two answers in one millisecond (an import, a script)
                rid += 1
            used.add(rid)
            conn.execute("INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)"
                         " VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?)",
                         (rid, anki_ids[card_id], entry.ease, entry.ivl, entry.last_ivl, entry.factor,
                          entry.time, entry.type))
