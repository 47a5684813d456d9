"""Gradient size through depth: ``gradient-product`` and ``gradient-clip``.

``gradient-product`` has two forms. The notes' shorthand (a local derivative
repeated over ``steps`` layers or time steps) is ``derivative ** steps``; the
chain form builds a real scalar network a_l = act(w_l · a_(l−1)) and reads the
gradient reaching the first layer, ∂a_L/∂x, from autograd. ``gradient-clip``
calls ``torch.nn.utils.clip_grad_norm_`` on real parameters holding the grads.
"""
from __future__ import annotations

import math
import random

from engines import _common as c
from engines.base import Engine, Param, ParamError, Solution, Step, check_value

_SHORT = ("derivative", "steps")
_CHAIN = ("activation", "depth", "weights", "x")
_CHECKPOINTS = (1, 2, 3, 5, 10, 20, 50, 100, 200, 500)


# --- gradient-product ---------------------------------------------------------

def _power_solve(p: dict, device) -> Solution:
    d = c.tensor(p["derivative"], device)
    marks = [n for n in _CHECKPOINTS if n < p["steps"]] + [p["steps"]]
    steps = [Step(f"{p['derivative']}^{n}", c.to_py(d ** n)) for n in marks]
    return Solution(steps[-1].value, steps, {"gradient": steps[-1].value})


def _chain_solve(p: dict, device) -> Solution:
    act = c.activation(p["activation"])
    x = c.tensor(p["x"], device).requires_grad_()
    a, zs, acts, steps = x, [], [], []
    for n, w in enumerate(p["weights"], start=1):
        z = w * a
        a = act(z)
        a.retain_grad()
        zs.append(z)
        acts.append(a)
        steps += [Step(f"layer {n}: z{n} = {w}·a{n - 1}", c.to_py(z)),
                  Step(f"layer {n}: a{n} = {p['activation']}(z{n})", c.to_py(a))]
    a.backward()
    derivs = [c.to_py(_derivative(p["activation"], z.detach())) for z in zs]
    for n, (w, dz) in enumerate(zip(p["weights"], derivs, strict=True), start=1):
        product = f"{c.factor(dz, '.6g')}·{c.factor(w)}"
        steps.append(Step(f"layer {n}: local factor {p['activation']}'(z{n})·w{n} = {product}", dz * w))
    for n in range(len(acts) - 1, 0, -1):
        steps.append(Step(f"∂a{len(acts)}/∂a{n}", c.to_py(acts[n - 1].grad)))
    grad = c.to_py(x.grad)
    steps.append(Step(f"gradient reaching layer 1: ∂a{len(acts)}/∂x", grad))
    return Solution(grad, steps, {"gradient": grad, "output": c.to_py(a), "activation_derivatives": derivs})


def _derivative(name: str, z):
    """σ'(z) = σ(z)(1−σ(z)); tanh'(z) = 1 − tanh²(z)."""
    a = c.activation(name)(z)
    return a * (1 - a) if name == "sigmoid" else 1 - a * a


def _solve(p: dict, device) -> Solution:
    return (_power_solve if "steps" in p else _chain_solve)(p, device)


def _generate(rng: random.Random, level: str) -> dict:
    if level == "basic":
        return {"derivative": rng.choice((0.5, 0.9, 1.5, 0.25, 2.0)), "steps": rng.choice((5, 10, 20))}
    depth = 3 if level == "advanced" else 6
    return {"activation": rng.choice(("sigmoid", "tanh")), "depth": depth,
            "weights": [c.decimal(rng, -2, 2, nonzero=True) for _ in range(depth)], "x": c.decimal(rng, -1, 1)}


def _check(p: dict) -> None:
    given = {name for name in _SHORT + _CHAIN if name in p}
    if given == set(_SHORT) or given == set(_CHAIN):
        if "steps" in p and p["derivative"]:
            c.require(p["steps"] * math.log10(abs(p["derivative"])) < 300,
                      "steps: derivative ** steps overflows a float64; use fewer steps")
        if "weights" in p:
            c.require(len(p["weights"]) == p["depth"],
                      f"weights: needs one weight per layer ({p['depth']}), got {len(p['weights'])}")
        return
    raise ParamError("give either derivative and steps, or activation, depth, weights and x "
                     f"(got {', '.join(sorted(given)) or 'none'})")


def _mistakes(p: dict):
    right = c.answer_with(_solve, p)
    if "steps" in p:
        return c.distinct(right, [(p["derivative"] * p["steps"],
                                   "The factors multiply: raise the derivative to the power of the number of steps.")])
    derivs = c.answer_with(_solve, p, key="activation_derivatives")
    slips = [(math.prod(derivs), "Each layer also multiplies the gradient by its weight w.")]
    if p["activation"] == "sigmoid":
        slips.append((0.25 ** p["depth"],
                      "0.25 is only the largest value of σ'(z); use σ'(z) at each layer's actual z."))
    return c.distinct(right, slips)


GRADIENT_PRODUCT = Engine(
    name="gradient-product",
    title="Gradient after many layers or time steps",
    params=(
        Param("derivative", "float", "local derivative repeated at each step", required=False, min=-10, max=10),
        Param("steps", "int", "number of steps (layers or time steps)", required=False, min=1, max=1000),
        Param("activation", "str", "activation of the chain", required=False, choices=("sigmoid", "tanh")),
        Param("depth", "int", "number of layers in the chain", required=False, min=1, max=50),
        Param("weights", "vector", "one scalar weight per layer", required=False, max_len=50),
        Param("x", "float", "input to the chain", required=False, min=-100, max=100),
    ),
    solve_fn=_solve,
    generate_fn=_generate,
    mistakes_fn=_mistakes,
    check=_check,
)


# --- gradient-clip ------------------------------------------------------------

def _clip_solve(p: dict, device) -> Solution:
    import torch

    groups = c.as_rows(p["grads"])  # one parameter's gradient, or several
    params = []
    for g in groups:
        param = torch.nn.Parameter(torch.zeros(len(g), dtype=torch.float64, device=device))
        param.grad = c.tensor(g, device)
        params.append(param)
    squares = [c.to_py(c.tensor(g, device).pow(2).sum()) for g in groups]  # each param's grad, unclipped
    total = c.to_py(torch.nn.utils.clip_grad_norm_(params, p["max_norm"]))
    coef = min(1.0, p["max_norm"] / (total + 1e-6))
    clipped = [c.to_py(param.grad) for param in params]
    answer = clipped if isinstance(p["grads"][0], list) else clipped[0]
    steps = [Step("sum of squares per parameter", squares),
             Step("total norm = √(Σ g²) over all parameters", total),
             Step(f"clip coefficient = min(1, {p['max_norm']} / (norm + 1e-6))", coef),
             Step("clipped gradients = coefficient · g", answer)]
    return Solution(answer, steps, {"total_norm": total, "clip_coef": coef, "clipped": answer})


def _clip_generate(rng: random.Random, level: str) -> dict:
    if level == "basic":
        return {"grads": c.vector(rng, 2, -5, 5), "max_norm": rng.choice((1.0, 2.0, 5.0))}
    shapes = c.by_level(level, None, (2, 3), (3, 2, 4))
    return {"grads": [c.vector(rng, n, -4, 4) for n in shapes], "max_norm": rng.choice((1.0, 2.0, 5.0))}


def _clip_check(p: dict) -> None:
    grads = p["grads"]
    if isinstance(grads[0], list):
        for n, g in enumerate(grads):
            check_value(Param(f"grads[{n}]", "vector", "gradient of one parameter", max_len=64), g)
    else:
        check_value(Param("grads", "vector", "gradient", max_len=64), grads)


def _clip_mistakes(p: dict):
    right = c.answer_with(_clip_solve, p)
    m = p["max_norm"]
    by_value = [[min(max(v, -m), m) for v in g] for g in c.as_rows(p["grads"])]
    slips = [(by_value if isinstance(p["grads"][0], list) else by_value[0],
              "That clips each value (clip_grad_value_); clip_grad_norm_ rescales the whole gradient by max_norm/‖g‖.")]
    if isinstance(p["grads"][0], list) and len(p["grads"]) > 1:
        slips.append(([c.answer_with(_clip_solve, {**p, "grads": g}) for g in p["grads"]],
                      "The norm is taken over all parameters together, not each parameter separately."))
    return c.distinct(right, slips)


GRADIENT_CLIP = Engine(
    name="gradient-clip",
    title="Gradient clipping by global norm",
    params=(
        Param("grads", "list", "a gradient vector, or a list of them (one per parameter)", max_len=16),
        Param("max_norm", "float", "largest allowed total L2 norm", min=1e-6, max=1e6),
    ),
    solve_fn=_clip_solve,
    generate_fn=_clip_generate,
    mistakes_fn=_clip_mistakes,
    check=_clip_check,
)

ENGINES = (GRADIENT_PRODUCT, GRADIENT_CLIP)
