"""``param-count``: how many trainable numbers a layer holds.

Counted as ``sum(p.numel() for p in module.parameters())`` on the real PyTorch
module, built on the ``meta`` device so that a 4096-wide LSTM costs no memory.
That settles the usual arguments: PyTorch's recurrent layers carry two bias
vectors (b_ih and b_hh), an LSTM has 4 gate blocks and a GRU 3.
"""
from __future__ import annotations

import random

from engines import _common as c
from engines.base import Engine, Param, Solution, Step

_LAYERS = {  # layer -> (constructor sizes in order, gate blocks of a recurrent layer)
    "linear": (("in_features", "out_features"), 1),
    "conv2d": (("in_channels", "out_channels", "kernel_size"), 1),
    "rnn": (("input_size", "hidden_size"), 1),
    "lstm": (("input_size", "hidden_size"), 4),
    "gru": (("input_size", "hidden_size"), 3),
}
_SIZES = sorted({name for sizes, _ in _LAYERS.values() for name in sizes})


def _module(p: dict):
    """The layer on the meta device (shapes only; init there draws no random numbers)."""
    import torch
    import torch.nn as nn

    cls = {"linear": nn.Linear, "conv2d": nn.Conv2d, "rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[p["layer"]]
    sizes = [p[name] for name in _LAYERS[p["layer"]][0]]
    return cls(*sizes, bias=p["bias"], device="meta", dtype=torch.float64)


def _solve(p: dict, device) -> Solution:
    module = _module(p)
    steps = [Step(f"{name} {list(t.shape)}", t.numel()) for name, t in module.named_parameters()]
    total = sum(t.numel() for t in module.parameters())
    steps.append(Step("total", total))
    return Solution(total, steps, {"total": total})


def _generate(rng: random.Random, level: str) -> dict:
    layer = rng.choice(c.by_level(level, ("linear", "conv2d"), ("conv2d", "rnn", "lstm"), ("lstm", "gru", "rnn")))
    widths = c.by_level(level, (3, 4, 10, 16, 32), (8, 16, 32, 64, 128), (32, 64, 100, 128, 256, 512))
    params = {"layer": layer, "bias": level == "basic" or rng.random() < 0.8}
    for name in _LAYERS[layer][0]:
        params[name] = rng.choice((1, 3, 5, 7)) if name == "kernel_size" else rng.choice(widths)
    return params


def _check(p: dict) -> None:
    needed = _LAYERS[p["layer"]][0]
    for name in _SIZES:
        if name in needed:
            c.require(name in p, f"{name}: required for a {p['layer']} layer")
        else:
            c.require(name not in p, f"{name}: not a size of a {p['layer']} layer (it takes {', '.join(needed)})")


def _mistakes(p: dict):
    right = c.answer_with(_solve, p)
    gates = _LAYERS[p["layer"]][1]
    slips = []
    if p["bias"]:
        slips.append((c.answer_with(_solve, p, bias=False), "Count the bias too: one per output unit."))
    if p["layer"] in ("rnn", "lstm", "gru") and p["bias"]:
        slips.append((right - gates * p["hidden_size"],
                      "PyTorch's recurrent layers have two bias vectors, b_ih and b_hh, each gates × hidden_size."))
    if gates > 1:
        slips.append((c.answer_with(_solve, p, layer="rnn"),
                      f"An {p['layer'].upper()} has {gates} gate blocks: multiply the plain-RNN count by {gates}."))
    if p["layer"] == "conv2d":
        slips.append((right - (p["in_channels"] - 1) * p["out_channels"] * p["kernel_size"] ** 2,
                      "Each filter spans all input channels: k·k·in_channels weights per filter."))
    return c.distinct(right, slips)


def _size(name: str, top: int) -> Param:
    return Param(name, "int", f"{name} as in the torch constructor", required=False, min=1, max=top)


ENGINE = Engine(
    name="param-count",
    title="Number of trainable parameters in a layer",
    params=(
        Param("layer", "str", "layer type", choices=tuple(_LAYERS)),
        *(_size(name, 15 if name == "kernel_size" else 8192) for name in _SIZES),
        Param("bias", "bool", "whether the layer has bias terms", default=True, required=False),
    ),
    solve_fn=_solve,
    generate_fn=_generate,
    mistakes_fn=_mistakes,
    check=_check,
    exact_outputs=frozenset({"answer", "total"}),
)

ENGINES = (ENGINE,)
