"""Keys and folders for answers that torch computes once and the user's cache keeps.

Expected values of exercises (:mod:`quizapp.grading.expected_cache`) and worked
examples of numeric cards (:mod:`quizapp.interchange.numeric`) never change for a
given card or exercise, but computing them means importing torch (1.5-3 s) and
running engines. Both are kept in the user's cache folder under a key of
everything that determines them: the thing as loaded (its ``repr``), the source
of the ``engines`` package, the quizapp modules that turn it into numbers, and
the installed torch and NumPy versions. Any difference, or a file that does not
read back as what was stored, means computing afresh; a cache that cannot be
written only costs speed. Files hold data only (JSON through a codec the caller
gives, :mod:`quizapp.content.data_codec`): nothing runs when one is read.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from quizapp.atomic_file import write_atomically

T = TypeVar("T")
_SAFE_ID = re.compile(r"[^A-Za-z0-9_.-]")


def folder(name: str) -> Path:
    """``<user cache>/quizapp/<name>``: one folder per kind of computed answer."""
    from platformdirs import user_cache_path

    return user_cache_path("quizapp", appauthor=False) / name


def _version_file(package: str, name: str = "version.py") -> bytes:
    """A package's version file, found without importing the package (torch takes 1.5 s)."""
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.origin:
        return b"absent"
    try:
        return Path(spec.origin).with_name(name).read_bytes()
    except OSError:
        return spec.origin.encode()


@functools.cache
def _source(path: Path) -> bytes:
    """A source file's name and text, read once a process (an export keys 195 cards;
    the files do not change while quizapp runs)."""
    return path.name.encode() + b"\0" + path.read_bytes() + b"\0"


@functools.cache
def _engines_fingerprint() -> bytes:
    """The engines' source and the torch and NumPy versions."""
    spec = importlib.util.find_spec("engines")
    folders = list(spec.submodule_search_locations) if spec and spec.submodule_search_locations else []
    paths = sorted(p for f in folders for p in Path(f).rglob("*.py"))
    return hashlib.sha256(b"".join(map(_source, paths)) + _version_file("torch") + _version_file("numpy")).digest()


def key(thing: object, *sources: Path) -> str:
    """The key of what is computed from ``thing`` by the engines and the modules ``sources``."""
    digest = hashlib.sha256(repr(thing).encode())
    digest.update(_engines_fingerprint())
    for path in sources:
        digest.update(_source(path))
    return digest.hexdigest()


def load_or_compute(cache_dir: Path | None, name: str, wanted: str, compute: Callable[[], T], *,
                    dumps: Callable[[Any], str], loads: Callable[[bytes], Any],
                    valid: Callable[[Any], bool], keep: Callable[[T], bool] = lambda value: True) -> T:
    """What ``compute()`` gives, read from ``<cache_dir>/<name>.json`` when that file was
    stored under the key ``wanted`` and holds a ``valid`` value; else computed and,
    when ``keep(value)``, stored there. ``cache_dir`` None: always computed, nothing kept."""
    if cache_dir is None:
        return compute()
    file = Path(cache_dir) / f"{_SAFE_ID.sub('_', name)}.json"
    try:
        stored = loads(file.read_bytes())
        if isinstance(stored, list) and len(stored) == 2 and stored[0] == wanted and valid(stored[1]):
            return stored[1]
    except (OSError, ValueError):
        pass
    value = compute()
    if keep(value):
        with contextlib.suppress(OSError, TypeError):  # read-only, or a value the codec cannot hold
            write_atomically(file, dumps([wanted, value]))
    return value
