"""Read the worker's result lines as untrusted input: size-limited, every record checked.

The learner's code runs in the process that writes these lines and can write
anything to the results pipe. Before this check a ~100-byte forged line
(``"dtype": "S2000000000"``) made the app allocate gigabytes when decoded, and
a ``load_error`` that was not a string crashed the TUI. So every record must
have exactly one of the shapes below, every string and array is bounded, and
an array's elements must match its declared dtype and shape; anything else
makes the whole run malformed (the verdict ``crashed``), never an error here.

Records: ``{"case": i, "value": V}``, ``{"case": i, "error": str}``,
``{"case": i, "memory": str}``, ``{"memory": str}``, ``{"load_error": str}``,
``{"done": true}`` (last). A value ``V`` is JSON with the worker's tags:
``{"__nd__": nested lists, "dtype": name, "shape": [ints]}``, ``{"__tuple__":
[V...]}``, ``{"__unsupported__": str}``. (The worker's first line, ``{"ready":
true}``, written before any learner code runs, is taken off by
:mod:`quizapp.grading.sandbox` before these are read.)
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

RESULT_LIMIT = 8 * 1024 * 1024  # bytes of result lines; the largest expected output is a few KiB
MAX_TEXT = 64 * 1024  # a traceback or message
MAX_ELEMENTS = 1_000_000  # numbers in one run's values together
MAX_DEPTH = 24
BIG_INT = 1 << 64
DTYPES = {"bool": None, "float16": None, "float32": None, "float64": None,
          **{f"int{b}": (-(1 << (b - 1)), 1 << (b - 1)) for b in (8, 16, 32, 64)},
          **{f"uint{b}": (0, 1 << b) for b in (8, 16, 32, 64)}}
SHAPES = {("case", "value"), ("case", "error"), ("case", "memory"), ("memory",), ("load_error",), ("done",)}


class Malformed(ValueError):
    """A result record that the worker's own code could not have written."""


@dataclass
class Results:
    records: list[dict] = field(default_factory=list)
    problem: str = ""  # why the lines were rejected; "" when they were all valid


def parse(raw: bytes, case_count: int) -> Results:
    """All records of ``raw`` (at most :data:`RESULT_LIMIT` bytes), or none and the problem."""
    if len(raw) > RESULT_LIMIT:
        return Results(problem=f"more than {RESULT_LIMIT // (1024 * 1024)} MiB of results")
    checker = _Checker(case_count)
    try:
        for number, line in enumerate(raw.split(b"\n"), 1):
            if line.strip():
                checker.record(_json(line, number))
        checker.finish()
    except Malformed as e:
        return Results(problem=str(e))
    return Results(checker.records)


def _json(line: bytes, number: int):
    try:
        return json.loads(line.decode("utf-8"))
    except (ValueError, RecursionError, UnicodeDecodeError):
        raise Malformed(f"result line {number} is not valid JSON") from None


class _Checker:
    def __init__(self, case_count: int):
        self.case_count, self.done = case_count, False
        self.records: list[dict] = []
        self.seen: set[int] = set()
        self.elements = 0

    def record(self, record) -> None:
        if self.done:
            raise Malformed("a result after the end")
        if not isinstance(record, dict) or tuple(sorted(record)) not in {tuple(sorted(s)) for s in SHAPES}:
            raise Malformed("a result record of an unknown shape")
        if "case" in record:
            case = record["case"]
            if type(case) is not int or not 0 <= case < self.case_count or case in self.seen:
                raise Malformed("a result for a case that was not asked for, or twice")
            self.seen.add(case)
        for key in ("error", "memory", "load_error"):
            if key in record:
                _text(record[key])
        if "done" in record:
            if record["done"] is not True:
                raise Malformed("a malformed end record")
            self.done = True
        if "value" in record:
            record = {**record, "value": self.value(record["value"], 0)}
        self.records.append(record)

    def finish(self) -> None:
        if len(self.records) > self.case_count + 2:
            raise Malformed("more results than cases")

    def count(self, n: int) -> None:
        self.elements += n
        if self.elements > MAX_ELEMENTS:
            raise Malformed(f"more than {MAX_ELEMENTS} numbers returned")

    def value(self, v, depth: int):
        """``v`` itself when valid; a too-large integer becomes an unsupported value."""
        if depth > MAX_DEPTH:
            raise Malformed("a returned value nested too deeply")
        if v is None or isinstance(v, (bool, float)):
            self.count(1)
            return v
        if isinstance(v, int):
            self.count(1)
            return v if -BIG_INT < v < BIG_INT else {"__unsupported__": "an integer too large to compare"}
        if isinstance(v, str):
            return _text(v)
        if isinstance(v, list):
            self.count(len(v))
            return [self.value(x, depth + 1) for x in v]
        if isinstance(v, dict):
            keys = set(v)
            if keys == {"__tuple__"} and isinstance(v["__tuple__"], list):
                return {"__tuple__": self.value(v["__tuple__"], depth + 1)}
            if keys == {"__unsupported__"}:
                return {"__unsupported__": _text(v["__unsupported__"], 200)}
            if keys == {"__nd__", "dtype", "shape"}:
                return self.array(v)
        raise Malformed("a returned value of an unknown form")

    def array(self, v: dict) -> dict:
        dtype, shape = v["dtype"], v["shape"]
        if not isinstance(dtype, str) or dtype not in DTYPES:
            raise Malformed("an array of an unknown dtype")
        if not isinstance(shape, list) or len(shape) > MAX_DEPTH or not all(
                type(n) is int and 0 <= n <= MAX_ELEMENTS for n in shape):
            raise Malformed("an array with an invalid shape")
        size = math.prod(shape)
        if size > MAX_ELEMENTS:
            raise Malformed("an array larger than the limit")
        self.count(size)
        _check_nested(v["__nd__"], shape, DTYPES[dtype], dtype)
        return v


def _check_nested(data, shape: list[int], bounds, dtype: str) -> None:
    """``data`` has exactly ``shape`` and elements that fit ``dtype``; iterative, no recursion."""
    level = [data]
    for n in shape:
        nxt = []
        for item in level:
            if not isinstance(item, list) or len(item) != n:
                raise Malformed("an array whose data does not match its shape")
            nxt.extend(item)
        level = nxt
    for x in level:
        if dtype == "bool":
            ok = isinstance(x, bool)
        elif bounds is None:  # float
            ok = isinstance(x, float) or (type(x) is int and -BIG_INT < x < BIG_INT)
        else:
            ok = type(x) is int and bounds[0] <= x < bounds[1]
        if not ok:
            raise Malformed(f"an array element that is not a {dtype}")


def _text(v, limit: int = MAX_TEXT) -> str:
    if not isinstance(v, str) or len(v) > limit:
        raise Malformed("a message that is not text or is too long")
    return v
