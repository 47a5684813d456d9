"""Helpers every engine module shares: tensors, activations, random numbers, slips.

Kept in one place so the engines stay small and agree on conventions: all
tensors are float64 (passed explicitly, the global default dtype is never
touched), answers leave as plain Python numbers, generated numbers have one
decimal place like the worked examples in the notes, and a "mistake" is the
engine re-run on deliberately slipped parameters.
"""
from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterable
from typing import Any

from engines.base import Mistake, ParamError

ACTIVATIONS = ("sigmoid", "relu", "tanh", "linear", "leaky_relu", "elu", "gelu")
CLASSIC_ACTIVATIONS = ACTIVATIONS[:4]  # what a basic random card draws: worked by hand in the notes
LEAKY_SLOPE = 0.01  # nn.LeakyReLU's default negative_slope


# --- torch side (imported lazily so that listing engines never loads torch) ---

def tensor(value: Any, device):
    """``value`` (number or nested list) as a float64 tensor on ``device``."""
    import torch

    return torch.tensor(value, dtype=torch.float64, device=device)


def to_py(t) -> Any:
    """A tensor as a plain float or nested list of floats (JSON-ready)."""
    return t.detach().cpu().tolist()


def activation(name: str, negative_slope: float = LEAKY_SLOPE) -> Callable:
    """The torch function for an activation name from ``ACTIVATIONS``.

    ELU uses alpha 1 and GELU the exact erf form, the ``nn.ELU()`` / ``nn.GELU()``
    defaults, so a card needs no extra parameter for them; only Leaky ReLU's
    slope varies between papers, hence ``negative_slope``.
    """
    import torch
    import torch.nn.functional as F

    return {"sigmoid": torch.sigmoid, "relu": torch.relu, "tanh": torch.tanh, "linear": lambda z: z,
            "leaky_relu": lambda z: F.leaky_relu(z, negative_slope), "elu": F.elu, "gelu": F.gelu}[name]


def draw_activation(rng: random.Random, level: str) -> str:
    """An activation for a random card: the classic four at basic, GELU (erf) only at research."""
    return rng.choice(by_level(level, CLASSIC_ACTIVATIONS, ACTIVATIONS[:6], ACTIVATIONS))


def plain_activation(name: str, negative_slope: float = LEAKY_SLOPE) -> Callable[[float], float]:
    """The same activations as :func:`activation`, on one Python float: for generators,
    which must not load torch, to look at a drawn network's values."""
    return {"sigmoid": lambda z: 1 / (1 + math.exp(-z)), "relu": lambda z: max(z, 0.0), "tanh": math.tanh,
            "linear": lambda z: z, "leaky_relu": lambda z: z if z > 0 else negative_slope * z,
            "elu": lambda z: z if z > 0 else math.expm1(z),
            "gelu": lambda z: 0.5 * z * (1 + math.erf(z / math.sqrt(2)))}[name]


def real_module(cls, *args, device, **kwargs):
    """Build a real ``torch.nn`` module in float64 without running its random init.

    ``skip_init`` allocates the parameters uninitialised: the engine copies the
    exercise's own weights in, so spending time (and the global RNG stream) on
    Kaiming init would be waste and a hidden side effect.
    """
    import torch

    return torch.nn.utils.skip_init(cls, *args, device=device, dtype=torch.float64, **kwargs)


def load(module, **weights) -> None:
    """Copy exercise weights (nested lists) into ``module``'s named parameters."""
    import torch

    with torch.no_grad():
        for name, value in weights.items():
            param = getattr(module, name)
            param.copy_(torch.as_tensor(value, dtype=param.dtype, device=param.device).reshape(param.shape))


def squeeze1(values: Any) -> Any:
    """A one-element list as its number: a single-neuron answer reads as a scalar."""
    return values[0] if isinstance(values, list) and len(values) == 1 else values


# --- validation helpers used by the engines' ``check`` functions ---

def require(condition: bool, message: str) -> None:
    if not condition:
        raise ParamError(message)


def shape(value: Any) -> tuple[int, ...]:
    """Shape of a rectangular nested list (a number has shape ``()``)."""
    dims: list[int] = []
    while isinstance(value, list):
        dims.append(len(value))
        value = value[0]
    return tuple(dims)


def as_list(value: Any) -> list:
    """A number as a one-element list; a list unchanged."""
    return value if isinstance(value, list) else [value]


def as_rows(values: list) -> list:
    """A flat vector as a one-row list of vectors; a list of vectors unchanged
    (one gradient or several: per parameter, per step)."""
    return values if isinstance(values[0], list) else [values]


def factor(value: float, spec: str = "g") -> str:
    """``value`` as written inside a worked product or sum: a negative one in parentheses,
    so that "0.6·(-1.8) + (-0.7)" does not read as a typo ("0.6·-1.8 + -0.7")."""
    text = format(value, spec)
    return f"({text})" if value < 0 else text


# --- generation: one decimal place, like the notes' worked examples ---

def decimal(rng: random.Random, lo: float, hi: float, *, nonzero: bool = False) -> float:
    """A number in [lo, hi] on the 0.1 grid."""
    while True:
        v = rng.randint(round(lo * 10), round(hi * 10)) / 10
        if not (nonzero and v == 0):
            return v


def vector(rng: random.Random, n: int, lo: float = -1.0, hi: float = 1.0, *, nonzero: bool = False) -> list[float]:
    return [decimal(rng, lo, hi, nonzero=nonzero) for _ in range(n)]


def matrix(rng: random.Random, rows: int, cols: int, lo: float = -1.0, hi: float = 1.0, *,
           nonzero: bool = False) -> list[list[float]]:
    return [vector(rng, cols, lo, hi, nonzero=nonzero) for _ in range(rows)]


def integers(rng: random.Random, n: int, lo: int, hi: int) -> list[int]:
    return [rng.randint(lo, hi) for _ in range(n)]


def by_level(level: str, basic: Any, advanced: Any, research: Any) -> Any:
    """Pick the size (or range) for a difficulty level."""
    return {"basic": basic, "advanced": advanced, "research": research}[level]


# --- mistakes ---

def _close(a: Any, b: Any) -> bool:
    if isinstance(a, list) or isinstance(b, list):
        return (isinstance(a, list) and isinstance(b, list) and len(a) == len(b)
                and all(_close(x, y) for x, y in zip(a, b, strict=True)))
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def distinct(correct: Any, candidates: Iterable[tuple[Any, str]]) -> list[Mistake]:
    """Mistakes whose value differs from the correct answer (and from each other).

    A slip that happens to give the right number (forgetting a zero bias) is no
    mistake, and two slips with one value would make the hint ambiguous.
    """
    out: list[Mistake] = []
    for value, hint in candidates:
        if value is None or _close(value, correct) or any(_close(value, m.value) for m in out):
            continue
        out.append(Mistake(value, hint))
    return out


def answer_with(solve_fn: Callable, params: dict, key: str = "answer", **changes) -> Any:
    """Re-run ``solve_fn`` on CPU with some parameters slipped; read one output."""
    from engines.device import resolve_device

    solution = solve_fn({**params, **changes}, resolve_device("cpu"))
    return solution.answer if key == "answer" else solution.outputs[key]
