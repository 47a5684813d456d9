"""Shape arithmetic: ``conv-output-size``, ``flatten-size``, ``receptive-field``.

Sizes are read off real PyTorch: a ``nn.Conv2d`` / ``nn.Flatten`` applied to a
tensor on the ``meta`` device (shapes only, no memory, so a 1024×1024 input
with 512 channels costs nothing), and the receptive field is measured by
back-propagating through a stack of 1-D convolutions. The closed forms appear
as the steps and are what the tests check the engines against.
"""
from __future__ import annotations

import random

from engines import _common as c
from engines.base import Engine, Param, ParamError, Solution, Step, check_value

_DIMS = ("h", "w")


def out_size(n: int, k: int, s: int, p: int, d: int) -> int:
    """PyTorch's output size: ⌊(n + 2p − d(k−1) − 1)/s⌋ + 1."""
    return (n + 2 * p - d * (k - 1) - 1) // s + 1


# --- conv-output-size ---------------------------------------------------------

def _cos_solve(p: dict, device) -> Solution:
    import torch

    conv = c.real_module(torch.nn.Conv2d, p["in_channels"], p["out_channels"], p["kernel"], stride=p["stride"],
                         padding=p["padding"], dilation=p["dilation"], device="meta")
    probe = torch.zeros(1, p["in_channels"], p["h"], p["w"], dtype=torch.float64, device="meta")
    shape = list(conv(probe).shape[1:])
    k, s, pad, d = p["kernel"], p["stride"], p["padding"], p["dilation"]
    steps = [Step(f"{dim.upper()}_out = ⌊({p[dim]} + 2·{pad} − {d}·({k}−1) − 1)/{s}⌋ + 1", size)
             for dim, size in zip(_DIMS, shape[1:], strict=True)]
    steps.append(Step("channels = out_channels (one per filter)", shape[0]))
    steps.append(Step("output shape [C, H, W]", shape))
    return Solution(shape, steps, {"channels": shape[0], "h_out": shape[1], "w_out": shape[2]})


def _cos_generate(rng: random.Random, level: str) -> dict:
    side = rng.choice(c.by_level(level, (28, 32, 64), (31, 32, 56, 100, 224), (33, 57, 127, 224, 227)))
    return {
        "h": side, "w": side if level == "basic" else rng.choice((side, side // 2 * 2 + 2)),
        "kernel": rng.choice(c.by_level(level, (3, 5), (1, 3, 5, 7), (3, 5, 7, 11))),
        "stride": rng.choice(c.by_level(level, (1, 2), (1, 2), (1, 2, 3, 4))),
        "padding": rng.choice(c.by_level(level, (0, 1, 2), (0, 1, 2, 3), (0, 1, 2, 3))),
        "dilation": c.by_level(level, 1, 1, rng.choice((1, 2))),
        "in_channels": rng.choice((1, 3, 16, 32)), "out_channels": rng.choice((8, 16, 32, 64)),
    }


def _cos_check(p: dict) -> None:
    span = p["dilation"] * (p["kernel"] - 1) + 1
    for dim in _DIMS:
        c.require(span <= p[dim] + 2 * p["padding"],
                  f"kernel: the dilated kernel spans {span} pixels, "
                  f"more than the padded {dim} of {p[dim] + 2 * p['padding']}")


def _cos_mistakes(p: dict):
    k, s, pad, d = p["kernel"], p["stride"], p["padding"], p["dilation"]
    sizes = lambda f: [p["out_channels"]] + [f(p[dim]) for dim in _DIMS]  # noqa: E731
    right = sizes(lambda n: out_size(n, k, s, pad, d))
    return c.distinct(right, [
        (sizes(lambda n: out_size(n, k, s, pad, d) - 1),
         "Add 1 after dividing by the stride: the first window counts too."),
        (sizes(lambda n: out_size(n, k, s, 0, d)),
         "Include the padding: it adds 2P to the input size (P on each side)."),
        (sizes(lambda n: (n + pad - d * (k - 1) - 1) // s + 1), "Padding is added on both sides: use 2P, not P."),
        (sizes(lambda n: out_size(n, k, s, pad, 1)), "With dilation d the kernel spans d·(k−1)+1 pixels."),
        ([p["in_channels"], *right[1:]], "The output has one channel per filter: out_channels, not in_channels."),
    ])


def _int(name: str, description: str, default, lo: int, hi: int) -> Param:
    return Param(name, "int", description, default=default, required=default is None, min=lo, max=hi)


CONV_OUTPUT_SIZE = Engine(
    name="conv-output-size",
    title="Output shape of a Conv2d layer",
    params=(
        _int("h", "input height", None, 1, 4096),
        _int("w", "input width", None, 1, 4096),
        _int("kernel", "kernel side", None, 1, 15),
        _int("stride", "stride", 1, 1, 8),
        _int("padding", "zeros on each side", 0, 0, 16),
        _int("dilation", "dilation", 1, 1, 8),
        _int("in_channels", "input channels", 1, 1, 4096),
        _int("out_channels", "number of filters", 1, 1, 4096),
    ),
    solve_fn=_cos_solve,
    generate_fn=_cos_generate,
    mistakes_fn=_cos_mistakes,
    check=_cos_check,
    exact_outputs=frozenset({"answer", "channels", "h_out", "w_out"}),
)


# --- flatten-size -------------------------------------------------------------

def _flatten_solve(p: dict, device) -> Solution:
    import torch

    probe = torch.zeros(p["shape"], dtype=torch.float64, device="meta")
    size = torch.nn.Flatten(start_dim=0)(probe).numel()
    return Solution(size, [Step(" × ".join(map(str, p["shape"])), size)], {"size": size})


def _flatten_check(p: dict) -> None:
    """Each dimension a whole number; 7.0 is kept as the int 7 (p is the validated copy)."""
    p["shape"] = [check_value(Param("shape", "int", "dimension", min=1, max=4096), n) for n in p["shape"]]


FLATTEN_SIZE = Engine(
    name="flatten-size",
    title="Length of a flattened feature map",
    params=(Param("shape", "vector", "dimensions, e.g. [64, 7, 7]", max_len=6),),
    solve_fn=_flatten_solve,
    generate_fn=lambda rng, level: {"shape": [rng.choice((16, 32, 64, 128, 256))]
                                    + [rng.choice((2, 3, 4, 5, 6, 7, 8, 14))] * 2},
    check=_flatten_check,
    exact_outputs=frozenset({"answer", "size"}),
)


# --- receptive-field ----------------------------------------------------------

def _rf_closed_form(layers: list) -> tuple[list[Step], int, int]:
    """r ← r + (k−1)·j, j ← j·s, layer by layer (j: input pixels between neighbours)."""
    r, j, steps = 1, 1, []
    for n, layer in enumerate(layers, start=1):
        k, s = layer["kernel"], layer["stride"]
        new_r, new_j = r + (k - 1) * j, j * s
        steps += [Step(f"layer {n}: r = {r} + ({k}−1)·{j}", new_r), Step(f"layer {n}: jump = {j}·{s}", new_j)]
        r, j = new_r, new_j
    return steps, r, j


def _rf_solve(p: dict, device) -> Solution:
    """Measure the field: the input pixels whose gradient reaches output pixel 0."""
    import torch
    import torch.nn.functional as F

    steps, r, jump = _rf_closed_form(p["layers"])
    x = torch.zeros(1, 1, r + 2 * jump, dtype=torch.float64, device=device, requires_grad=True)
    y = x
    for layer in p["layers"]:
        y = F.conv1d(y, torch.ones(1, 1, layer["kernel"], dtype=torch.float64, device=device), stride=layer["stride"])
    y[0, 0, 0].backward()
    assert x.grad is not None  # backward() filled it
    touched = x.grad[0, 0].nonzero()
    measured = int(touched[-1] - touched[0]) + 1
    steps.append(Step("receptive field (measured by back-propagation)", measured))
    return Solution(measured, steps, {"receptive_field": measured, "jump": jump})


def _rf_generate(rng: random.Random, level: str) -> dict:
    depth = c.by_level(level, 2, 3, 5)
    return {"layers": [{"kernel": rng.choice((2, 3, 3, 5)), "stride": rng.choice((1, 1, 2))} for _ in range(depth)]}


def _rf_check(p: dict) -> None:
    for n, layer in enumerate(p["layers"]):
        if not isinstance(layer, dict) or set(layer) != {"kernel", "stride"}:
            raise ParamError(f"layers[{n}]: expected an object with keys kernel, stride")
        check_value(Param(f"layers[{n}].kernel", "int", "kernel", min=1, max=11), layer["kernel"])
        check_value(Param(f"layers[{n}].stride", "int", "stride", min=1, max=3), layer["stride"])


def _rf_mistakes(p: dict):
    _, right, _ = _rf_closed_form(p["layers"])
    no_strides = [{**layer, "stride": 1} for layer in p["layers"]]
    return c.distinct(right, [(_rf_closed_form(no_strides)[1],
                               "Each layer's (k−1) is multiplied by the product of the strides before it.")])


RECEPTIVE_FIELD = Engine(
    name="receptive-field",
    title="Receptive field of stacked convolutions",
    params=(Param("layers", "list", 'layers in order, each {"kernel", "stride"}', max_len=8),),
    solve_fn=_rf_solve,
    generate_fn=_rf_generate,
    mistakes_fn=_rf_mistakes,
    check=_rf_check,
    exact_outputs=frozenset({"answer", "receptive_field", "jump"}),
)

ENGINES = (CONV_OUTPUT_SIZE, FLATTEN_SIZE, RECEPTIVE_FIELD)
