"""Test cases of an exercise: their arguments, expected values and the comparison.

Expected values are computed here, in the parent, by the torch reference in
``engines/references.py``; the sandboxed child only ever sees the arguments,
so learner code can neither read nor fake the answers. The comparison says
where the first mismatch is (index, expected vs got, shapes), rustlings-style.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from quizapp.grading.model import Exercise


@dataclass(frozen=True)
class PreparedCase:
    name: str
    args: dict  # JSON-ready, exactly as sent to the learner's function
    expected: Any


def case_arguments(exercise: Exercise) -> list[tuple[str, dict]]:
    """Fixed cases in file order, then the seeded random ones."""
    out = [(c.name, dict(c.args)) for c in exercise.cases]
    if exercise.random:
        import numpy as np

        generate = getattr(_references(), exercise.random.generator)
        for i in range(exercise.random.count):
            seed = exercise.random.seed + i
            out.append((f"random #{i + 1} (seed {seed})", generate(np.random.default_rng(seed))))
    return out


def prepare(exercise: Exercise) -> list[PreparedCase]:
    """Arguments and torch-computed expected values for every case."""
    reference = getattr(_references(), exercise.reference)
    prepared = []
    for name, args in case_arguments(exercise):
        full = {p.name: p.default for p in exercise.params if p.has_default}
        full.update(args)
        prepared.append(PreparedCase(name, args, reference(**full)))
    return prepared


def _references():
    return importlib.import_module("engines.references")


def decode(value: Any) -> Any:
    """Undo the worker's tagging: arrays back to ndarrays, tuples back to tuples."""
    import numpy as np

    if isinstance(value, dict):
        if "__nd__" in value:
            return np.array(value["__nd__"], dtype=value.get("dtype", "float64")).reshape(value["shape"])
        if "__tuple__" in value:
            return tuple(decode(v) for v in value["__tuple__"])
        return Unsupported(value.get("__unsupported__", "object"))
    if isinstance(value, list):
        return [decode(v) for v in value]
    return value


@dataclass(frozen=True)
class Unsupported:
    """A returned value that cannot be compared (a dict, a string array...)."""

    type_name: str

    def __repr__(self) -> str:
        return f"<{self.type_name}>"


def _fmt(x: Any) -> str:
    import numpy as np

    if isinstance(x, np.ndarray):
        return np.array2string(x, precision=6, threshold=20, separator=", ")
    if isinstance(x, float):
        return f"{x:.6g}"
    return repr(x)


def _describe(x: Any) -> str:
    import numpy as np

    if isinstance(x, np.ndarray):
        return f"array of shape {x.shape}"
    return type(x).__name__


def compare(expected: Any, got: Any, rtol: float, atol: float, where: str = "") -> str | None:
    """None when ``got`` matches; else the first mismatch in words."""
    import numpy as np

    at = f" in {where}" if where else ""
    if isinstance(got, Unsupported):
        return f"returned {got.type_name}{at}; expected {_describe(expected)}"
    if isinstance(expected, (tuple, list)):  # a tuple of results, or one array per parameter
        what = f"a tuple of {len(expected)}" if isinstance(expected, tuple) else f"a list of {len(expected)} arrays"
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            return f"expected {what}{at}, got {_describe(got)}"
        for i, (e, g) in enumerate(zip(expected, got)):
            problem = compare(e, g, rtol, atol, f"{where}[{i}]" if where else f"item {i}")
            if problem:
                return problem
        return None
    if isinstance(expected, (bool, np.bool_)):
        return None if got is expected or got == expected else f"expected {expected}{at}, got {_fmt(got)}"
    if isinstance(expected, (int, np.integer)):
        if isinstance(got, bool) or not isinstance(got, (int, np.integer)):
            return f"expected the integer {int(expected)}{at}, got {got!r} ({type(got).__name__})"
        return None if got == expected else f"expected {int(expected)}{at}, got {got}"
    return _compare_arrays(np.asarray(expected), got, rtol, atol, at, scalar=not isinstance(expected, np.ndarray))


def _compare_arrays(exp, got, rtol, atol, at, scalar) -> str | None:
    import numpy as np

    try:
        arr = np.asarray(got, dtype=np.float64) if exp.dtype.kind == "f" else np.asarray(got)
    except (TypeError, ValueError):
        return f"expected {'a number' if scalar else f'an array of shape {exp.shape}'}{at}, got {type(got).__name__}"
    if arr.dtype.kind not in "biuf":
        return f"expected numbers{at}, got {type(got).__name__}"
    if scalar and arr.shape != ():
        if arr.size == 1:
            arr = arr.reshape(())
        else:
            return f"expected a single number {_fmt(float(exp))}{at}, got an array of shape {arr.shape}"
    if arr.shape != exp.shape:
        return f"shape mismatch{at}: expected {exp.shape}, got {arr.shape}\n  expected {_fmt(exp)}\n  got      {_fmt(arr)}"
    if exp.dtype.kind in "iub":
        bad = arr != exp
    else:
        bad = ~np.isclose(arr, exp, rtol=rtol, atol=atol, equal_nan=False)
    if not bad.any():
        return None
    if scalar:
        return f"expected {_fmt(float(exp))}{at}, got {_fmt(float(arr))}"
    index = tuple(int(i) for i in np.argwhere(bad)[0])
    shown = index if len(index) != 1 else index[0]
    return (f"first mismatch{at} at index {shown} (of {int(bad.sum())} wrong, shape {exp.shape}): "
            f"expected {_fmt(exp[index].item())}, got {_fmt(arr[index].item())}")
