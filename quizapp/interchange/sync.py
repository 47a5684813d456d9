"""``quizapp sync DIR``: one learner, several machines, one folder they already sync.

Each machine appends the changes it knows of and no file there holds yet to its
own file (:mod:`quizapp.interchange.syncfile`), and merges every file there, so
nothing is ever written by two machines. What travels, as events with a
``uid`` and a time:

- ``review``: a review-log row, reset rows (rating 0) included; merged by ``uid``
  as ``quizapp import`` does (:meth:`Store.merge_reviews`), so the touched cards
  are replayed from the union of the logs in time order.
- ``flags``: a change of suspend, bury, flag or the leech mark, from the
  ``card_events`` table (schema v4) that :meth:`Store.set_flags` and a leech-making
  review write in their own transactions. Events carry the time of the change,
  so two machines editing offline settle on the later edit, field by field
  (last writer wins; a reset clears every flag as of its time), replayed the
  same way on every machine (:mod:`quizapp.store.events`).
- ``params``: the personal FSRS weights (``fsrs_parameters``). Settings are a
  file, not a log, so a change is noticed at sync time (the value differs from
  the one last synced) and dated then; the latest wins, is written into
  config.toml and every card's memory state is replayed with it.

Syncing again with nothing new reads the files, finds every event known, and
writes nothing. Every event is checked as an import row is; one that fails is
skipped (counted) and read again next time, the rest of its file still counts.
"""
from __future__ import annotations

import json
import os
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from quizapp.clock import iso, utc_now
from quizapp.errors import QuizError, UsageError
from quizapp.interchange.merge import check_row, is_past, read_time
from quizapp.interchange.syncfile import (
    PREFIX,
    SUFFIX,
    append_events,
    file_name,
    machine_id,
    machine_of,
    read_sync_file,
)
from quizapp.store.database import Store
from quizapp.store.events import FLAG_FIELDS

PARAMS_KEY = "sync_fsrs_parameters"  # meta: the weights last synced {"value", "uid", "at"}
REVIEW_FIELDS = Store.MERGE_COLUMNS  # a review travels with every column a merge writes


@dataclass
class SyncResult:
    machine: str
    folder: Path
    machines: list[str] = field(default_factory=list)  # the other machines' ids seen
    new_reviews: int = 0
    new_flag_events: int = 0
    parameters_from: str | None = None  # machine whose weights were applied here
    sent: int = 0
    invalid: int = 0
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        others = len(self.machines)
        line = (f"synced with {others} other machine{'s' if others != 1 else ''} through {self.folder}:"
                f" got {self.new_reviews} review(s) and {self.new_flag_events} flag change(s),"
                f" sent {self.sent} event(s)")
        if self.parameters_from:
            line += f"; FSRS weights from {self.parameters_from} applied"
        return line

    def as_dict(self) -> dict:
        return {"machine": self.machine, "folder": str(self.folder), "machines": self.machines,
                "received": {"reviews": self.new_reviews, "flag_events": self.new_flag_events},
                "sent": self.sent, "parameters_from": self.parameters_from, "invalid_events": self.invalid,
                "problems": self.problems}


def _time(event: dict, key: str, now) -> str:
    moment = read_time(event, key, True)
    if not is_past(moment, now):
        raise ValueError(f"{key}: {event[key]!r} is not a time a change can have")
    return iso(moment)


def _text(event: dict, key: str) -> str:
    value = event.get(key)
    if not isinstance(value, str) or not value:
        raise ValueError(f"{key}: expected non-empty text")
    return value


def check_flags_event(event: dict, now) -> dict:
    """A ``flags`` event normalised for ``store.events.merge_card_events`` (ValueError if bad)."""
    changes = event.get("changes")
    if not isinstance(changes, dict) or not changes or set(changes) - set(FLAG_FIELDS):
        raise ValueError(f"changes: expected some of {', '.join(FLAG_FIELDS)}")
    clean: dict = {}
    for key, value in changes.items():
        if key in ("suspended", "leech"):
            if not isinstance(value, bool):
                raise ValueError(f"{key}: expected true or false")
            clean[key] = value
        elif key == "flag":
            if isinstance(value, bool) or value not in (0, 1, 2, 3, 4):
                raise ValueError("flag: expected 0-4")
            clean[key] = value
        else:  # buried_until: a time or null (no range check: it is a day end, maybe tomorrow)
            moment = read_time(changes, key, False)
            clean[key] = None if moment is None else iso(moment)
    return {"uid": _text(event, "uid"), "card_id": _text(event, "card_id"),
            "at": _time(event, "at", now), "changes": clean}


def check_params_event(event: dict, now) -> dict:
    """A ``params`` event: ``uid``, ``at`` and the weights (a list, or null for the defaults)."""
    from quizapp.config import check_setting

    weights = event.get("fsrs_parameters")
    if weights is not None:
        value, reason = check_setting("fsrs_parameters", weights)
        if reason or not isinstance(value, tuple):
            raise ValueError(f"fsrs_parameters: expected {reason}")
        weights = list(value)
    return {"uid": _text(event, "uid"), "at": _time(event, "at", now),
            "fsrs_parameters": weights, "machine": event.get("machine")}


@contextmanager
def _locked(data_dir: Path):
    """One sync at a time per data dir (a quitting TUI and `quizapp sync` in another
    terminal would otherwise both append the same events to this machine's file)."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory lock; duplicates would be harmless (uids)
        yield
        return
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    fd = os.open(Path(data_dir) / "sync.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def sync(store, folder: Path, *, data_dir: Path, settings, config_path: Path, now=None):
    """Merge every machine's file in ``folder`` into ``store`` and append what this
    machine adds; returns ``(SyncResult, settings)`` (the settings with any weights
    applied). A missing folder is a :class:`UsageError`; one that cannot be read or
    written, a :class:`QuizError`."""
    now = now or utc_now()
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise UsageError(f"{folder}: no such folder (sync needs a folder that already exists)")
    try:
        with _locked(data_dir):
            return _sync(store, folder, Path(data_dir), settings, Path(config_path), now)
    except OSError as e:
        raise QuizError(f"{e.filename or folder}: cannot sync ({e.strerror or e})") from None


def _sync(store, folder: Path, data_dir: Path, settings, config_path: Path, now):
    from quizapp.study.srs import Srs

    damaged: list[str] = []
    machine = machine_id(data_dir, warn=damaged.append)
    result = SyncResult(machine, folder)
    files = [read_sync_file(path, owner) for path in sorted(folder.glob(f"{PREFIX}*{SUFFIX}"))
             if (owner := machine_of(path)) is not None]
    own = next((f for f in files if f.machine == machine), None)
    result.machines = [f.machine for f in files if f.machine != machine]
    result.problems = damaged + [problem for f in files if f.machine != machine and (problem := f.problem())]
    if own is not None and own.unreadable is not None:  # this machine's own file: nothing can go into it
        raise QuizError(f"{own.path}: cannot sync ({own.unreadable})")
    if own is not None and own.newer_format is not None:
        raise QuizError(own.problem() or "")

    in_files: set[str] = set()
    reviews, flags, params = [], [], []
    known = store.events.known_uids("reviews", [e["uid"] for f in files for e in f.events
                                                if e.get("type") == "review" and isinstance(e.get("uid"), str)])
    for sync_file in files:
        for event in sync_file.events:
            kind, uid = event.get("type"), event.get("uid")
            if isinstance(uid, str):
                in_files.add(uid)
            try:
                if kind == "review" and uid not in known:  # a known one needs no second check
                    reviews.append(check_row({k: event.get(k) for k in REVIEW_FIELDS}, now))
                elif kind == "flags":
                    flags.append(check_flags_event(event, now))
                elif kind == "params":
                    params.append({**check_params_event(event, now), "machine": sync_file.machine})
            except ValueError:
                result.invalid += 1  # checked again next sync: a clock behind, a newer quizapp
    if result.invalid:
        result.problems.append(f"skipped {result.invalid} event(s) this quizapp cannot use")

    settings, local_params = _settle_parameters(store, settings, config_path, params, now, result)
    srs = Srs(settings)

    fresh, seen = [], set(known)
    for row in reviews:
        if row["uid"] not in seen:
            seen.add(row["uid"])
            fresh.append(row)
    result.new_reviews = store.merge_reviews(fresh, srs) if fresh else 0
    new_flags = store.events.merge_card_events(flags)
    result.new_flag_events = len(new_flags)

    outgoing = [{"type": "review", **{k: row[k] for k in REVIEW_FIELDS}}
                for row in store.reviews() if row["uid"] not in in_files]
    outgoing += [{"type": "flags", **event} for event in store.events.card_events() if event["uid"] not in in_files]
    if local_params is not None and local_params["uid"] not in in_files:
        outgoing.append({"type": "params", "uid": local_params["uid"], "at": local_params["at"],
                         "fsrs_parameters": local_params["value"], "machine": machine})
    # Replay the flags of every card whose events moved either way, so both ends fold
    # the same events the same way (a local change applied live is replayed too).
    store.events.settle_flags({row["card_id"] for row in fresh}
                              | {e["card_id"] for e in outgoing if e["type"] in ("review", "flags")})
    if result.parameters_from:
        from quizapp.study.memory_states import recompute_memory_states

        recompute_memory_states(store, settings)
    if own is not None and own.stopped_at is not None:
        result.problems.append(f"{own.path}: cut an unfinished last line (an interrupted sync); written again")
    result.sent = append_events(folder / file_name(machine), machine, outgoing, iso(now),
                                keep_bytes=None if own is None else own.good_bytes)
    return result, settings


def _settle_parameters(store, settings, config_path: Path, incoming: list[dict], now, result: SyncResult):
    """The latest weights among this machine's and the files' wins. Returns the
    settings in force and this machine's own latest weights record (or ``None``)."""
    mine = json.loads(store.meta.value(PARAMS_KEY) or "null") or {"value": None, "uid": None, "at": None}
    current = None if settings.fsrs_parameters is None else list(settings.fsrs_parameters)
    if current != mine["value"]:  # changed here since the last sync (optimize --apply, Settings)
        mine = {"value": current, "uid": uuid.uuid4().hex, "at": iso(now), "machine": result.machine}
        store.meta.set_value(PARAMS_KEY, json.dumps(mine))
    candidates = incoming + ([{"uid": mine["uid"], "at": mine["at"], "fsrs_parameters": mine["value"],
                               "machine": mine.get("machine")}] if mine["uid"] else [])
    if not candidates:
        return settings, None
    winner = max(candidates, key=lambda e: (e["at"], e["uid"]))
    if winner["fsrs_parameters"] != current:
        settings = _apply_weights(config_path, settings, winner["fsrs_parameters"])
        mine = {"value": winner["fsrs_parameters"], "uid": winner["uid"], "at": winner["at"],
                "machine": winner.get("machine")}
        store.meta.set_value(PARAMS_KEY, json.dumps(mine))
        result.parameters_from = winner.get("machine") or "another machine"
    return settings, (mine if mine["uid"] else None)


def _apply_weights(config_path: Path, settings, weights):
    """Write ``weights`` into config.toml (the other keys as the file has them)."""
    from quizapp.config import update_settings

    value = None if weights is None else tuple(float(x) for x in weights)
    update_settings(config_path, "syncing FSRS weights", fsrs_parameters=value)
    return replace(settings, fsrs_parameters=value)
