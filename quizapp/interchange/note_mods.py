"""Stable note modification times for Anki packages.

Anki re-imports a note only when the package's note is newer than its own
(``update_notes`` "if newer", its default), so a package that stamps every
note "now" makes every re-import report every note updated and throws away edits
made in Anki. A note's ``mod`` must move only when its content does.

quizapp keeps no edit time of its own (cards live in YAML files, and a file's
mtime changes with any card in it, or with a checkout), so the last export
remembers, per card, a hash of what the note held (note type, fields, tags) and
the ``mod`` it was given: ``<data dir>/anki-notes.json``. The next export reuses
that ``mod`` while the hash is the same and stamps "now" when it differs. This
is robust where the alternatives are not: a review changes no note text (so the
last review time would move ``mod`` for nothing), and a hash alone is no time.
Losing the file costs one export that stamps every note "now" (what every
export did before). The same record holds the card's kind, so an export can say
when a card changed kind under the same id.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from quizapp.atomic_file import write_atomically

FILE_NAME = "anki-notes.json"
VERSION = 1


def content_hash(model: str, fields: list[str], tags: list[str]) -> str:
    text = "\x1e".join([model, "\x1f".join(fields), " ".join(sorted(tags))])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


@dataclass
class NoteMods:
    """Last exported hash, ``mod`` and kind per card id; :meth:`save` after a successful export."""

    path: Path | None
    known: dict[str, dict] = field(default_factory=dict)
    seen: dict[str, dict] = field(default_factory=dict)
    changed_kind: list[tuple[str, str, str]] = field(default_factory=list)  # (card id, was, now)

    @classmethod
    def load(cls, data_dir: Path | None) -> NoteMods:
        path = None if data_dir is None else Path(data_dir) / FILE_NAME
        known: dict[str, dict] = {}
        if path is not None:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if isinstance(data, dict) and data.get("version") == VERSION and isinstance(data.get("notes"), dict):
                    known = {k: v for k, v in data["notes"].items() if isinstance(v, dict)}
            except (OSError, ValueError):
                pass  # no record (first export) or an unreadable one: every note is stamped now
        return cls(path, known)

    def mod_for(self, card_id: str, kind: str, model: str, digest: str, now: int) -> int:
        """The note's ``mod``: the last one while ``digest`` is unchanged, else ``now``."""
        last = self.known.get(card_id) or {}
        kept = last.get("mod")
        mod = kept if last.get("hash") == digest and isinstance(kept, int) else now
        if last.get("model") not in (None, model):
            self.changed_kind.append((card_id, str(last.get("kind")), kind))
        self.seen[card_id] = {"hash": digest, "mod": mod, "kind": kind, "model": model}
        return mod

    def save(self) -> None:
        """Write the record (cards not in this export keep theirs); a failure is only a lost
        optimisation, so it is ignored."""
        if self.path is None:
            return
        notes = {**self.known, **self.seen}
        with contextlib.suppress(OSError):
            write_atomically(self.path, json.dumps({"version": VERSION, "notes": notes}, sort_keys=True))
