"""Anki export (.apkg via genanki): one Anki deck per quizapp deck.

Re-exporting must update notes in Anki, never duplicate them. Anki matches
notes by GUID and note types and decks by id, so every id here is derived from
something stable: a note's GUID is ``genanki.guid_for(card_id)``, model and deck
ids are hashes of their names. Fields are HTML (text is escaped, newlines
become ``<br>``); code goes in ``<pre>``.
"""
from __future__ import annotations

import hashlib
import html
import itertools
import re
import sqlite3
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Callable

import genanki

from quizapp.cards import Card, ChoiceCard, ClozeCard, CodeCard, NumericCard, QACard
from quizapp.interchange.cardmap import answer_text
from quizapp.interchange.numeric import GENERATED_NOTE, WorkedExample

_GAP = re.compile(r"\{\{(.+?)\}\}", re.S)
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


def _html(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _pre(code: str) -> str:
    return f"<pre><code>{html.escape(code)}</code></pre>"


def anki_cloze(text: str) -> str:
    """Our ``{{answer}}`` / ``{{answer::hint}}`` gaps as Anki ``{{c1::answer::hint}}``, numbered
    in order; the text around them is HTML-escaped."""
    parts, last, n = [], 0, 0
    for match in _GAP.finditer(text):
        n += 1
        answer, _, hint = match.group(1).partition("::")
        gap = f"c{n}::{_html(answer.strip())}" + (f"::{_html(hint.strip())}" if hint.strip() else "")
        parts += [_html(text[last:match.start()]), "{{" + gap + "}}"]
        last = match.end()
    return "".join(parts) + _html(text[last:])


def _sides(card: Card, example: WorkedExample | None, exercise) -> tuple[str, str]:
    """Front and back HTML of a Basic note."""
    if isinstance(card, QACard):
        return _html(card.front), _html(card.back)
    if isinstance(card, ChoiceCard):
        options = sorted([*card.correct, *card.wrong])
        front = _html(card.prompt) + "<ul>" + "".join(f"<li>{_html(o)}</li>" for o in options) + "</ul>"
        return front, _html(answer_text(card))
    if isinstance(card, NumericCard):
        front = _html(example.prompt) + (f"<br><i>{_html(GENERATED_NOTE)}</i>" if example.generated else "")
        back = _html(example.answer_text()) if example.answer is not None else \
            "<i>answer not computed; run this card in quizapp</i>"
        return front, back + (f"<br>{_html(card.explain)}" if card.explain else "")
    if isinstance(card, CodeCard):
        if exercise is None:
            return _html(card.question), "<i>exercise not found</i>"
        front = f"<b>{_html(exercise.title)}</b><br>{_html(exercise.prompt)}{_pre(exercise.signature)}"
        return front, _pre(exercise.solution)
    raise ValueError(f"{card.id}: no Anki layout for kind {card.kind!r}")


def note_for(card: Card, example: WorkedExample | None = None, exercise=None) -> genanki.Note:
    """The Anki note of one card, GUID from the card id, tags from tags + level + deck."""
    tags = [*card.tags, f"level::{card.level}", f"deck::{card.deck}"]
    source = _html(card.source)
    more = _html(card.more) if card.more else ""
    if isinstance(card, ClozeCard):
        fields = [anki_cloze(card.text), more, source]
        model = CLOZE
    else:
        front, back = _sides(card, example, exercise)
        fields = [front, back + (f"<br><br>{more}" if more else ""), source]
        model = BASIC
    return genanki.Note(model=model, fields=fields, guid=genanki.guid_for(card.id), tags=tags)


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
