"""The sections of the source notes that the decks must cover.

A section is a heading of level ``#``, ``# #`` or ``##`` outside fenced code,
minus the boilerplate listed in ``ignored_headings.txt`` (offers of more
material, sign-offs). ``###`` sub-headings ("Answer:", "Fixes:") belong to
their section. Cards name their section in ``source:`` by its normalized text.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

NOTES = Path(__file__).resolve().parents[3] / "shared" / "source-notes.md"
IGNORED = Path(__file__).with_name("ignored_headings.txt")


def normalize_heading(text: str) -> str:
    """Heading text without markdown, emoji, numbering or trailing colon."""
    text = text.replace("**", "").replace("`", "")
    text = re.sub(r"^[#\s]+", "", text)
    # Drop leading emoji, keycap digits and symbols, then "1." style numbering.
    while text and not (text[0].isalnum() or text[0] in "(["):
        text = text[1:]
    text = re.sub(r"^(?:[0-9]\ufe0f?\u20e3)+\s*", "", text)
    text = re.sub(r"^[0-9]+\.\s+", "", text)
    text = "".join(c for c in text if unicodedata.category(c) != "So").strip()
    return re.sub(r"\s+", " ", text).rstrip(":").strip()


def sections(notes: Path = NOTES) -> list[tuple[int, str]]:
    """(line, normalized heading) of every section the decks must cover."""
    ignored = {
        line.strip() for line in IGNORED.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    found, in_code = [], False
    for number, line in enumerate(notes.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("```"):
            in_code = not in_code
            continue
        match = re.match(r"^(#|# #|##)\s+(.*)", line) if not in_code else None
        if match and not line.startswith("###"):
            name = normalize_heading(match.group(2))
            if name and name not in ignored:
                found.append((number, name))
    return found


if __name__ == "__main__":  # list the sections: python tests/content/notes_sections.py
    for number, name in sections():
        print(f"{number}: {name}")
