"""User settings: a TOML file in the user config dir, validated key by key.

An invalid value is reported (naming the key) and replaced by its default, so a
typo in the config never stops the app from opening.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path


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


_CHECKS = {
    "desired_retention": lambda v: isinstance(v, float) and 0.7 <= v <= 0.99,
    "new_per_day": lambda v: isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 9999,
    "reviews_per_day": lambda v: isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 99999,
    "learning_steps_minutes": lambda v: all(isinstance(x, (int, float)) and x > 0 for x in v),
    "relearning_steps_minutes": lambda v: all(isinstance(x, (int, float)) and x > 0 for x in v),
    "day_starts_at_hour": lambda v: isinstance(v, int) and 0 <= v <= 23,
    "leech_lapses": lambda v: isinstance(v, int) and v >= 1,
    "device": lambda v: v in ("auto", "cpu", "cuda"),
    "theme": lambda v: isinstance(v, str) and bool(v),
    "content_dirs": lambda v: all(isinstance(x, str) for x in v),
}

_HELP = {
    "desired_retention": "a number between 0.7 and 0.99",
    "new_per_day": "a whole number from 0 to 9999",
    "reviews_per_day": "a whole number from 0 to 99999",
    "learning_steps_minutes": "a list of minutes, e.g. [1, 10]",
    "relearning_steps_minutes": "a list of minutes, e.g. [10]",
    "day_starts_at_hour": "an hour from 0 to 23",
    "leech_lapses": "a whole number of at least 1",
    "device": "auto, cpu or cuda",
    "theme": "a Textual theme name",
    "content_dirs": "a list of folder paths",
}


def _coerce(name: str, value):
    if isinstance(value, list):
        value = tuple(float(x) if "minutes" in name and isinstance(x, int) else x for x in value)
    if name == "desired_retention" and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    return value


def parse_settings(data: dict, origin: str = "config") -> tuple[Settings, list[str]]:
    """Settings from a mapping, plus one warning per bad or unknown key."""
    known = {f.name for f in fields(Settings)}
    values, warnings = {}, []
    for key, raw in data.items():
        if key not in known:
            warnings.append(f"{origin}: unknown setting {key!r} ignored")
            continue
        value = _coerce(key, raw)
        try:
            ok = _CHECKS[key](value)
        except TypeError:
            ok = False
        if ok:
            values[key] = value
        else:
            warnings.append(f"{origin}: {key} = {raw!r} is invalid ({_HELP[key]}); using the default")
    return replace(Settings(), **values), warnings


def load_settings(path: Path) -> tuple[Settings, list[str]]:
    """Read the config file; a missing file gives the defaults silently."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings(), []
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        return Settings(), [f"{path}: cannot read config ({e}); using defaults"]
    return parse_settings(data, str(path))
