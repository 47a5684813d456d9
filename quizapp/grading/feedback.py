"""How a failed case is put into words: numbers with the digits that differ,
arrays one under the other, and the case's inputs, clipped when big.

Kept apart from :mod:`quizapp.grading.cases` (which decides *whether* a value
matches) so that the wording can change without touching the comparison.
"""
from __future__ import annotations

from typing import Any

INPUT_CHARS = 400  # one input shown in a failure: enough to see it, a big array stays readable
STRICT_FLOAT_NOTE = ("(this exercise counts a NumPy overflow, invalid-value or divide-by-zero warning "
                     "as a failure, as its prompt says)")


def show(x: Any, prefix: str = "") -> str:
    """A value for a message; an array's later rows line up under a ``prefix`` of the first."""
    import numpy as np

    if isinstance(x, np.ndarray):
        return np.array2string(x, precision=6, threshold=20, separator=", ", suppress_small=True, prefix=prefix)
    if isinstance(x, float):
        return f"{x:.6g}"
    return repr(x)


def _pair(expected: float, got: float) -> tuple[str, str]:
    """Both numbers with just enough significant digits to tell them apart
    (never "expected -1.22474, got -1.22474")."""
    for digits in range(6, 18):
        e, g = f"{expected:.{digits}g}", f"{got:.{digits}g}"
        if e != g:
            return e, g
    return repr(expected), repr(got)


def _difference(expected: float, got: float, rtol: float, atol: float) -> str:
    """How far off, next to how far off is allowed, for finite numbers."""
    import math

    if not (math.isfinite(expected) and math.isfinite(got)):
        return ""
    return f" (off by {abs(got - expected):.2g}; allowed {atol + rtol * abs(expected):.2g})"


def mismatch(expected: float, got: float, rtol: float, atol: float, at: str = "") -> str:
    e, g = _pair(expected, got)
    return f"expected {e}{at}, got {g}{_difference(expected, got, rtol, atol)}"


def describe_inputs(args: dict) -> str:
    """The case's inputs, one per line, big arrays clipped (random cases too: the seed alone tells nothing)."""
    import numpy as np

    lines = ["inputs:"]
    for name, value in args.items():
        if isinstance(value, list) and value and not _ragged(value):
            arr = np.array(value)
            text = np.array2string(arr, threshold=40, edgeitems=3, precision=8, separator=", ", max_line_width=100)
            shape = f"  (shape {arr.shape})" if arr.ndim > 1 or arr.size > 6 else ""
            text = text.replace("\n", "\n" + " " * (len(name) + 5)) + shape
        else:
            text = repr(value)
        lines.append(f"  {name} = {text if len(text) <= INPUT_CHARS else text[:INPUT_CHARS] + ' …'}")
    return "\n".join(lines)


def _ragged(value: list) -> bool:
    """A list of arrays of different shapes (an ``arrays`` argument): shown as written."""
    return any(isinstance(v, list) for v in value) and len({repr(_shape(v)) for v in value}) > 1


def _shape(v):
    return (len(v), _shape(v[0]) if v else None) if isinstance(v, list) else ()


def with_inputs(message: str, case) -> str:
    """A failure message followed by the inputs that produced it (and, for a
    float error raised because the exercise is strict, why it was raised)."""
    if "FloatingPointError:" in message:
        message = f"{message}\n{STRICT_FLOAT_NOTE}"
    return f"{message}\n{describe_inputs(case.args)}" if case.args else message


def expected_and_got(exp, arr) -> str:
    """Expected and got arrays one under the other, rows aligned."""
    return f"  expected {show(exp, '  expected ')}\n  got      {show(arr, '  got      ')}"
