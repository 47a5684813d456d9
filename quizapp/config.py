"""User settings: a TOML file in the user config dir, validated key by key.

An invalid value is reported (naming the key) and replaced by its default, so a
typo in the config never stops the app from opening. The settings screen checks
each field with the same :func:`check_setting` the loader uses, so a value the
screen accepts always loads back unchanged.

:func:`save_settings` writes only the values that differ from the defaults: a key
the user never changed keeps following the app's defaults in later versions, and
the file stays short enough to read. Comments and unknown keys in an existing
file are not preserved (tomli-w writes plain TOML).
"""
from __future__ import annotations

import math
import os
import re
import tempfile
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from fsrs.scheduler import DEFAULT_PARAMETERS, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS


@dataclass(frozen=True)
class Settings:
    desired_retention: float = 0.9
    new_per_day: int = 20
    reviews_per_day: int = 200
    learning_steps_minutes: tuple[float, ...] = (1.0, 10.0)
    relearning_steps_minutes: tuple[float, ...] = (10.0,)
    day_starts_at_hour: int = 4
    leech_lapses: int = 8
    device: str = "auto"
    theme: str = "textual-dark"
    content_dirs: tuple[str, ...] = field(default_factory=tuple)
    fsrs_parameters: tuple[float, ...] | None = None  # None: the fsrs package's defaults
    sync_dir: str = ""  # a folder kept in sync between machines: the TUI syncs on start and quit


def _whole(v, low: int, high: int | None = None) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and low <= v and (high is None or v <= high)


def _number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


MAX_STEP_MINUTES = 30 * 24 * 60  # a learning step longer than 30 days is a review interval, not a step


def _steps(v) -> bool:
    """Each step from 1 minute to 30 days: a due date must stay a date (1e308 minutes
    overflowed datetime on the first reveal) and a step under a minute is a typo."""
    return isinstance(v, tuple) and all(_number(x) and 1 <= x <= MAX_STEP_MINUTES for x in v)


def _fsrs_parameters_ok(v) -> bool:
    """fsrs's own rule: exactly as many weights as its defaults, each within its bounds."""
    return (isinstance(v, tuple) and len(v) == len(DEFAULT_PARAMETERS)
            and all(_number(x) and lo <= x <= hi
                    for x, lo, hi in zip(v, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True)))


_CHECKS = {
    "desired_retention": lambda v: isinstance(v, float) and 0.7 <= v <= 0.99,
    "new_per_day": lambda v: _whole(v, 0, 9999),
    "reviews_per_day": lambda v: _whole(v, 0, 9999),
    "learning_steps_minutes": _steps,
    "relearning_steps_minutes": _steps,
    "day_starts_at_hour": lambda v: _whole(v, 0, 23),
    "leech_lapses": lambda v: _whole(v, 1, 99),
    "device": lambda v: v in ("auto", "cpu", "cuda"),
    "theme": lambda v: isinstance(v, str) and bool(v),
    "content_dirs": lambda v: isinstance(v, tuple) and all(isinstance(x, str) and x for x in v),
    "fsrs_parameters": _fsrs_parameters_ok,
    "sync_dir": lambda v: isinstance(v, str),
}

HELP = {
    "desired_retention": "a number between 0.7 and 0.99",
    "new_per_day": "a whole number from 0 to 9999",
    "reviews_per_day": "a whole number from 0 to 9999",
    "learning_steps_minutes": "a list of minutes, each from 1 to 43200 (30 days), e.g. [1, 10]",
    "relearning_steps_minutes": "a list of minutes, each from 1 to 43200 (30 days), e.g. [10]",
    "day_starts_at_hour": "an hour from 0 to 23",
    "leech_lapses": "a whole number from 1 to 99",
    "device": "auto, cpu or cuda",
    "theme": "a Textual theme name",
    "content_dirs": "a list of folder paths",
    "fsrs_parameters": f"a list of {len(DEFAULT_PARAMETERS)} numbers within fsrs's bounds"
                       " (run `quizapp optimize --apply`)",
    "sync_dir": "a folder path synced between machines (empty: no sync)",
}


def _coerce(name: str, value):
    """TOML's shapes to the dataclass's: lists become tuples, minutes and weights floats."""
    if isinstance(value, list):
        floats = "minutes" in name or name == "fsrs_parameters"
        value = tuple(float(x) if floats and _number(x) else x for x in value)
    if name == "desired_retention" and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    return value


def check_setting(key: str, raw) -> tuple[object, str | None]:
    """``(value, None)`` for a valid ``raw`` (coerced to the Settings type), else
    ``(None, reason)`` where the reason says what the key accepts."""
    value = _coerce(key, raw)
    try:
        ok = _CHECKS[key](value)
    except TypeError:
        ok = False
    return (value, None) if ok else (None, HELP[key])


def _scalar(text: str):
    """Text as TOML would read a bare value: a whole number, a number, else the text."""
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def setting_from_text(key: str, text: str):
    """A one-line text form of ``key`` (as the settings screen edits it) as the raw
    value the config file would hold: lists are comma separated (minutes may also
    be space separated), numbers are numbers. :func:`check_setting` then judges it."""
    if key == "content_dirs":
        return [part.strip() for part in text.split(",") if part.strip()]
    if key == "sync_dir":
        return text.strip()
    if key.endswith("_minutes"):
        return [_scalar(part) for part in re.split(r"[,\s]+", text.strip()) if part]
    return _scalar(text.strip())


def setting_text(value) -> str:
    """Inverse of :func:`setting_from_text` for a valid value (``(1.0, 10.0)`` -> ``1, 10``)."""
    def plain(x):
        return str(int(x)) if isinstance(x, float) and x.is_integer() else str(x)

    return ", ".join(plain(x) for x in value) if isinstance(value, tuple) else plain(value)


def parse_settings(data: dict, origin: str = "config") -> tuple[Settings, list[str]]:
    """Settings from a mapping, plus one warning per bad or unknown key."""
    values: dict[str, Any] = {}
    warnings: list[str] = []
    for key, raw in data.items():
        if key not in _CHECKS:
            warnings.append(f"{origin}: unknown setting {key!r} ignored")
            continue
        value, reason = check_setting(key, raw)
        if reason is None:
            values[key] = value
        else:
            warnings.append(f"{origin}: {key} = {raw!r} is invalid ({reason}); using the default")
    return replace(Settings(), **values), warnings


UNREADABLE = "cannot read config"


def load_settings(path: Path) -> tuple[Settings, list[str]]:
    """Read the config file; a missing file gives the defaults silently."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings(), []
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        return Settings(), [f"{path}: {UNREADABLE} ({e}); using defaults"]
    return parse_settings(data, str(path))


def _toml_value(name: str, value):
    if "minutes" in name:  # `[1, 10]` reads better than `[1.0, 10.0]`; loading makes them floats
        return [int(x) if float(x).is_integer() else x for x in value]
    return list(value) if isinstance(value, tuple) else value


def settings_to_toml(settings: Settings) -> dict:
    """The non-default values of ``settings`` as a TOML-ready mapping."""
    default = Settings()
    return {f.name: _toml_value(f.name, getattr(settings, f.name)) for f in fields(Settings)
            if getattr(settings, f.name) != getattr(default, f.name)}


def save_settings(path: Path, settings: Settings) -> None:
    """Write ``settings`` (non-default values only) to ``path`` atomically: a temp
    file in the same folder, fsynced, then ``os.replace``, so a crash mid-write
    leaves the old file whole. Raises :class:`quizapp.errors.QuizError`."""
    import tomli_w

    from quizapp.errors import QuizError

    path = Path(path)
    text = tomli_w.dumps(settings_to_toml(settings))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as e:
        raise QuizError(f"{path}: cannot save settings ({e.strerror or e})") from None
