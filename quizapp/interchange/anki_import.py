"""Anki packages (``.apkg``, ``.colpkg``) in: notes as cards, the revlog as review rows.

Read with the real ``anki`` library, an optional extra (``pip install
'quizapp[anki]'``); Anki's formats are never parsed here. The package is
imported, scheduling included, into a fresh collection in a temporary folder,
and notes, cards and revlog are read from that collection's database; the
folder goes when the read is done, so nothing of Anki's stays behind.

What becomes what:

- a Cloze note (note type of Anki's cloze kind) gives one ``cloze`` card per
  cloze number, as Anki makes one card per number (:func:`.anki_fields.cloze_cards`);
  the ``Back Extra`` field becomes ``more``;
- a note whose type has ``Front`` and ``Back`` fields (Basic, Basic and reversed,
  optional reversed, type in the answer) gives a ``qa`` card per Anki card: card 1
  asks Front, the others (the reverse) ask Back; any other note type's cards
  are taken as Anki renders them (question, then the answer below its ``<hr id=answer>``);
- HTML becomes text and media references are dropped and counted; a side left
  with no text (an image-only card) skips the card, counted;
- a card's deck (its home deck when it sits in a filtered deck) gives the
  quizapp deck (``A::B`` -> ``a-b``); tags are kept (``Topic::LSTM`` ->
  ``topic-lstm``), ``level::X`` gives the card's level;
- a card's id is ``<deck>.anki-<hash of the note GUID>-<card number>``: the same
  note gives the same ids on every import, so importing again updates the cards;
- each revlog row of an imported card becomes a review row (``uid`` from the
  GUID, card number and revlog id, so a second import adds nothing): an answer
  (learning, review, relearning or filtered-deck step, ease 1-4) keeps its
  rating, time (the revlog id is the answer's epoch milliseconds) and duration,
  and FSRS replays them all, learning steps included, as it does quizapp's own;
  a "Forget" (a manual row with interval 0) becomes a reset row, so the card is
  new again from there; a "Set due date" or a rescheduling row is no answer and
  is left out, counted.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from quizapp.clock import iso
from quizapp.content.cards import LEVELS
from quizapp.errors import QuizError
from quizapp.interchange.anki_fields import (
    Reduced,
    cloze_cards,
    deck_name,
    html_to_text,
    note_guid,
    note_slug,
    tag_name,
)
from quizapp.store.resets import RESET_KIND, RESET_RATING

EXTRA = "pip install 'quizapp[anki]'"
MODEL_CLOZE = 1  # Anki's note type kind for cloze note types
# revlog.type: 0 learning, 1 review, 2 relearning, 3 filtered deck, 4 manual, 5 rescheduled
ANSWER_TYPES = (0, 1, 2, 3)
MANUAL = 4


def open_collection(path: Path, folder: str):
    """A fresh collection in ``folder`` holding the package at ``path``, scheduling included."""
    try:
        from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
    except ImportError:
        raise QuizError(f"{path}: reading Anki packages needs the optional anki library: {EXTRA}") from None
    col = Collection(os.path.join(folder, "collection.anki2"))
    try:
        # the backend reads .apkg and .colpkg alike (both are zipped collections)
        col.import_anki_package(ImportAnkiPackageRequest(
            package_path=str(path),
            options=ImportAnkiPackageOptions(with_scheduling=True, with_deck_configs=False)))
    except Exception as e:  # anki.errors.*: a damaged file, or not a package at all
        col.close()
        reason = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise QuizError(f"{path}: not a readable Anki package ({reason})") from None
    return col


def read_package(path: Path, own_ids: Iterable[str] = ()):
    """The decks and review rows an Anki package holds (an :class:`ImportFile`).

    ``own_ids``: the card ids quizapp has. A note whose GUID is one of theirs
    (:func:`~quizapp.interchange.anki_fields.note_guid`, as export writes it) came from quizapp: its card is
    not imported again, and its revlog rows are reviews of that card."""
    with tempfile.TemporaryDirectory(prefix="quizapp-anki-") as folder:
        col = open_collection(path, folder)
        try:
            return _Reader(col, path, own_ids).read()
        finally:
            col.close()


def review_uid(guid: str, ordinal: int, revlog_id: int) -> str:
    """The uid of a revlog row: its card's slug and the revlog id, the same on every import."""
    return f"{note_slug(guid, ordinal)}-{revlog_id}"


class _Reader:
    def __init__(self, col, path: Path, own_ids: Iterable[str] = ()):
        self.col, self.path = col, path
        self.own = {note_guid(card_id): card_id for card_id in own_ids}
        self.own_seen: set[str] = set()  # quizapp's own cards met in the package
        self.media = 0
        self.empty = 0
        self.unsupported = 0

    def _text(self, html: str) -> str:
        reduced: Reduced = html_to_text(html)
        self.media += reduced.media
        return reduced.text

    def read(self):
        from quizapp.interchange.anki_text import Decks
        from quizapp.interchange.csv_json import ImportFile

        col = self.col
        models = {m["id"]: m for m in col.models.all()}
        anki_decks = {d.id: d.name for d in col.decks.all_names_and_ids()}
        notes = {nid: (guid, mid, flds.split("\x1f"), tags.split())
                 for nid, guid, mid, flds, tags in col.db.all("SELECT id, guid, mid, flds, tags FROM notes")}
        decks = Decks()
        card_of: dict[int, tuple[str, str, int, str]] = {}  # anki card id -> quizapp id, guid, ord, kind
        cloze_texts: dict[int, dict[int, str]] = {}
        for cid, nid, ordinal, did, odid in col.db.all(
                "SELECT id, nid, ord, did, odid FROM cards ORDER BY nid, ord"):
            guid, mid, fields, tags = notes[nid]
            model = models.get(mid)
            if model is None:
                self.unsupported += 1
                continue
            sides = self._sides(cid, nid, ordinal, model, fields, cloze_texts)
            if sides is None:
                continue
            if guid in self.own:  # exported by quizapp: the card is here already, its answers merge
                self.own_seen.add(self.own[guid])
                card_of[cid] = (self.own[guid], guid, ordinal, sides["kind"])
                continue
            anki_deck = anki_decks.get(odid or did, "Default")
            name = deck_name(anki_deck)
            card_id = f"{name}.{note_slug(guid, ordinal)}"
            card = {"id": card_id, "kind": sides["kind"], "level": _level(tags)}
            kept = [t for t in dict.fromkeys(tag_name(t) for t in tags if not _is_level(t)) if t]
            if kept:
                card["tags"] = kept
            source = self._field(model, fields, "Source")
            card["source"] = source or f"imported from {self.path.name} (Anki deck {anki_deck})"
            card.update((k, v) for k, v in sides.items() if k != "kind")
            decks.add(name, card, f"{self.path}: note {guid!r} card {ordinal + 1}", anki_deck)
            card_of[cid] = (card_id, guid, ordinal, sides["kind"])
        reviews, skipped_log = self._reviews(card_of)
        result = decks.into(ImportFile(reviews=reviews if card_of else None, anki_names=True,
                                       own_cards=frozenset(self.own_seen)))
        cards = sum(len(d["cards"]) for d in result.decks)
        result.report.append(f"read {len(notes)} Anki note(s): {cards} card(s) in {len(result.decks)} deck(s),"
                             f" {len(reviews)} review(s)")
        if self.own_seen:
            result.report.append(f"{len(self.own_seen)} card(s) came from quizapp (exported from it): kept as"
                                 " they are here; only answers given in Anki are added to their history")
        if self.media:
            result.report.append(f"skipped {self.media} media reference(s) (images, sounds): cards keep text only")
        if self.empty:
            result.report.append(f"skipped {self.empty} Anki card(s) with no text on a side (media only)")
        if self.unsupported:
            result.report.append(f"skipped {self.unsupported} Anki card(s) of a note type quizapp cannot read")
        if skipped_log:
            result.report.append(f"skipped {skipped_log} revlog row(s) that are no answer"
                                 " (set due date, rescheduling)")
        return result

    def _field(self, model, fields: list[str], name: str) -> str:
        names = [f["name"].lower() for f in model["flds"]]
        if name.lower() in names and names.index(name.lower()) < len(fields):
            return self._text(fields[names.index(name.lower())])
        return ""

    def _sides(self, cid, nid, ordinal, model, fields, cloze_texts) -> dict | None:
        if model["type"] == MODEL_CLOZE:
            if nid not in cloze_texts:
                text = self._text(fields[_cloze_field(model)]) if fields else ""
                if "image-occlusion:" in text:
                    cloze_texts[nid] = {}
                else:
                    cloze_texts[nid] = cloze_cards(text)
            text = cloze_texts[nid].get(ordinal + 1)
            if not text or "{{" not in text:
                self.empty += 1
                return None
            more = self._field(model, fields, "Back Extra")
            return {"kind": "cloze", "text": text, **({"more": more} if more else {})}
        names = [f["name"].lower() for f in model["flds"]]
        if "front" in names and "back" in names:
            front, back = (self._field(model, fields, n) for n in ("Front", "Back"))
            question, answer = (front, back) if ordinal == 0 else (back, front)
        else:
            rendered = self.col.get_card(cid).render_output()
            question = self._text(rendered.question_text)
            answer_html = rendered.answer_text
            answer = self._text(answer_html.split("<hr id=answer>", 1)[-1])
        if not question or not answer:
            self.empty += 1
            return None
        return {"kind": "qa", "front": question, "back": answer}

    def _reviews(self, card_of) -> tuple[list[dict], int]:
        rows, skipped = [], 0
        for rid, cid, ease, ivl, kind, taken in self.col.db.all(
                "SELECT id, cid, ease, ivl, type, time FROM revlog ORDER BY id"):
            if cid not in card_of:
                continue
            card_id, guid, ordinal, card_kind = card_of[cid]
            at = iso(datetime.fromtimestamp(rid / 1000, UTC))
            row = {"uid": review_uid(guid, ordinal, rid), "card_id": card_id, "reviewed_at": at,
                   "duration_ms": int(taken) if taken else None}
            if kind in ANSWER_TYPES and 1 <= ease <= 4:
                rows.append({**row, "rating": ease, "kind": card_kind})
            elif kind == MANUAL and ease == 0 and ivl == 0:  # Forget: the card is new again
                rows.append({**row, "rating": RESET_RATING, "kind": RESET_KIND, "duration_ms": None})
            else:
                skipped += 1
        return rows, skipped


def _cloze_field(model) -> int:
    """Index of the field the cloze template asks (``{{cloze:Text}}``), else the first."""
    qfmt = model["tmpls"][0]["qfmt"] if model.get("tmpls") else ""
    for i, f in enumerate(model["flds"]):
        if "{{cloze:" + f["name"] + "}}" in qfmt:
            return i
    return 0


def _is_level(tag: str) -> bool:
    return tag.lower().startswith("level::") and tag.lower()[7:] in LEVELS


def _level(tags: list[str]) -> str:
    return next((t.lower()[7:] for t in tags if _is_level(t)), "basic")
