"""Expected values on disk, so that a cold ``quizapp grade`` needs no torch.

Computing expected values means importing torch (about 1.5 s of a 2-2.7 s
cold grade) to get numbers that never change for a given exercise. They are
stored as JSON through :mod:`quizapp.content.data_codec` (arrays as dtype, shape and
numbers: data only, nothing runs when it is read) in the user's cache folder,
one file per exercise, under a key of everything that determines them: the
fields of the exercise that ``cases.prepare`` reads (:data:`KEY_FIELDS`: its
cases, random-case spec, reference name and parameters with their defaults;
a test records what ``prepare`` reads), the source of the engines package
(references and case generators) and of ``cases.py`` (how they are called),
and the installed torch and NumPy versions (:mod:`quizapp.computed_cache`).
Any difference, or an unreadable file, means computing afresh. Nothing else
is in the key: an exercise whose prompt, hints, allowed imports or time limit
changed keeps its values (the whole exercise was the key before, so such an
edit, or a test's variant of an exercise, imported torch again and replaced
the stored values of the exercise itself).

In an isolated grade the learner's code cannot see this folder; unisolated,
it could forge expected values, as it could edit anything else of the user's.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from quizapp import computed_cache
from quizapp.content.data_codec import DataCodec
from quizapp.grading import cases
from quizapp.grading.cases import PreparedCase
from quizapp.grading.model import Exercise

_SOURCES = (Path(cases.__file__).resolve(),)


def default_dir() -> Path:
    return computed_cache.folder("expected")


KEY_FIELDS = ("cases", "random", "reference", "params")


def key(exercise: Exercise) -> str:
    return computed_cache.key(tuple(getattr(exercise, name) for name in KEY_FIELDS), *_SOURCES)


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
    codec = _codec()
    return computed_cache.load_or_compute(
        cache_dir, exercise.id, key(exercise), lambda: cases.prepare(exercise), dumps=codec.dumps, loads=codec.loads,
        valid=lambda value: isinstance(value, list) and all(isinstance(c, PreparedCase) for c in value))
