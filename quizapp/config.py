"""User settings: a TOML file in the user config dir, validated key by key.

Each setting is declared once, as a field of :class:`Settings` made by
:func:`setting`: its default, the :class:`Rule` its values must follow (which
also says, in words, what the key accepts), its shape (how TOML and a one-line
text field spell it) and, for those the Settings screen shows, its label. The
loader, the error messages, the screen's form and ``update_settings`` all read
that one declaration.

An invalid value is reported (naming the key) and replaced by its default, so a
typo in the config never stops the app from opening. The settings screen checks
each field with the same :func:`check_setting` the loader uses, so a value the
screen accepts always loads back unchanged.

:func:`update_settings` writes only the values that differ from the defaults: a key
the user never changed keeps following the app's defaults in later versions, and
the file stays short enough to read. It edits the file the user may have written by
hand rather than replacing it: only the lines of the settings it is given are
rewritten (tomlkit keeps the rest, comments, unknown keys and refused values included),
so ``quizapp plan --date`` or a theme switch never erases what someone typed there.
"""
from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from datetime import date
from pathlib import Path
from typing import Any, Literal, NamedTuple

from fsrs.scheduler import DEFAULT_PARAMETERS, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

# How a setting is spelled: in TOML (a list is a tuple here) and in a one-line text field;
# "limits" is a TOML table of decks (a tuple of DeckLimit here), written in the config file only.
Shape = Literal["int", "float", "floats", "text", "texts", "limits"]


@dataclass(frozen=True)
class Rule:
    """What a setting's values must be: the test, and the same thing in words
    (the reason a refused value is given)."""

    test: Callable[[Any], bool]
    says: str


@dataclass(frozen=True)
class Spec:
    """A setting's declaration beyond its default (see :func:`setting`)."""

    rule: Rule
    shape: Shape
    label: str | None  # shown in the Settings form under this label; None: config file only
    choices: tuple[str, ...] | None  # a fixed set of values: a select in the form


def setting(default: Any, rule: Rule, shape: Shape, label: str | None = None,
            choices: tuple[str, ...] | None = None) -> Any:
    """A :class:`Settings` field with its :class:`Spec` in the field's metadata."""
    return field(default=default, metadata={"spec": Spec(rule, shape, label, choices)})


def _number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def whole(low: int, high: int) -> Rule:
    return Rule(lambda v: isinstance(v, int) and not isinstance(v, bool) and low <= v <= high,
                f"a whole number from {low} to {high}")


def one_of(*values: str) -> Rule:
    return Rule(lambda v: v in values, f"{', '.join(values[:-1])} or {values[-1]}")


MAX_STEP_MINUTES = 30 * 24 * 60  # a learning step longer than 30 days is a review interval, not a step


def steps(example: str) -> Rule:
    """Each step from 1 minute to 30 days: a due date must stay a date (1e308 minutes
    overflowed datetime on the first reveal) and a step under a minute is a typo."""
    return Rule(lambda v: isinstance(v, tuple) and all(_number(x) and 1 <= x <= MAX_STEP_MINUTES for x in v),
                f"a list of minutes, each from 1 to {MAX_STEP_MINUTES} (30 days), e.g. {example}")


def _fsrs_parameters_ok(v) -> bool:
    """fsrs's own rule: exactly as many weights as its defaults, each within its bounds."""
    return (isinstance(v, tuple) and len(v) == len(DEFAULT_PARAMETERS)
            and all(_number(x) and lo <= x <= hi
                    for x, lo, hi in zip(v, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True)))


def parse_date(text: object) -> date | None:
    """``YYYY-MM-DD`` text as a date, ``None`` for anything else (a real date only:
    ``2025-02-30`` is none)."""
    if not isinstance(text, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


DEVICES = ("auto", "cpu", "cuda")
# How new cards from several decks come: interleaved one deck after another, each deck
# in its own order (Anki's "mixed" gather); deck after deck; or shuffled, the same all day.
NEW_CARD_ORDERS = ("mixed", "deck", "random")


class DeckLimit(NamedTuple):
    """One deck's own daily limits, as an Anki preset: ``None`` leaves that limit to the
    top one (``new_per_day`` / ``reviews_per_day``, which always applies as well)."""

    deck: str
    new_per_day: int | None = None
    reviews_per_day: int | None = None


_LIMIT_KEYS = ("new_per_day", "reviews_per_day")


def _deck_limits(value):
    """TOML's ``{cnn = {new_per_day = 5}}`` as DeckLimits; anything else as given, for the rule to refuse."""
    if not (isinstance(value, dict) and all(isinstance(v, dict) and set(v) <= set(_LIMIT_KEYS)
                                            for v in value.values())):
        return value
    return tuple(DeckLimit(deck, *(limits.get(key) for key in _LIMIT_KEYS)) for deck, limits in value.items())


def _deck_limits_ok(v) -> bool:
    return isinstance(v, tuple) and all(
        isinstance(d, DeckLimit) and d.deck != ""
        and all(n is None or whole(0, 9999).test(n) for n in d[1:]) for d in v)


@dataclass(frozen=True)
class Settings:
    desired_retention: float = setting(
        0.9, Rule(lambda v: isinstance(v, float) and 0.7 <= v <= 0.99, "a number between 0.7 and 0.99"),
        "float", "Desired retention")
    new_per_day: int = setting(20, whole(0, 9999), "int", "New cards per day")
    reviews_per_day: int = setting(200, whole(0, 9999), "int", "Reviews per day")
    new_card_order: str = setting("mixed", one_of(*NEW_CARD_ORDERS), "text", "New card order", NEW_CARD_ORDERS)
    # Per-deck limits under the top two, as Anki's presets: {cnn = {new_per_day = 5, reviews_per_day = 50}}.
    deck_limits: tuple[DeckLimit, ...] = setting(
        (), Rule(_deck_limits_ok, "a table of decks, each with new_per_day and/or reviews_per_day from 0 to 9999,"
                 " e.g. {cnn = {new_per_day = 5, reviews_per_day = 50}}"), "limits")
    learning_steps_minutes: tuple[float, ...] = setting((1.0, 10.0), steps("[1, 10]"), "floats",
                                                        "Learning steps (min)")
    relearning_steps_minutes: tuple[float, ...] = setting((10.0,), steps("[10]"), "floats",
                                                          "Relearning steps (min)")
    day_starts_at_hour: int = setting(4, whole(0, 23), "int", "Day starts at hour")
    leech_lapses: int = setting(8, whole(1, 99), "int", "Leech after lapses")
    content_dirs: tuple[str, ...] = setting(
        (), Rule(lambda v: isinstance(v, tuple) and all(isinstance(x, str) and x for x in v),
                 "a list of folder paths"), "texts", "Extra deck folders")
    theme: str = setting("textual-dark", Rule(lambda v: isinstance(v, str) and bool(v), "a Textual theme name"),
                         "text", "Theme")
    device: str = setting("auto", one_of(*DEVICES), "text", "Torch device (next start)", DEVICES)
    # None: the fsrs package's defaults; set by `quizapp optimize --apply` and Settings' Apply.
    fsrs_parameters: tuple[float, ...] | None = setting(
        None, Rule(_fsrs_parameters_ok, f"a list of {len(DEFAULT_PARAMETERS)} numbers within fsrs's bounds"
                   " (run `quizapp optimize --apply`)"), "floats")
    # A folder kept in sync between machines: the TUI syncs on start and quit.
    sync_dir: str = setting("", Rule(lambda v: isinstance(v, str), "a folder path synced between machines"
                                     " (empty: no sync)"), "text", "Sync folder")
    # Studying toward an interview (quizapp.study.interview): the date, the new cards a
    # day (0: paced to the date) and the recall the plan aims at on the day.
    interview_date: str = setting("", Rule(lambda v: v == "" or parse_date(v) is not None,
                                           "a date as YYYY-MM-DD (empty: no interview date)"), "text",
                                  "Interview date")
    plan_new_per_day: int = setting(0, whole(0, 9999), "int", "Plan: new a day (0 paced)")
    plan_target: float = setting(
        0.95, Rule(lambda v: isinstance(v, float) and 0.8 <= v <= 0.99, "a number between 0.8 and 0.99"),
        "float")


SPECS: dict[str, Spec] = {f.name: f.metadata["spec"] for f in fields(Settings)}


def _coerce(name: str, value):
    """TOML's shapes to the dataclass's: lists become tuples, "float" and "floats" floats, a
    "limits" table DeckLimits."""
    shape = SPECS[name].shape
    if shape == "limits":
        return _deck_limits(value)
    if isinstance(value, list):
        value = tuple(float(x) if shape == "floats" and _number(x) else x for x in value)
    if shape == "float" and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    return value


def check_setting(key: str, raw) -> tuple[object, str | None]:
    """``(value, None)`` for a valid ``raw`` (coerced to the Settings type), else
    ``(None, reason)`` where the reason says what the key accepts."""
    value, rule = _coerce(key, raw), SPECS[key].rule
    try:
        ok = rule.test(value)
    except TypeError:
        ok = False
    return (value, None) if ok else (None, rule.says)


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
    value the config file would hold: a list of texts is comma separated, a list
    of numbers comma or space separated, numbers are numbers. :func:`check_setting`
    then judges it."""
    shape = SPECS[key].shape
    if shape == "texts":
        return [part.strip() for part in text.split(",") if part.strip()]
    if shape == "floats":
        return [_scalar(part) for part in re.split(r"[,\s]+", text.strip()) if part]
    if shape == "text":
        return text.strip()
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
        if key not in SPECS:
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
    if SPECS[name].shape == "floats":  # `[1, 10]` reads better than `[1.0, 10.0]`; loading makes them floats
        return [int(x) if float(x).is_integer() else x for x in value]
    if SPECS[name].shape == "limits":  # a limit left to the top one is not written
        return {d.deck: {k: n for k, n in zip(_LIMIT_KEYS, d[1:], strict=True) if n is not None} for d in value}
    return list(value) if isinstance(value, tuple) else value


def settings_to_toml(settings: Settings) -> dict:
    """The non-default values of ``settings`` as a TOML-ready mapping."""
    default = Settings()
    return {f.name: _toml_value(f.name, getattr(settings, f.name)) for f in fields(Settings)
            if getattr(settings, f.name) != getattr(default, f.name)}


def update_settings(path: Path, doing: str, **changes: Any) -> Settings:
    """The settings in the config file at ``path`` with ``changes`` written in, from one
    read to one whole write (:func:`quizapp.atomic_file.write_atomically`: a crash
    mid-write leaves the old file whole). Each key named is set, or removed when it goes
    back to its default (a refused value there included); every other line stays as the
    user wrote it, since tomlkit keeps comments, unknown keys, refused values and line
    ends. A file that exists but cannot be read is not overwritten (that would lose what
    it holds): ``doing`` completes the refusal, "fix it before ...". Nothing is written
    when nothing changes. Raises :class:`quizapp.errors.QuizError`."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    from quizapp.atomic_file import write_atomically
    from quizapp.errors import QuizError

    path = Path(path)
    try:
        with open(path, encoding="utf-8", newline="") as file:  # newline="": CRLF stays CRLF
            text = file.read()
        data, document = tomllib.loads(text), tomlkit.parse(text)
    except FileNotFoundError:
        text, data, document = "", {}, tomlkit.document()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, TOMLKitError) as e:
        raise QuizError(f"{path}: {UNREADABLE} ({e}); fix it before {doing}") from None
    settings = replace(parse_settings(data)[0], **changes)
    wanted = settings_to_toml(settings)
    for name in changes:
        if name in wanted and data.get(name) != wanted[name]:
            if SPECS[name].shape == "limits":  # a table (or dotted keys): written anew, after the plain keys
                document.pop(name, None)
            document[name] = wanted[name]
        elif name not in wanted and name in data:
            document.pop(name)
    edited = tomlkit.dumps(document)
    if "\r\n" in text:  # a file kept with CRLF line ends: the lines added get them too
        edited = edited.replace("\r\n", "\n").replace("\n", "\r\n")
    if edited != text:
        try:
            write_atomically(path, edited, durable=True)
        except OSError as e:
            raise QuizError(f"{path}: cannot save settings ({e.strerror or e})") from None
    return settings
