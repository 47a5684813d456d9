"""Convolution sizes and costs: ``conv-transpose-output-size`` and ``conv-cost``.

Both are read off real modules on the ``meta`` device (shapes only): the
transposed size from ``nn.ConvTranspose2d`` applied to a probe, the cost from
an ``nn.Conv2d``'s parameters and output shape: each output value costs
(in_channels/groups)·k² multiply-accumulates. (``torch.utils.flop_counter``
agrees, 2 FLOPs per MAC, and the tests hold the engine to it; it is not used
here because its first use costs about a second of set-up.)
``groups`` covers the two interview favourites: groups = in_channels is a
depthwise convolution, kernel 1 a pointwise one.
"""
from __future__ import annotations

import random

from engines import _common as c
from engines.base import Engine, Param, Solution, Step
from engines.shapes import CONV_OUTPUT_SIZE, _int, out_size

_DIMS = ("h", "w")
_CONV = {param.name: param for param in CONV_OUTPUT_SIZE.params}  # h, w, kernel, stride, … declared once


def transposed_size(n: int, k: int, s: int, p: int, op: int, d: int) -> int:
    """(n − 1)·s − 2p + d·(k − 1) + output_padding + 1: the conv formula run backwards."""
    return (n - 1) * s - 2 * p + d * (k - 1) + op + 1


# --- conv-transpose-output-size ---------------------------------------------------

def _ct_solve(p: dict, device) -> Solution:
    import torch

    k, s, pad, op, d = p["kernel"], p["stride"], p["padding"], p["output_padding"], p["dilation"]
    conv = c.real_module(torch.nn.ConvTranspose2d, 1, 1, k, stride=s, padding=pad, output_padding=op,
                         dilation=d, device="meta")
    size = list(conv(torch.zeros(1, 1, p["h"], p["w"], dtype=torch.float64, device="meta")).shape[2:])
    steps = [Step(f"{dim.upper()}_out = ({p[dim]} − 1)·{s} − 2·{pad} + {d}·({k} − 1) + {op} + 1", n)
             for dim, n in zip(_DIMS, size, strict=True)]
    return Solution(size, steps, {"h_out": size[0], "w_out": size[1]})


def _ct_generate(rng: random.Random, level: str) -> dict:
    side = rng.choice(c.by_level(level, (4, 7, 8, 16), (7, 14, 16, 32), (5, 13, 28, 64)))
    kernel, stride, padding = rng.choice(c.by_level(level, ((2, 2, 0), (4, 2, 1), (3, 1, 1)),
                                                    ((3, 2, 1), (4, 2, 1), (5, 2, 2), (2, 2, 0)),
                                                    ((3, 2, 1), (4, 4, 0), (5, 3, 1), (7, 2, 3))))
    params = {"h": side, "w": side, "kernel": kernel, "stride": stride, "padding": padding}
    if level != "basic" and stride > 1:
        params["output_padding"] = rng.choice((0, 1))
    if level == "research":
        params["dilation"] = rng.choice((1, 2))
    return params


def _ct_check(p: dict) -> None:
    c.require(p["output_padding"] < max(p["stride"], p["dilation"]),
              f"output_padding: must be smaller than the stride ({p['stride']}) or the dilation ({p['dilation']})")
    for dim in _DIMS:
        n = transposed_size(p[dim], p["kernel"], p["stride"], p["padding"], p["output_padding"], p["dilation"])
        c.require(n >= 1, f"padding: {p['padding']} on each side leaves no output along {dim} ({n})")


def _ct_mistakes(p: dict):
    k, s, pad, op, d = p["kernel"], p["stride"], p["padding"], p["output_padding"], p["dilation"]
    both = lambda f: [f(p[dim]) for dim in _DIMS]  # noqa: E731
    right = both(lambda n: transposed_size(n, k, s, pad, op, d))
    return c.distinct(right, [
        (both(lambda n: out_size(n, k, s, pad, d)), "That is the Conv2d formula; a transposed conv runs it backwards: "
                                                    "(H − 1)·S − 2P + d(K − 1) + output_padding + 1."),
        (both(lambda n: n * s - 2 * pad + d * (k - 1) + op + 1), "Multiply (H − 1) by the stride, not H."),
        (both(lambda n: (n - 1) * s + 2 * pad + d * (k - 1) + op + 1),
         "Padding removes rows in a transposed conv: −2P."),
        (both(lambda n: transposed_size(n, k, s, pad, 0, d)), "Add output_padding (one side only)."),
    ])


CONV_TRANSPOSE_OUTPUT_SIZE = Engine(
    name="conv-transpose-output-size",
    title="Output size of a ConvTranspose2d layer",
    params=(
        *(_CONV[name] for name in ("h", "w", "kernel", "stride")),
        _int("padding", "padding (removed from each side of the output)", 0, 0, 16),
        _int("output_padding", "extra rows/columns on one side", 0, 0, 7),
        _CONV["dilation"],
    ),
    solve_fn=_ct_solve,
    generate_fn=_ct_generate,
    mistakes_fn=_ct_mistakes,
    check=_ct_check,
    exact_outputs=frozenset({"answer", "h_out", "w_out"}),
)


# --- conv-cost ----------------------------------------------------------------

def _cost_solve(p: dict, device) -> Solution:
    import torch

    cin, cout, k, g = p["in_channels"], p["out_channels"], p["kernel"], p["groups"]
    conv = c.real_module(torch.nn.Conv2d, cin, cout, k, stride=p["stride"], padding=p["padding"], groups=g,
                         bias=p["bias"], device="meta")
    probe = torch.zeros(1, cin, p["h"], p["w"], dtype=torch.float64, device="meta")
    _, _, h_out, w_out = conv(probe).shape
    per_filter = cin // g * k * k
    macs, params = cout * h_out * w_out * per_filter, sum(t.numel() for t in conv.parameters())
    flops = 2 * macs
    steps = [Step(f"weights: out·(in/groups)·k² = {cout}·{cin // g}·{k}²", cout * per_filter),
             Step(f"biases: {cout if p['bias'] else 0}", cout if p["bias"] else 0),
             Step("parameters", params),
             Step(f"output {cout}×{h_out}×{w_out}", [cout, h_out, w_out]),
             Step(f"MACs: output positions × (in/groups)·k² = {cout * h_out * w_out}·{per_filter}", macs),
             Step("FLOPs (2 per multiply-accumulate, as torch's flop counter counts)", flops)]
    return Solution(params, steps, {"params": params, "macs": macs, "flops": flops,
                                    "output_shape": [cout, h_out, w_out]})


def _cost_generate(rng: random.Random, level: str) -> dict:
    side = rng.choice(c.by_level(level, (8, 16, 32), (14, 28, 56), (56, 112, 224)))
    cin = rng.choice(c.by_level(level, (3, 8, 16), (16, 32, 64), (32, 64, 128, 256)))
    kind = c.by_level(level, "dense", rng.choice(("dense", "pointwise", "depthwise")),
                      rng.choice(("pointwise", "depthwise", "grouped")))
    kernel = 1 if kind == "pointwise" else rng.choice((3, 5))
    groups = {"depthwise": cin, "grouped": rng.choice((2, 4))}.get(kind, 1)
    cout = cin if kind == "depthwise" else rng.choice((8, 16, 32, 64, 128))
    return {"h": side, "w": side, "in_channels": cin, "out_channels": cout, "kernel": kernel,
            "stride": rng.choice((1, 2)) if level != "basic" else 1, "padding": kernel // 2, "groups": groups,
            "bias": level == "basic" or rng.random() < 0.5}


def _cost_check(p: dict) -> None:
    g = p["groups"]
    c.require(p["in_channels"] % g == 0, f"groups: must divide in_channels ({p['in_channels']})")
    c.require(p["out_channels"] % g == 0, f"groups: must divide out_channels ({p['out_channels']})")
    for dim in _DIMS:
        c.require(p["kernel"] <= p[dim] + 2 * p["padding"], f"kernel: larger than the padded {dim}")


def _cost_mistakes(p: dict):
    right = c.answer_with(_cost_solve, p)
    slips = [(c.answer_with(_cost_solve, p, groups=1) if p["groups"] > 1 else None,
              f"With groups={p['groups']} each filter sees only in_channels/groups = "
              f"{p['in_channels'] // p['groups']} channels."),
             (c.answer_with(_cost_solve, p, bias=False) if p["bias"] else None, "Add one bias per filter."),
             (p["out_channels"] * p["kernel"] ** 2 + (p["out_channels"] if p["bias"] else 0),
              "Each filter spans (in/groups) input channels: k·k·(in/groups) weights per filter.")]
    return c.distinct(right, slips)


CONV_COST = Engine(
    name="conv-cost",
    title="Parameters and multiply-accumulates of a Conv2d",
    params=(
        _CONV["h"], _CONV["w"],
        _int("in_channels", "input channels", None, 1, 4096),
        _int("out_channels", "number of filters", None, 1, 4096),
        *(_CONV[name] for name in ("kernel", "stride", "padding")),
        _int("groups", "channel groups (in_channels = depthwise)", 1, 1, 4096),
        Param("bias", "bool", "whether the filters have biases", default=True, required=False),
    ),
    solve_fn=_cost_solve,
    generate_fn=_cost_generate,
    mistakes_fn=_cost_mistakes,
    check=_cost_check,
    exact_outputs=frozenset({"answer", "params", "macs", "flops", "output_shape"}),
)

ENGINES = (CONV_TRANSPOSE_OUTPUT_SIZE, CONV_COST)
