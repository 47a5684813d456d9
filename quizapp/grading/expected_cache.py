"""Expected values on disk, so that a cold ``quizapp grade`` needs no torch.

Computing expected values means importing torch (about 1.5 s of a 2-2.7 s
cold grade) to get numbers that never change for a given exercise. They are
stored as JSON through :mod:`quizapp.content.data_codec` (arrays as dtype, shape and
numbers: data only, nothing runs when it is read) in the user's cache folder,
one file per exercise, under a key of everything that determines them: the
exercise as loaded (its cases, random-case spec, reference name, defaults),
the source of the engines package (references and case generators) and of
``cases.py`` (how they are called), and the installed torch and NumPy
versions. Any difference, or an unreadable file, means computing afresh.

In an isolated grade the learner's code cannot see this folder; unisolated,
it could forge expected values, as it could edit anything else of the user's.
"""
from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import re
from pathlib import Path
from typing import Any

from quizapp.atomic_file import write_atomically
from quizapp.content.data_codec import DataCodec
from quizapp.grading import cases
from quizapp.grading.cases import PreparedCase
from quizapp.grading.model import Exercise

_SOURCES = (Path(cases.__file__).resolve(),)
_SAFE_ID = re.compile(r"[^A-Za-z0-9_.-]")


def default_dir() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path("quizapp", appauthor=False) / "expected"


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


def _engine_sources() -> list[Path]:
    spec = importlib.util.find_spec("engines")
    folders = list(spec.submodule_search_locations) if spec and spec.submodule_search_locations else []
    return sorted(p for folder in folders for p in Path(folder).rglob("*.py"))


def key(exercise: Exercise) -> str:
    digest = hashlib.sha256(repr(exercise).encode())
    for path in [*_engine_sources(), *_SOURCES]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(_version_file("torch") + _version_file("numpy"))
    return digest.hexdigest()


def _codec() -> DataCodec:
    import numpy as np

    def array(dtype, shape, data):
        if np.dtype(dtype).kind not in "biuf":
            raise TypeError("not a numeric array")
        return np.array(data, dtype=dtype).reshape(shape)

    extra: dict[str, tuple[Any, Any, Any]] = {
        "ndarray": (np.ndarray, lambda a: {"dtype": str(a.dtype), "shape": list(a.shape), "data": a.tolist()},
                    array)}
    for scalar in (np.float64, np.float32, np.float16, np.int64, np.int32, np.bool_):
        extra[scalar.__name__] = (scalar, lambda v: {"v": v.item()}, scalar)
    return DataCodec([PreparedCase], extra)


def prepared(exercise: Exercise, cache_dir: Path | None) -> list[PreparedCase]:
    """``cases.prepare(exercise)``, from ``cache_dir`` when the stored key matches."""
    if cache_dir is None:
        return cases.prepare(exercise)
    codec, wanted = _codec(), key(exercise)
    file = Path(cache_dir) / f"{_SAFE_ID.sub('_', exercise.id)}.json"
    try:
        stored_key, result = codec.loads(file.read_bytes())
        if stored_key == wanted and isinstance(result, list) and all(isinstance(c, PreparedCase) for c in result):
            return result
    except (OSError, ValueError):
        pass
    result = cases.prepare(exercise)
    with contextlib.suppress(OSError, TypeError):  # read-only, or a value this format cannot hold: only costs speed
        write_atomically(file, codec.dumps([wanted, result]))
    return result
