"""``attention``: scaled dot-product attention, softmax(QKᵀ/√d)·V.

The answer is ``torch.nn.functional.scaled_dot_product_attention``; the scores
and weights shown as steps are the same computation spelled out with explicit
ops, which also exposes the attention weights a card may ask for.
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
    steps = [Step("scores = Q·Kᵀ", c.to_py(scores)), Step(f"scaled scores = Q·Kᵀ / √{d}", c.to_py(scores / math.sqrt(d))),
             Step("weights = softmax over each row", c.to_py(weights)), Step("output = weights · V", c.to_py(out))]
    return Solution(c.to_py(out), steps, {"scores": c.to_py(scores), "weights": c.to_py(weights), "output": c.to_py(out)})


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

ENGINES = (ENGINE,)
