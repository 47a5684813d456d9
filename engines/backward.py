"""Gradients by autograd: ``backprop`` through a small MLP and ``pool-backward``.

``backprop`` runs the exercise's layers as real ``nn.Linear`` modules, takes a
PyTorch loss (``mse_loss``, ``binary_cross_entropy``, ``cross_entropy``, all
with mean reduction) and reads ∂L/∂W and ∂L/∂b from ``.grad``; the deltas
∂L/∂z shown as steps are retained gradients of the same graph, so every line
of the worked chain rule is what autograd computed, not a re-derivation.

``pool-backward`` back-propagates a given upstream gradient through
``max_pool2d`` / ``avg_pool2d``. Max pooling routes each window's gradient to
its arg-max, so a tie would make the answer depend on the implementation (CPU
and CUDA kernels need not pick the same element): ties are refused.
"""
from __future__ import annotations

import random

from engines import _common as c
from engines.base import Engine, Param, ParamError, Solution, Step
from engines.conv import POOL, _check_fits
from engines.dense import MLP, act_label, draw_layers

_LOSSES = ("mse", "bce", "cross-entropy")


# --- backprop -----------------------------------------------------------------

def _loss(p: dict, out, device):
    import torch
    import torch.nn.functional as F

    if p["loss"] == "cross-entropy":
        return F.cross_entropy(out[None], torch.tensor([int(p["y"])], device=device))
    target = c.tensor(c.as_list(p["y"]), device)
    return F.mse_loss(out, target) if p["loss"] == "mse" else F.binary_cross_entropy(out, target)


def _backprop_solve(p: dict, device) -> Solution:
    import torch

    a, zs, steps, outputs, layers = c.tensor(p["x"], device), [], [], {}, []
    for n, spec in enumerate(p["layers"], start=1):
        layer = c.real_module(torch.nn.Linear, len(spec["W"][0]), len(spec["W"]), device=device)
        c.load(layer, weight=spec["W"], bias=spec["b"])
        z = layer(a)
        z.retain_grad()
        slope = spec.get("negative_slope")
        a = c.activation(spec["activation"], c.LEAKY_SLOPE if slope is None else slope)(z)
        zs.append(z)
        layers.append(layer)
        steps += [Step(f"forward {n}: z{n} = W{n}·a{n - 1} + b{n}", c.to_py(z)),
                  Step(f"forward {n}: a{n} = {act_label(spec['activation'], slope)}(z{n})", c.to_py(a))]
    a.retain_grad()
    loss = _loss(p, a, device)
    loss.backward()
    outputs["loss"] = c.to_py(loss)
    outputs["y_hat"] = c.squeeze1(c.to_py(a))
    steps += [Step(f"loss = {p['loss']}(ŷ, y) (mean)", outputs["loss"]),
              Step("∂L/∂ŷ", c.squeeze1(c.to_py(a.grad)))]
    for n in range(len(layers), 0, -1):
        outputs[f"delta{n}"] = c.to_py(zs[n - 1].grad)
        outputs[f"dW{n}"] = c.to_py(layers[n - 1].weight.grad)
        outputs[f"db{n}"] = c.to_py(layers[n - 1].bias.grad)
        steps += [Step(f"backward {n}: δ{n} = ∂L/∂z{n} = ∂L/∂a{n} ⊙ f′(z{n})", outputs[f"delta{n}"]),
                  Step(f"backward {n}: ∂L/∂W{n} = δ{n} · a{n - 1}ᵀ", outputs[f"dW{n}"]),
                  Step(f"backward {n}: ∂L/∂b{n} = δ{n}", outputs[f"db{n}"])]
    return Solution(outputs["loss"], steps, outputs)


_KINKED = ("relu", "leaky_relu")  # f′ jumps at 0
_KINK_MARGIN = 1e-6


def _clear_of_kinks(p: dict) -> bool:
    """Whether every ReLU and Leaky ReLU input is away from 0. The drawn numbers are
    short decimals, so W·a + b is often exactly 0 on paper and ±3e-17 in floats: the
    side autograd then took (and the answer) followed a rounding error, not the
    ReLU′(0) = 0 that PyTorch and the card state."""
    a = [float(v) for v in p["x"]]
    for layer in p["layers"]:
        z = [sum(w * v for w, v in zip(row, a, strict=True)) + b for row, b in zip(layer["W"], layer["b"], strict=True)]
        if layer["activation"] in _KINKED and min(abs(v) for v in z) < _KINK_MARGIN:
            return False
        f = c.plain_activation(layer["activation"], layer.get("negative_slope", c.LEAKY_SLOPE))
        a = [f(v) for v in z]
    return True


def _backprop_generate(rng: random.Random, level: str) -> dict:
    """A small network and target, drawn again while a ReLU input lands on its kink."""
    while True:
        drawn = _backprop_draw(rng, level)
        if _clear_of_kinks(drawn):
            return drawn


def _backprop_draw(rng: random.Random, level: str) -> dict:
    loss = c.by_level(level, "mse", rng.choice(("mse", "bce")), rng.choice(_LOSSES))
    widths = c.by_level(level, [2, 2, 1], [2, 2, 1], [3, 3, 3] if loss == "cross-entropy" else [3, 2, 1])
    last = {"bce": "sigmoid", "cross-entropy": "linear"}.get(loss)
    layers = draw_layers(rng, level, widths, last=last)
    y: float  # a class index for cross-entropy, else a target value
    if loss == "cross-entropy":
        y = rng.randrange(widths[-1])
    elif loss == "bce":
        y = float(rng.randint(0, 1))
    else:
        y = c.decimal(rng, -1, 1)
    return {"x": c.vector(rng, widths[0], -2, 2), "y": y, "layers": layers, "loss": loss}


def _backprop_check(p: dict) -> None:
    assert MLP.check is not None  # the MLP's own cross-parameter checks
    MLP.check(p)
    out = len(p["layers"][-1]["W"])
    y = p["y"]
    if p["loss"] == "cross-entropy":
        c.require(isinstance(y, (int, float)) and float(y).is_integer() and 0 <= y < out,
                  f"y: with cross-entropy, y is the index of the true class, 0 to {out - 1}")
        c.require(out >= 2, "layers: cross-entropy needs at least 2 outputs (one logit per class)")
        return
    c.require(len(c.as_list(y)) == out and len(c.shape(y)) <= 1, f"y: needs {out} target value(s), one per output")
    if p["loss"] == "bce":
        c.require(p["layers"][-1]["activation"] == "sigmoid",
                  "layers: bce takes probabilities, so the last layer's activation must be sigmoid")
        c.require(all(0 <= v <= 1 for v in c.as_list(y)), "y: bce labels lie between 0 and 1")


def _backprop_mistakes(p: dict):
    right = c.answer_with(_backprop_solve, p)
    slips = []
    if p["loss"] == "mse":
        slips.append((right / 2, "That is ½·MSE; PyTorch's mse_loss is the plain mean of the squared errors."))
    return c.distinct(right, slips)


BACKPROP = Engine(
    name="backprop",
    title="Backpropagation through a small MLP",
    params=(
        Param("x", "vector", "input vector", max_len=16),
        Param("y", "tensor", "target: values for mse/bce, a 0-based class index for cross-entropy", max_len=16),
        Param("layers", "list", 'layers as in mlp-forward, each {"W", "b", "activation"}', max_len=8),
        Param("loss", "str", "loss, mean-reduced", default="mse", required=False, choices=_LOSSES),
    ),
    solve_fn=_backprop_solve,
    generate_fn=_backprop_generate,
    mistakes_fn=_backprop_mistakes,
    check=_backprop_check,
)


# --- pool-backward ------------------------------------------------------------

def _pool_backward_solve(p: dict, device) -> Solution:
    import torch.nn.functional as F

    k, s = p["kernel"], p.get("stride") or p["kernel"]
    x = c.tensor(p["x"], device).requires_grad_()
    fn = F.max_pool2d if p["mode"] == "max" else F.avg_pool2d
    y = fn(x[None, None], k, stride=s)[0, 0]
    y.backward(c.tensor(p["grad_out"], device))
    grad = c.to_py(x.grad)
    rule = ("each window's gradient goes to its maximum; the rest get 0" if p["mode"] == "max"
            else f"each window's gradient is split evenly: ÷ {k * k} to every cell")
    steps = [Step("forward: pooled output", c.to_py(y)), Step("upstream gradient ∂L/∂y", p["grad_out"]),
             Step(f"routing: {rule}; overlapping windows add up", grad)]
    return Solution(grad, steps, {"grad_x": grad, "pooled": c.to_py(y)})


def _pool_backward_generate(rng: random.Random, level: str) -> dict:
    side, kernel, stride = c.by_level(level, (4, 2, 2), (4, 2, rng.choice((1, 2))), (5, 3, rng.choice((1, 2))))
    out = (side - kernel) // stride + 1
    cells = rng.sample(range(1, 100), side * side)  # distinct: no tie in any window
    x = [[float(cells[i * side + j]) for j in range(side)] for i in range(side)]
    return {"x": x, "kernel": kernel, "stride": stride, "mode": rng.choice(("max", "avg")),  # stride: for the prompt
            "grad_out": [c.integers(rng, out, -3, 3) for _ in range(out)]}


def _pool_backward_check(p: dict) -> None:
    k, s = p["kernel"], p.get("stride") or p["kernel"]
    _check_fits(p["x"], k, k, 1, 0, "kernel")
    rows, cols = (len(p["x"]) - k) // s + 1, (len(p["x"][0]) - k) // s + 1
    c.require(c.shape(p["grad_out"]) == (rows, cols),
              f"grad_out: needs the pooled output's shape, {rows}×{cols} (one gradient per window)")
    if p["mode"] == "max":
        for i in range(rows):
            for j in range(cols):
                window = [v for row in p["x"][i * s:i * s + k] for v in row[j * s:j * s + k]]
                if window.count(max(window)) > 1:
                    raise ParamError(f"x: window at row {i + 1}, column {j + 1} has a tie for the maximum; "
                                     "which cell gets the gradient would depend on the implementation")


def _pool_backward_mistakes(p: dict):
    right = c.answer_with(_pool_backward_solve, p)
    k = p["kernel"]
    if p["mode"] == "max":
        return c.distinct(right, [(c.answer_with(_pool_backward_solve, p, mode="avg"),
                                   "Max pooling routes the whole gradient to the window's maximum; only average "
                                   "pooling spreads it.")])
    return c.distinct(right, [([[v * k * k for v in row] for row in right],
                               f"Average pooling divides the gradient by the window size, {k}×{k} = {k * k}.")])


POOL_BACKWARD = Engine(
    name="pool-backward",
    title="Gradient through max or average pooling",
    params=(
        *POOL.params,  # the forward pass's x, kernel, stride, mode
        Param("grad_out", "matrix", "∂L/∂y, the gradient arriving at the pooled output", max_len=16),
    ),
    solve_fn=_pool_backward_solve,
    generate_fn=_pool_backward_generate,
    mistakes_fn=_pool_backward_mistakes,
    check=_pool_backward_check,
)

ENGINES = (BACKPROP, POOL_BACKWARD)
