"""The files ``quizapp sync`` keeps in a synced folder: one per machine, JSON Lines.

Each machine appends only to ``quizapp-sync-<machine id>.jsonl`` and only reads
the others, so two machines never write the same file and a sync tool
(Syncthing, Dropbox, git) never has a conflict to resolve. The machine id is
made once and kept in the data dir (``machine-id``); a data dir copied to a
second machine should have that file deleted there.

Every line is ``{"sum":"<16 hex>","event":{...}}`` exactly as written here (no
spaces), where ``sum`` is the first 16 hex digits of the SHA-256 of the event's
JSON bytes as they stand on the line, and every line ends with a newline (so
checking a line is one hash and one parse; a file reformatted by hand does not
verify). A sync tool may hand over a file half-copied or truncated: reading
stops at the first line that is unterminated, does not parse or does not
verify, and the rest of that file waits for the next sync (the lines before it
are used; nothing is lost, since every event is recognised by its ``uid``).

The first line of a file is a ``machine`` event naming the format version; a
file of a newer format is left alone.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from quizapp.atomic_file import write_atomically
from quizapp.regular_file import read_regular

FORMAT = 1
PREFIX, SUFFIX = "quizapp-sync-", ".jsonl"
MACHINE_ID_FILE = "machine-id"
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


def machine_id(data_dir: Path, warn: Callable[[str], None]) -> str:
    """This machine's id, made on first use (``<host>-<12 hex>``) and kept in the data dir.
    A damaged file is kept as ``machine-id.damaged`` and ``warn`` says so: under its new
    id this machine's earlier sync file reads as another machine's (no event twice, each
    is known by its uid), which would otherwise puzzle whoever reads the sync report."""
    path = Path(data_dir) / MACHINE_ID_FILE
    try:
        text = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        text = None
    except UnicodeDecodeError:
        text = ""
    if text is not None and _ID.match(text):
        return text
    host = re.sub(r"[^a-z0-9]+", "-", socket.gethostname().lower()).strip("-")[:24] or "machine"
    made = f"{host}-{uuid.uuid4().hex[:12]}"
    if text is not None:
        aside = path.with_name(MACHINE_ID_FILE + ".damaged")
        os.replace(path, aside)
        warn(f"{path} was damaged: kept as {aside}; this machine syncs as {made} from now on")
    write_atomically(path, made + "\n", durable=True)
    return made


def file_name(machine: str) -> str:
    return f"{PREFIX}{machine}{SUFFIX}"


def machine_of(path: Path) -> str | None:
    """The machine id a sync file is named by (``None``: not a sync file)."""
    name = path.name
    if not (name.startswith(PREFIX) and name.endswith(SUFFIX)):
        return None
    machine = name[len(PREFIX):-len(SUFFIX)]
    return machine if _ID.match(machine) else None


_HEAD, _MIDDLE = b'{"sum":"', b'","event":'
_SUM_AT = len(_HEAD)
_EVENT_AT = _SUM_AT + 16 + len(_MIDDLE)


def _sum(payload: bytes) -> bytes:
    return hashlib.sha256(payload).hexdigest()[:16].encode("ascii")


def encode(event: dict) -> bytes:
    """One line of a sync file, newline included."""
    payload = json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return _HEAD + _sum(payload) + _MIDDLE + payload + b"}\n"


@dataclass
class SyncFile:
    """What reading one file gave: the verified events, and where reading stopped."""

    path: Path
    machine: str
    events: list[dict] = field(default_factory=list)
    good_bytes: int = 0  # length of the verified prefix (whole lines)
    stopped_at: int | None = None  # 1-based line number that did not verify
    newer_format: int | None = None
    unreadable: str | None = None  # why the file could not be read at all (a folder, a FIFO, no permission)

    @property
    def complete(self) -> bool:
        return self.stopped_at is None and self.newer_format is None and self.unreadable is None

    def problem(self) -> str | None:
        """One line for the user, or ``None`` when the whole file was read."""
        if self.unreadable is not None:
            return f"{self.path}: cannot read ({self.unreadable}); skipped"
        if self.newer_format is not None:
            return (f"{self.path}: written by a newer quizapp (sync format {self.newer_format},"
                    f" this one reads {FORMAT}); skipped")
        if self.stopped_at is not None:
            return (f"{self.path}: line {self.stopped_at} is incomplete or damaged (still being copied?);"
                    f" read the {len(self.events)} event(s) before it, the rest next sync")
        return None


def _verified(line: bytes) -> dict | None:
    """The event on ``line`` if the line is whole and its checksum matches."""
    if not (line.startswith(_HEAD) and line[_SUM_AT + 16:_EVENT_AT] == _MIDDLE and line.endswith(b"}")):
        return None
    payload = line[_EVENT_AT:-1]
    if line[_SUM_AT:_SUM_AT + 16] != _sum(payload):
        return None
    try:
        event = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return event if isinstance(event, dict) else None


def read_sync_file(path: Path, machine: str) -> SyncFile:
    """The verified events of ``path`` up to its first bad or unterminated line."""
    result = SyncFile(path, machine)
    try:
        data = read_regular(path)
    except OSError as e:
        result.unreadable = e.strerror or str(e)
        return result
    position = 0
    for number, line in enumerate(data.split(b"\n"), start=1):
        end = position + len(line) + 1
        if end > len(data):  # the piece after the last newline: empty, or a line still being written
            if line:
                result.stopped_at = number
            break
        event = _verified(line)
        if event is None:
            result.stopped_at = number
            break
        if number == 1 and event.get("type") == "machine":
            version = event.get("format")
            if not isinstance(version, int) or version > FORMAT:
                result.newer_format = version if isinstance(version, int) else -1
                result.events = []
                break
        result.events.append(event)
        result.good_bytes = position = end
    return result


def append_events(path: Path, machine: str, events: list[dict], now_iso: str, *,
                  keep_bytes: int | None = None) -> int:
    """Append ``events`` to this machine's own file (created with its header line),
    in one write, fsynced. ``keep_bytes``: the verified length of the file as read;
    a tail past it is what a crash of ours left half-written, and is cut before
    appending (the only time this file shrinks: those bytes never were a whole
    line, so no other machine could use them). Returns the lines written."""
    if not events and path.exists() and (keep_bytes is None or path.stat().st_size == keep_bytes):
        return 0
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        size = os.fstat(fd).st_size
        if keep_bytes is not None and size > keep_bytes:
            os.ftruncate(fd, keep_bytes)
            size = keep_bytes
        lines = [encode(event) for event in events]
        if size == 0:
            lines.insert(0, encode({"type": "machine", "machine": machine, "format": FORMAT,
                                    "created": now_iso}))
        os.lseek(fd, size, os.SEEK_SET)
        payload = b"".join(lines)
        while payload:
            written = os.write(fd, payload)
            payload = payload[written:]
        os.fsync(fd)
    finally:
        os.close(fd)
    return len(events)
