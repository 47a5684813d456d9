"""Dense layers: one neuron (``neuron-output``) and a stack of layers (``mlp-forward``).

Both run a real ``nn.Linear`` holding the exercise's weights, so the worked
numbers are exactly what PyTorch computes: z = W·x + b, then a = f(z). Leaky
ReLU's ``negative_slope`` is given only with ``leaky_relu`` (it means nothing
to the others, so a stray one is more likely a slip than a choice).
"""
from __future__ import annotations

import random
from itertools import pairwise

from engines import _common as c
from engines.base import Engine, Param, ParamError, Solution, Step, check_value

_MAX_WIDTH = 16
_MAX_LAYERS = 8
_SWAP = {"sigmoid": "tanh", "tanh": "sigmoid"}


def _dense(x, W, b, act: str, device, slope: float = c.LEAKY_SLOPE):
    """One ``nn.Linear`` + activation; returns (z, a) tensors."""
    import torch

    layer = c.real_module(torch.nn.Linear, len(W[0]), len(W), device=device)
    c.load(layer, weight=W, bias=b)
    with torch.no_grad():
        z = layer(x)
        return z, c.activation(act, slope)(z)


def act_label(act: str, slope: float | None) -> str:
    """``leaky_relu`` with its slope spelled out (the number a learner must use)."""
    return f"leaky_relu (slope {slope if slope is not None else c.LEAKY_SLOPE})" if act == "leaky_relu" else act


def draw_slope(rng: random.Random, act: str) -> dict:
    """A random card's ``negative_slope``: drawn with ``leaky_relu`` only."""
    return {"negative_slope": rng.choice((0.01, 0.1, 0.2))} if act == "leaky_relu" else {}


def check_slope(where: str, act: str, given: bool) -> None:
    c.require(not given or act == "leaky_relu",
              f"{where}negative_slope: only leaky_relu takes a slope (this activation is {act})")


# --- neuron-output ----------------------------------------------------------

def _neuron_solve(p: dict, device) -> Solution:
    slope = p.get("negative_slope", c.LEAKY_SLOPE)
    z, a = _dense(c.tensor(p["x"], device), [p["w"]], [p["b"]], p["activation"], device, slope)
    z, a = c.to_py(z)[0], c.to_py(a)[0]
    terms = " + ".join(f"{c.factor(w)}·{c.factor(x)}" for w, x in zip(p["w"], p["x"], strict=True))
    steps = [Step(f"z = w·x + b = {terms} + {c.factor(p['b'])}", z),
             Step(f"a = {act_label(p['activation'], slope)}(z)", a)]
    return Solution(a, steps, {"z": z, "a": a})


def _neuron_generate(rng: random.Random, level: str) -> dict:
    n = c.by_level(level, 2, 3, 5)
    act = c.draw_activation(rng, level)
    return {"x": c.vector(rng, n, -2, 2), "w": c.vector(rng, n), "b": c.decimal(rng, -1, 1),
            "activation": act, **draw_slope(rng, act)}


def _neuron_check(p: dict) -> None:
    c.require(len(p["x"]) == len(p["w"]), f"w: needs one weight per input ({len(p['x'])}), got {len(p['w'])}")
    check_slope("", p["activation"], "negative_slope" in p)


def _neuron_mistakes(p: dict):
    right = c.answer_with(_neuron_solve, p)
    slips = [(c.answer_with(_neuron_solve, p, b=0.0), "Add the bias b to the weighted sum before the activation.")]
    if p["activation"] in _SWAP:
        other = _SWAP[p["activation"]]
        slips.append((c.answer_with(_neuron_solve, p, activation=other),
                      f"That is {other}(z); this neuron uses {p['activation']}."))
    if p["activation"] == "leaky_relu":
        plain = {k: v for k, v in p.items() if k != "negative_slope"}
        slips.append((c.answer_with(_neuron_solve, plain, activation="relu"),
                      "Leaky ReLU keeps negative_slope·z for z < 0 instead of clipping it to 0."))
    slips.append((c.answer_with(_neuron_solve, p, key="z"), "That is z; apply the activation to get a = f(z)."))
    return c.distinct(right, slips)


NEURON = Engine(
    name="neuron-output",
    title="Output of one neuron",
    params=(
        Param("x", "vector", "inputs", max_len=_MAX_WIDTH),
        Param("w", "vector", "weights, one per input", max_len=_MAX_WIDTH),
        Param("b", "float", "bias", default=0.0, required=False),
        Param("activation", "str", "activation function", default="sigmoid", required=False,
              choices=c.ACTIVATIONS),
        Param("negative_slope", "float", "slope for z < 0, with leaky_relu only (default 0.01)", required=False,
              min=0.0, max=1.0),
    ),
    solve_fn=_neuron_solve,
    generate_fn=_neuron_generate,
    mistakes_fn=_neuron_mistakes,
    check=_neuron_check,
)


# --- mlp-forward --------------------------------------------------------------

def _mlp_solve(p: dict, device) -> Solution:
    a = c.tensor(p["x"], device)
    steps, outputs = [], {}
    for n, layer in enumerate(p["layers"], start=1):
        slope = layer.get("negative_slope")
        z, a = _dense(a, layer["W"], layer["b"], layer["activation"], device, c.LEAKY_SLOPE if slope is None else slope)
        outputs[f"z{n}"], outputs[f"a{n}"] = c.to_py(z), c.to_py(a)
        steps += [Step(f"layer {n}: z{n} = W{n}·a{n - 1} + b{n}", outputs[f"z{n}"]),
                  Step(f"layer {n}: a{n} = {act_label(layer['activation'], slope)}(z{n})", outputs[f"a{n}"])]
    y = c.squeeze1(c.to_py(a))
    outputs["y"] = y
    return Solution(y, steps, outputs)


def _mlp_generate(rng: random.Random, level: str) -> dict:
    widths = c.by_level(level, [2, 2, 1], [3, 3, 2], [4, 4, 3, 2])
    return {"x": c.vector(rng, widths[0], -2, 2), "layers": draw_layers(rng, level, widths)}


def draw_layers(rng: random.Random, level: str, widths: list[int], last: str | None = None) -> list[dict]:
    """Random layers between ``widths``; ``last`` fixes the output activation."""
    layers = []
    for n, (n_in, n_out) in enumerate(pairwise(widths), start=2):
        act = last if last and n == len(widths) else c.draw_activation(rng, level)
        layers.append({"W": c.matrix(rng, n_out, n_in), "b": c.vector(rng, n_out), "activation": act,
                       **draw_slope(rng, act)})
    return layers


def check_layer(n: int, layer, width: int) -> int:
    """Check one layer against the width coming in; return the width going out."""
    where = f"layers[{n}]"
    if not isinstance(layer, dict) or not {"W", "b", "activation"} <= set(layer) <= {"W", "b", "activation",
                                                                                  "negative_slope"}:
        raise ParamError(f"{where}: expected an object with the keys W, b, activation (and negative_slope "
                         "for leaky_relu)")
    check_value(Param(f"{where}.W", "matrix", "weights", max_len=_MAX_WIDTH), layer["W"])
    check_value(Param(f"{where}.b", "vector", "bias", max_len=_MAX_WIDTH), layer["b"])
    check_value(Param(f"{where}.activation", "str", "activation", choices=c.ACTIVATIONS), layer["activation"])
    if "negative_slope" in layer:
        check_value(Param(f"{where}.negative_slope", "float", "slope", min=0.0, max=1.0), layer["negative_slope"])
    check_slope(f"{where}.", layer["activation"], "negative_slope" in layer)
    W, b = layer["W"], layer["b"]
    c.require(len(W[0]) == width, f"{where}.W: needs {width} columns (inputs), got {len(W[0])}")
    c.require(len(b) == len(W), f"{where}.b: needs {len(W)} entries (one per row of W), got {len(b)}")
    return len(W)


def _mlp_check(p: dict) -> None:
    width = len(p["x"])
    for n, layer in enumerate(p["layers"]):
        width = check_layer(n, layer, width)


def _mlp_mistakes(p: dict):
    right = c.answer_with(_mlp_solve, p)
    no_bias = [{**layer, "b": [0.0] * len(layer["b"])} for layer in p["layers"]]
    swapped = [{**layer, "activation": _SWAP.get(layer["activation"], layer["activation"])} for layer in p["layers"]]
    return c.distinct(right, [
        (c.answer_with(_mlp_solve, p, layers=no_bias), "Add each layer's bias b before its activation."),
        (c.answer_with(_mlp_solve, p, layers=swapped),
         "Sigmoid and tanh are swapped somewhere: check each layer's activation."),
    ])


MLP = Engine(
    name="mlp-forward",
    title="Forward pass through a small MLP",
    params=(
        Param("x", "vector", "input vector", max_len=_MAX_WIDTH),
        Param("layers", "list", 'layers in order, each {"W": rows = outputs, "b", "activation"}',
              max_len=_MAX_LAYERS),
    ),
    solve_fn=_mlp_solve,
    generate_fn=_mlp_generate,
    mistakes_fn=_mlp_mistakes,
    check=_mlp_check,
)

ENGINES = (NEURON, MLP)
