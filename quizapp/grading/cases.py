"""Test cases of an exercise: their arguments, expected values and the comparison.

Expected values are computed here, in the parent, by the torch reference in
``engines/references.py``; the sandboxed child only ever sees the arguments,
so learner code can neither read nor fake the answers. The comparison says
where the first mismatch is (index, expected vs got with the digits that
differ, shapes) and :func:`with_inputs` adds the case's inputs, rustlings-style.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from quizapp.grading.feedback import expected_and_got, mismatch, show, with_inputs
from quizapp.grading.model import Exercise

__all__ = ["PreparedCase", "call_arguments", "case_arguments", "check", "compare", "decode", "prepare", "with_inputs"]


@dataclass(frozen=True)
class PreparedCase:
    name: str
    args: dict  # JSON-ready, in signature order, exactly as passed (positionally) to the learner's function
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
        prepared.append(PreparedCase(name, call_arguments(exercise, args), reference(**full)))
    return prepared


def call_arguments(exercise: Exercise, args: dict) -> dict:
    """``args`` in signature order, defaults filled in up to the last one given.

    The worker passes them positionally, so a learner who renamed a parameter
    (``def softmax(logits)``) is not failed for it, and a trailing default the
    case leaves out is not sent, so a function without that parameter still runs.
    """
    names = [p.name for p in exercise.params]
    last = max((i for i, name in enumerate(names) if name in args), default=-1)
    return {p.name: args.get(p.name, p.default) for p in exercise.params[:last + 1]}


def check(case: PreparedCase, got: Any, rtol: float, atol: float) -> str | None:
    """None when the learner's value matches the case; else what differs, and the inputs."""
    problem = compare(case.expected, got, rtol, atol)
    return None if problem is None else with_inputs(problem, case)


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


def _describe(x: Any) -> str:
    import numpy as np

    if isinstance(x, np.ndarray):
        return f"array of shape {x.shape}"
    return type(x).__name__


def compare(expected: Any, got: Any, rtol: float, atol: float, where: str = "") -> str | None:
    """None when ``got`` matches; else the first mismatch in words."""
    import numpy as np

    at = f" in {where}" if where else ""
    if got is None:
        return f"the function returned None{at} (missing return?); expected {_describe(expected)}"
    if isinstance(got, Unsupported):
        return f"returned {got.type_name}{at}; expected {_describe(expected)}"
    if isinstance(expected, (tuple, list)):  # a tuple of results, or one array per parameter
        what = f"a tuple of {len(expected)}" if isinstance(expected, tuple) else f"a list of {len(expected)} arrays"
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            return f"expected {what}{at}, got {_describe(got)}"
        for i, (e, g) in enumerate(zip(expected, got, strict=True)):
            problem = compare(e, g, rtol, atol, f"{where}[{i}]" if where else f"item {i}")
            if problem:
                return problem
        return None
    if isinstance(expected, (bool, np.bool_)):
        return None if got is expected or got == expected else f"expected {expected}{at}, got {show(got)}"
    if isinstance(expected, (int, np.integer)):
        if isinstance(got, bool) or not isinstance(got, (int, np.integer)):
            return f"expected the integer {int(expected)}{at}, got {got!r} ({type(got).__name__})"
        return None if got == expected else f"expected {int(expected)}{at}, got {got}"
    return _compare_arrays(np.asarray(expected), got, (rtol, atol), at, scalar=not isinstance(expected, np.ndarray))


def _compare_arrays(exp, got, tolerance, at, scalar) -> str | None:
    import numpy as np

    rtol, atol = tolerance
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
            return f"expected a single number {show(float(exp))}{at}, got an array of shape {arr.shape}"
    if arr.shape != exp.shape:
        return f"shape mismatch{at}: expected {exp.shape}, got {arr.shape}\n{expected_and_got(exp, arr)}"
    bad = arr != exp if exp.dtype.kind in "iub" else ~np.isclose(arr, exp, rtol=rtol, atol=atol, equal_nan=False)
    if not bad.any():
        return None
    if scalar:
        return mismatch(float(exp), float(arr), rtol, atol, at)
    index = tuple(int(i) for i in np.argwhere(bad)[0])
    shown = index if len(index) != 1 else index[0]
    if exp.dtype.kind in "iub":
        first = f"expected {exp[index].item()}, got {arr[index].item()}"
    else:
        first = mismatch(float(exp[index]), float(arr[index]), rtol, atol)
    return (f"first mismatch{at} at index {shown} (of {int(bad.sum())} wrong, shape {exp.shape}): {first}\n"
            f"{expected_and_got(exp, arr)}")
