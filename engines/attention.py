"""Transformer arithmetic: ``attention`` and ``positional-encoding``.

``attention`` is scaled dot-product attention, softmax(QKᵀ/√d)·V: the answer
is ``torch.nn.functional.scaled_dot_product_attention``; the scores and
weights shown as steps are the same computation spelled out with explicit
ops, which also exposes the attention weights a card may ask for.

``positional-encoding`` is the sinusoidal table of "Attention Is All You
Need", which torch has no module for: torch tensor ops on
PE(pos, 2i) = sin(pos/10000^(2i/d)), PE(pos, 2i+1) = cos(pos/10000^(2i/d)).
"""
from __future__ import annotations

import math
import random

from engines import _common as c
from engines.base import Engine, Param, Solution, Step

_MAX_SIDE = 16


def _solve(p: dict, device) -> Solution:
    import torch
    import torch.nn.functional as F

    q, k, v = (c.tensor(p[name], device) for name in ("Q", "K", "V"))
    d = q.shape[-1]
    scores = q @ k.T
    weights = torch.softmax(scores / math.sqrt(d), dim=-1)
    out = F.scaled_dot_product_attention(q[None], k[None], v[None])[0]
    steps = [Step("scores = Q·Kᵀ", c.to_py(scores)),
             Step(f"scaled scores = Q·Kᵀ / √{d}", c.to_py(scores / math.sqrt(d))),
             Step("weights = softmax over each row", c.to_py(weights)), Step("output = weights · V", c.to_py(out))]
    return Solution(c.to_py(out), steps,
                    {"scores": c.to_py(scores), "weights": c.to_py(weights), "output": c.to_py(out)})


def _generate(rng: random.Random, level: str) -> dict:
    n, m, d, dv = c.by_level(level, (1, 2, 2, 2), (2, 3, 2, 2), (3, 4, 4, 3))
    return {"Q": c.matrix(rng, n, d), "K": c.matrix(rng, m, d), "V": c.matrix(rng, m, dv, -2, 2)}


def _check(p: dict) -> None:
    d = len(p["Q"][0])
    c.require(len(p["K"][0]) == d, f"K: needs {d} columns, like Q (the key dimension d)")
    c.require(len(p["V"]) == len(p["K"]), f"V: needs one row per key ({len(p['K'])})")


def _mistakes(p: dict):
    right = c.answer_with(_solve, p)
    d = len(p["Q"][0])
    scaled = lambda factor: [[x * factor for x in row] for row in p["Q"]]  # noqa: E731
    return c.distinct(right, [
        (c.answer_with(_solve, p, Q=scaled(math.sqrt(d))), "Divide the scores by √d before the softmax."),
        (c.answer_with(_solve, p, Q=scaled(1 / math.sqrt(d))), "Divide by √d, not by d."),
    ])


ENGINE = Engine(
    name="attention",
    title="Scaled dot-product attention",
    params=(
        Param("Q", "matrix", "queries, one row each (n × d)", max_len=_MAX_SIDE),
        Param("K", "matrix", "keys, one row each (m × d)", max_len=_MAX_SIDE),
        Param("V", "matrix", "values, one row per key (m × d_v)", max_len=_MAX_SIDE),
    ),
    solve_fn=_solve,
    generate_fn=_generate,
    mistakes_fn=_mistakes,
    check=_check,
)



# --- positional-encoding ------------------------------------------------------

_BASE = 10000.0


def _pe_solve(p: dict, device) -> Solution:
    import torch

    d = p["d_model"]
    pair = torch.arange(0, d, 2, dtype=torch.float64, device=device)  # 2i
    freq = torch.exp(-pair / d * torch.log(torch.tensor(_BASE, dtype=torch.float64, device=device)))
    angle = p["pos"] * freq
    pe = torch.empty(d, dtype=torch.float64, device=device)
    pe[0::2], pe[1::2] = torch.sin(angle), torch.cos(angle)
    vector = c.to_py(pe)
    steps = [Step(f"frequencies 1/10000^(2i/{d}) for 2i = 0, 2, …, {d - 2}", c.to_py(freq)),
             Step(f"angles pos·frequency (pos = {p['pos']}, radians)", c.to_py(angle)),
             Step("PE: sin at even indices, cos at odd indices", vector)]
    return Solution(vector, steps, {"pe": vector, **{f"pe_{i}": v for i, v in enumerate(vector)}})


def _pe_mistakes(p: dict):
    import math

    right = c.answer_with(_pe_solve, p)
    d, pos = p["d_model"], p["pos"]
    swapped = [v for i in range(0, d, 2) for v in right[i:i + 2][::-1]]
    per_index = [(math.sin if i % 2 == 0 else math.cos)(pos / _BASE ** (i / d)) for i in range(d)]
    return c.distinct(right, [
        (swapped, "Even indices take the sine, odd indices the cosine."),
        (per_index, "Each sin/cos pair shares one frequency: the exponent is 2i/d for both 2i and 2i + 1."),
    ])


POSITIONAL_ENCODING = Engine(
    name="positional-encoding",
    title="Sinusoidal positional encoding",
    params=(
        Param("pos", "int", "position in the sequence (0-based)", min=0, max=100_000),
        Param("d_model", "int", "embedding width (even)", min=2, max=1024),
    ),
    solve_fn=_pe_solve,
    generate_fn=lambda rng, level: {"pos": rng.randint(0, c.by_level(level, 5, 20, 100)),
                                    "d_model": rng.choice(c.by_level(level, (4,), (4, 6, 8), (8, 16)))},
    mistakes_fn=_pe_mistakes,
    check=lambda p: c.require(p["d_model"] % 2 == 0, "d_model: must be even (sin and cos come in pairs)"),
)

ENGINES = (ENGINE, POSITIONAL_ENCODING)
