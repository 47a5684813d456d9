"""Anki's field text made quizapp's: HTML reduced to text, clozes to gaps, names to ours.

Shared by the package reader (:mod:`.anki_import`) and the text readers
(:mod:`.anki_text`, the CSV side of :mod:`.csv_json`), so an Anki note reads the same
whichever way it arrives.

- :func:`html_to_text`: entities decoded, ``<br>`` and block elements (``<div>``,
  ``<p>``, ``<li>``...) become line breaks, every other tag is dropped, and what
  ``<script>``/``<style>`` hold is dropped with them. Images, audio and
  ``[sound:...]`` references are removed and counted (quizapp cards are text).
- :func:`cloze_cards`: Anki's ``{{c1::answer::hint}}`` (nested, or ``c1,2``) as one
  quizapp cloze text per cloze number, the way Anki makes one card per number:
  that number's gaps become ``{{answer::hint}}``, the others are shown filled in.
- :func:`deck_name`, :func:`tag_name`, :func:`note_slug`: Anki's ``A::B`` deck
  and tag names and note GUIDs as valid quizapp names and stable card slugs.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_BLOCK = {"div", "p", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6",
          "blockquote", "pre", "hr", "section", "article", "dd", "dt"}
_DROP = {"script", "style", "head", "title", "template", "noscript", "iframe", "object"}
_MEDIA = {"img", "audio", "video", "embed", "object", "iframe", "svg"}
_SOUND = re.compile(r"\[sound:[^\]]*\]")
_CLOZE_OPEN = re.compile(r"\{\{c(\d+(?:,\d+)*)::")


@dataclass
class Reduced:
    """Text from one field and the media references dropped from it."""

    text: str
    media: int = 0


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.media = 0
        self._dropping = 0
        self._pre = 0

    def handle_starttag(self, tag, attrs):
        if tag in _MEDIA:
            self.media += 1
        if tag in _DROP:
            self._dropping += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK:
            self._break()
            self._pre += tag == "pre"

    def handle_endtag(self, tag):
        if tag in _DROP:
            self._dropping = max(0, self._dropping - 1)
        elif tag in _BLOCK:
            self._break()
            self._pre -= tag == "pre" and self._pre > 0

    def _break(self) -> None:
        """A block's edge starts a new line, once: ``<div>a</div><div>b</div>`` is two lines."""
        if self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")

    def handle_data(self, data):
        if self._dropping:
            return
        data = data.replace("\xa0", " ")
        if not self._pre:  # HTML collapses runs of white space (a newline is a space), except in <pre>
            data = re.sub(r"\s+", " ", data)
            if not self.parts or self.parts[-1].endswith("\n"):
                data = data.lstrip(" ")
        self.parts.append(data)


def html_to_text(html: str) -> Reduced:
    """One Anki field (HTML) as plain text, with the count of media references dropped."""
    sounds = len(_SOUND.findall(html))
    parser = _Text()
    parser.feed(_SOUND.sub("", html))
    parser.close()
    lines = [line.rstrip() for line in "".join(parser.parts).split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return Reduced(text, parser.media + sounds)


def plain_text(text: str) -> Reduced:
    """A field of an export written without HTML: only ``[sound:...]`` to drop."""
    sounds = len(_SOUND.findall(text))
    return Reduced(_SOUND.sub("", text).strip(), sounds)


# -- clozes ---------------------------------------------------------------------------

@dataclass
class _Cloze:
    numbers: tuple[int, ...]
    body: list = field(default_factory=list)  # str and _Cloze pieces
    hint: str | None = None


def _parse(text: str) -> list:
    """Text as a list of str and :class:`_Cloze`; a ``{{c1::`` never closed stays text."""
    out: list = []
    stack: list[_Cloze] = []
    pos = 0

    def target() -> list:
        return stack[-1].body if stack else out

    while pos < len(text):
        opening = _CLOZE_OPEN.match(text, pos)
        if opening:
            stack.append(_Cloze(tuple(int(n) for n in opening.group(1).split(","))))
            pos = opening.end()
        elif stack and text.startswith("}}", pos):
            done = stack.pop()
            target().append(done)
            pos += 2
        else:
            target().append(text[pos])
            pos += 1
    while stack:  # unclosed: put the opening back as text
        left = stack.pop()
        target().extend(["{{c" + ",".join(map(str, left.numbers)) + "::", *left.body])
    return _split_hints(out)


def _split_hints(pieces: list) -> list:
    """Join characters into strings and move each cloze's ``::hint`` (its top level) out."""
    joined: list = []
    for piece in pieces:
        if isinstance(piece, _Cloze):
            piece.body = _split_hints(piece.body)
            for i, part in enumerate(piece.body):
                if isinstance(part, str) and "::" in part:
                    before, _, hint = part.partition("::")
                    rest = "".join(p if isinstance(p, str) else _plain([p]) for p in piece.body[i + 1:])
                    piece.hint = (hint + rest).strip() or None
                    piece.body = [*piece.body[:i], before]
                    break
            joined.append(piece)
        elif joined and isinstance(joined[-1], str):
            joined[-1] += piece
        else:
            joined.append(piece)
    return joined


def _plain(pieces: list) -> str:
    return "".join(p if isinstance(p, str) else _plain(p.body) for p in pieces)


def _render(pieces: list, number: int) -> str:
    out = []
    for piece in pieces:
        if isinstance(piece, str):
            out.append(piece)
        elif number in piece.numbers:
            answer = _plain(piece.body).strip()
            out.append("{{" + answer + (f"::{piece.hint}" if piece.hint else "") + "}}")
        else:
            out.append(_render(piece.body, number))
    return "".join(out)


def cloze_numbers(text: str) -> list[int]:
    """The cloze numbers ``text`` uses, in increasing order."""
    numbers: set[int] = set()

    def walk(pieces):
        for p in pieces:
            if isinstance(p, _Cloze):
                numbers.update(p.numbers)
                walk(p.body)

    walk(_parse(text))
    return sorted(numbers)


def has_anki_cloze(text: str) -> bool:
    return bool(_CLOZE_OPEN.search(text)) and bool(cloze_numbers(text))


def cloze_cards(text: str) -> dict[int, str]:
    """Cloze number -> the quizapp cloze text of that card (``{{answer::hint}}`` gaps)."""
    pieces = _parse(text)
    return {n: _render(pieces, n) for n in cloze_numbers(text)}


# -- names -------------------------------------------------------------------------------

def deck_name(anki_name: str) -> str:
    """An Anki deck name (``Deep Learning::CNN``) as a quizapp deck name (``deep-learning-cnn``)."""
    name = re.sub(r"[^a-z0-9]+", "-", anki_name.lower()).strip("-")
    return name or "anki"


def tag_name(tag: str) -> str:
    """An Anki tag (``Topic::LSTM``) as a quizapp tag (``topic-lstm``): lowercase words and '-'."""
    return re.sub(r"[^\w]+", "-", tag.lower()).strip("-_")


def note_guid(card_id: str) -> str:
    """The GUID of the Anki note quizapp exports for ``card_id``: stable, so re-importing an
    export updates the note in Anki, and a package imported back names the card it came from."""
    import genanki

    return genanki.guid_for(card_id)


def note_slug(guid: str, ordinal: int) -> str:
    """The slug of card ``ordinal`` (0-based, Anki's ``ord``) of the note with ``guid``:
    the same note and card give the same id on every import, whatever its text."""
    return f"anki-{hashlib.sha1(guid.encode()).hexdigest()[:12]}-{ordinal + 1}"


def rename_decks(data, taken: set[str]) -> None:
    """Give the decks of ``data`` (an ImportFile read from Anki) whose names are ``taken``
    (a shipped deck, whose cards these are not) the name ``<name>-anki``, ids and
    review rows along: an Anki deck called "CNN" is the learner's own, not ours."""
    renames = {d["deck"]: f"{d['deck']}-anki" for d in data.decks if d["deck"] in taken}
    if not renames:
        return
    moved: dict[str, str] = {}
    for deck in data.decks:
        new = renames.get(deck["deck"])
        if new is None:
            continue
        for card in deck["cards"]:
            old_id = card["id"]
            card["id"] = f"{new}.{old_id.partition('.')[2]}"
            moved[old_id] = card["id"]
        data.origins[new] = data.origins.pop(deck["deck"], [])
        deck["deck"] = new
    for row in data.reviews or ():
        row["card_id"] = moved.get(row["card_id"], row["card_id"])
