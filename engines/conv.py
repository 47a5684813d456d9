"""Sliding-window operations on one 2-D feature map: ``conv2d`` and ``pool``.

The answer is ``torch.nn.functional.conv2d`` / ``max_pool2d`` / ``avg_pool2d``
on the exercise's numbers; the steps list every output position with the
window it read (taken with ``unfold``, so padding zeros show up as they should).
Positions are 1-based (row, column), like the notes' Y₁,₁ for the top-left.
"""
from __future__ import annotations

import random

from engines import _common as c
from engines.base import Engine, Param, Solution, Step

_MAX_SIDE = 12


def _windows(x, kh: int, kw: int, stride: int, padding: int):
    """Each output position's input window as a flat list, row by row."""
    import torch.nn.functional as F

    cols = F.unfold(x[None, None], (kh, kw), stride=stride, padding=padding)[0]
    return c.to_py(cols.T)


def _check_fits(x, kh: int, kw: int, stride: int, padding: int, what: str) -> None:
    rows, cols = len(x), len(x[0])
    c.require(kh <= rows + 2 * padding and kw <= cols + 2 * padding,
              f"{what}: a {kh}×{kw} window does not fit a {rows}×{cols} input with padding {padding}")


def _position_steps(fmap: list, windows: list, describe) -> tuple[list[Step], dict]:
    steps, outputs = [], {}
    width = len(fmap[0])
    for n, window in enumerate(windows):
        i, j = divmod(n, width)
        value = fmap[i][j]
        steps.append(Step(f"Y({i + 1},{j + 1}) = {describe(window)}", value))
        outputs[f"y_{i + 1}_{j + 1}"] = value
    return steps, outputs


# --- conv2d -------------------------------------------------------------------

def _conv_solve(p: dict, device) -> Solution:
    import torch.nn.functional as F

    x, k = c.tensor(p["x"], device), c.tensor(p["k"], device)
    s, pad = p["stride"], p["padding"]
    fmap = c.to_py(F.conv2d(x[None, None], k[None, None], stride=s, padding=pad)[0, 0])
    flat_k = [v for row in p["k"] for v in row]
    windows = _windows(x, len(p["k"]), len(p["k"][0]), s, pad)
    steps, outputs = _position_steps(
        fmap, windows, lambda w: " + ".join(f"{c.factor(a)}·{c.factor(b)}" for a, b in zip(w, flat_k, strict=True)))
    outputs["feature_map"] = fmap
    outputs["shape"] = [len(fmap), len(fmap[0])]
    return Solution(fmap, steps, outputs)


def _conv_generate(rng: random.Random, level: str) -> dict:
    side, ksize, stride, pad = c.by_level(level, (4, 3, 1, 0), (5, 3, rng.choice((1, 2)), rng.randint(0, 1)),
                                          (6, rng.choice((2, 3)), rng.choice((1, 2)), rng.randint(0, 1)))
    return {"x": [c.integers(rng, side, 0, 3) for _ in range(side)],
            "k": [c.integers(rng, ksize, -1, 1) for _ in range(ksize)], "stride": stride, "padding": pad}


def _conv_mistakes(p: dict):
    right = c.answer_with(_conv_solve, p)
    flipped = [row[::-1] for row in p["k"][::-1]]
    return c.distinct(right, [
        (c.answer_with(_conv_solve, p, k=flipped),
         "PyTorch's conv2d does not flip the kernel (it is cross-correlation): multiply X and K position by position."),
        (c.answer_with(_conv_solve, p, padding=0) if p["padding"] else None,
         f"Pad the input with {p['padding']} ring(s) of zeros first."),
    ])


CONV2D = Engine(
    name="conv2d",
    title="2-D convolution of a single-channel map",
    params=(
        Param("x", "matrix", "input feature map", max_len=_MAX_SIDE),
        Param("k", "matrix", "kernel", max_len=7),
        Param("stride", "int", "step between windows", default=1, required=False, min=1, max=4),
        Param("padding", "int", "zeros added on each side", default=0, required=False, min=0, max=3),
    ),
    solve_fn=_conv_solve,
    generate_fn=_conv_generate,
    mistakes_fn=_conv_mistakes,
    check=lambda p: _check_fits(p["x"], len(p["k"]), len(p["k"][0]), p["stride"], p["padding"], "k"),
    exact_outputs=frozenset({"shape"}),
)


# --- pool ---------------------------------------------------------------------

def _pool_solve(p: dict, device) -> Solution:
    import torch.nn.functional as F

    x = c.tensor(p["x"], device)
    k, s = p["kernel"], p.get("stride") or p["kernel"]
    fn = F.max_pool2d if p["mode"] == "max" else F.avg_pool2d
    pooled = c.to_py(fn(x[None, None], k, stride=s)[0, 0])
    steps, outputs = _position_steps(
        pooled, _windows(x, k, k, s, 0), lambda w: f"{p['mode']}({', '.join(f'{v:g}' for v in w)})")
    outputs["shape"] = [len(pooled), len(pooled[0])]
    return Solution(pooled, steps, outputs)


def _pool_generate(rng: random.Random, level: str) -> dict:
    side = c.by_level(level, 4, 6, 7)
    kernel = c.by_level(level, 2, rng.choice((2, 3)), 3)
    params = {"x": [c.integers(rng, side, 0, 9) for _ in range(side)], "kernel": kernel,
              "mode": rng.choice(("max", "avg"))}
    if level == "research":
        params["stride"] = 2
    return params


def _pool_mistakes(p: dict):
    right = c.answer_with(_pool_solve, p)
    other = "avg" if p["mode"] == "max" else "max"
    return c.distinct(right, [(c.answer_with(_pool_solve, p, mode=other),
                               f"That is {other}-pooling; this layer takes the {p['mode']} of each window.")])


POOL = Engine(
    name="pool",
    title="Max or average pooling",
    params=(
        Param("x", "matrix", "input feature map", max_len=16),
        Param("kernel", "int", "window side", default=2, required=False, min=1, max=4),
        Param("stride", "int", "step between windows (default: the kernel size)", required=False, min=1, max=4),
        Param("mode", "str", "pooling type", default="max", required=False, choices=("max", "avg")),
    ),
    solve_fn=_pool_solve,
    generate_fn=_pool_generate,
    mistakes_fn=_pool_mistakes,
    check=lambda p: _check_fits(p["x"], p["kernel"], p["kernel"], 1, 0, "kernel"),
    exact_outputs=frozenset({"shape"}),
)

ENGINES = (CONV2D, POOL)
