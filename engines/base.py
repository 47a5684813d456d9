"""The shape every exercise engine shares.

An engine is a pure function of its parameters: ``solve`` builds the real torch
module or autograd graph and reads the answer off it, ``generate`` draws fresh,
well-conditioned parameters for a randomised card. Modules here import only the
standard library at top level; torch and NumPy are imported inside functions so
that listing engines and validating parameters never loads torch.
"""
from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

LEVELS = ("basic", "advanced", "research")
GENERATE_TRIES = 500  # draws to find one that agrees with a card's fixed choices


class ParamError(ValueError):
    """Parameters that do not fit an engine's schema; the message names it."""


@dataclass(frozen=True)
class Param:
    """One parameter of an engine.

    ``type`` is one of: ``int``, ``float``, ``bool``, ``str``, ``vector``
    (list of numbers), ``matrix`` (list of equal-length rows), ``tensor``
    (nested lists of numbers, any rank), ``list`` (list of objects, checked by
    the engine itself).
    """

    name: str
    type: str
    description: str
    default: Any = None
    required: bool = True
    choices: Sequence[Any] | None = None
    min: float | None = None
    max: float | None = None
    max_len: int | None = None  # longest vector/row/list allowed


@dataclass(frozen=True)
class Step:
    """A labelled line of the worked solution (``value`` is JSON-ready)."""

    label: str
    value: Any


@dataclass(frozen=True)
class Mistake:
    """A wrong answer learners commonly give, with the hint to show them."""

    value: Any
    hint: str


@dataclass
class Solution:
    """What ``solve`` returns: the main answer, named outputs and the steps.

    ``outputs`` always holds ``answer`` too, so a card can ask for any of them
    by name. All numbers are plain Python floats/ints (float64 precision) or
    nested lists of them.
    """

    answer: Any
    steps: list[Step]
    outputs: dict[str, Any] = field(default_factory=dict)
    device: str = "cpu"


@dataclass(frozen=True)
class Engine:
    name: str
    title: str
    params: tuple[Param, ...]
    solve_fn: Callable[[dict, Any], Solution]
    generate_fn: Callable[[random.Random, str], dict]
    mistakes_fn: Callable[[dict], list[Mistake]] | None = None
    check: Callable[[dict], None] | None = None  # extra cross-parameter checks
    # Outputs that are whole numbers (counts, sizes, shapes, indices): typed exactly,
    # never rounded. Declared, not sniffed from a solve, so a prompt can say so
    # before torch has loaded.
    exact_outputs: frozenset[str] = frozenset()

    def schema(self) -> dict:
        """A JSON-ready description of the parameters."""
        return {
            p.name: {
                k: v
                for k, v in {
                    "type": p.type,
                    "description": p.description,
                    "required": p.required,
                    "default": p.default,
                    "choices": list(p.choices) if p.choices else None,
                    "min": p.min,
                    "max": p.max,
                }.items()
                if v is not None
            }
            for p in self.params
        }

    def validate(self, params: dict) -> dict:
        """Return the parameters with defaults filled in, or raise ParamError."""
        return validate_params(self, params)

    def generate(self, rng: random.Random, level: str = "basic", fixed: dict | None = None) -> dict:
        """Fresh parameters, with ``fixed`` ones kept as given.

        A fixed parameter that has ``choices`` (a layer type, an activation)
        shapes the others, so draws are repeated (at the asked level first,
        then at the others) until the generator picked the same choice; the
        fixed values then override the draw.
        """
        fixed = fixed or {}
        choosers = {p.name for p in self.params if p.choices is not None} & set(fixed)
        levels = [level] + [other for other in LEVELS if other != level]
        for drawn in (self.generate_fn(rng, lv) for lv in levels for _ in range(GENERATE_TRIES)):
            if all(drawn.get(name) == fixed[name] for name in choosers):
                break
        return self.validate({**drawn, **fixed})

    def solve(self, params: dict, device: str = "auto") -> Solution:
        from engines.device import resolve_device

        checked = self.validate(params)
        dev = resolve_device(device)
        solution = self.solve_fn(checked, dev)
        if not _all_finite(solution.answer):  # finite inputs past float64's range: nothing to check against
            raise ParamError(f"{self.name}: the numbers overflow: the answer is not a finite number (inf or nan);"
                             " use smaller values")
        solution.outputs.setdefault("answer", solution.answer)
        solution.device = str(dev)
        return solution

    def mistakes(self, params: dict) -> list[Mistake]:
        return self.mistakes_fn(self.validate(params)) if self.mistakes_fn else []


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _all_finite(value: Any) -> bool:
    if isinstance(value, (list, tuple)):
        return all(_all_finite(v) for v in value)
    return not isinstance(value, float) or math.isfinite(value)


def _check_finite(name: str, v: Any) -> None:
    if isinstance(v, float) and not math.isfinite(v):
        raise ParamError(f"{name}: must be a finite number, got {v}")


def _check_numbers(name: str, v: Any, depth: int | None, max_len: int | None) -> None:
    """Check a nested list of numbers, of exactly ``depth`` levels if given."""
    if _is_number(v):
        if depth not in (None, 0):
            raise ParamError(f"{name}: expected a list, got a number")
        _check_finite(name, v)
        return
    if not isinstance(v, list) or not v:
        raise ParamError(f"{name}: expected a non-empty list of numbers")
    if max_len is not None and len(v) > max_len:
        raise ParamError(f"{name}: at most {max_len} entries (got {len(v)})")
    for item in v:
        _check_numbers(name, item, None if depth is None else depth - 1, max_len)
    if depth is None and any(isinstance(i, list) for i in v):
        lengths = {len(i) if isinstance(i, list) else -1 for i in v}
        if len(lengths) != 1:
            raise ParamError(f"{name}: rows must all have the same length")


def _check_param(p: Param, v: Any) -> Any:
    name = p.name
    if p.type == "int":
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        if not isinstance(v, int) or isinstance(v, bool):
            raise ParamError(f"{name}: expected an integer, got {v!r}")
    elif p.type == "float":
        if not _is_number(v):
            raise ParamError(f"{name}: expected a number, got {v!r}")
        v = float(v)
        _check_finite(name, v)
    elif p.type == "bool":
        if not isinstance(v, bool):
            raise ParamError(f"{name}: expected true or false, got {v!r}")
    elif p.type == "str":
        if not isinstance(v, str):
            raise ParamError(f"{name}: expected a string, got {v!r}")
    elif p.type == "vector":
        _check_numbers(name, v, 1, p.max_len)
    elif p.type == "matrix":
        _check_numbers(name, v, 2, p.max_len)
        if len({len(row) for row in v}) != 1:
            raise ParamError(f"{name}: rows must all have the same length")
    elif p.type == "tensor":
        _check_numbers(name, v, None, p.max_len)
    elif p.type == "list":
        if not isinstance(v, list) or not v:
            raise ParamError(f"{name}: expected a non-empty list")
        if p.max_len is not None and len(v) > p.max_len:
            raise ParamError(f"{name}: at most {p.max_len} entries (got {len(v)})")
    else:  # pragma: no cover - a schema bug, not user input
        raise AssertionError(f"unknown param type {p.type}")
    if p.choices is not None and v not in p.choices:
        raise ParamError(f"{name}: must be one of {', '.join(map(str, p.choices))}; got {v!r}")
    if _is_number(v):
        if p.min is not None and v < p.min:
            raise ParamError(f"{name}: must be at least {p.min}, got {v}")
        if p.max is not None and v > p.max:
            raise ParamError(f"{name}: must be at most {p.max}, got {v}")
    return v


def check_value(p: Param, v: Any) -> Any:
    """Check one value against a ``Param``; engines use it for nested objects."""
    return _check_param(p, v)


def validate_params(engine: Engine, params: dict) -> dict:
    if not isinstance(params, dict):
        raise ParamError(f"{engine.name}: parameters must be a JSON object")
    known = {p.name for p in engine.params}
    unknown = sorted(set(params) - known)
    if unknown:
        raise ParamError(
            f"{engine.name}: unknown parameter(s) {', '.join(unknown)}; "
            f"expected {', '.join(p.name for p in engine.params)}"
        )
    out = {}
    for p in engine.params:
        if p.name in params and params[p.name] is not None:
            try:
                out[p.name] = _check_param(p, params[p.name])
            except ParamError as e:
                raise ParamError(f"{engine.name}: {e}") from None
        elif p.required and p.default is None:
            raise ParamError(
                f"{engine.name}: missing parameter {p.name!r} ({p.type}: {p.description})"
            )
        elif p.default is not None:
            out[p.name] = p.default
    if engine.check:
        try:
            engine.check(out)
        except ParamError as e:
            raise ParamError(f"{engine.name}: {e}") from None
    return out
