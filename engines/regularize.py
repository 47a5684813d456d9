"""Training-time tricks: ``dropout``, ``regularization`` penalties, ``weight-init`` scales.

``nn.Dropout`` draws its own random mask, so the dropout engine applies the
exercise's mask with the same inverted-dropout rule PyTorch uses
(x·mask/(1−p) in training). Init scales are the closed forms behind
``nn.init.xavier_*`` / ``kaiming_*``, with the gain from ``nn.init.calculate_gain``.
"""
from __future__ import annotations

import math
import random

from engines import _common as c
from engines.base import Engine, Param, Solution, Step

_MAX_ITEMS = 64


# --- dropout ------------------------------------------------------------------

def _dropout_solve(p: dict, device) -> Solution:
    x, mask = c.tensor(p["x"], device), c.tensor(p["mask"], device)
    scale = 1.0 / (1.0 - p["p"])
    kept = x * mask + 0.0  # + 0.0 turns the −0.0 of dropped negatives into 0.0
    out = kept * scale
    steps = [Step("x ⊙ mask (dropped units become 0)", c.to_py(kept)),
             Step(f"scale kept units by 1/(1−p) = 1/(1−{p['p']})", scale),
             Step("output = x ⊙ mask / (1−p)", c.to_py(out)),
             Step("expected output E[·] = (1−p)·x/(1−p) = x", c.to_py(x))]
    return Solution(c.to_py(out), steps, {"output": c.to_py(out), "scale": scale, "expected": c.to_py(x)})


def _dropout_generate(rng: random.Random, level: str) -> dict:
    n = c.by_level(level, 4, 6, 8)
    p = rng.choice((0.2, 0.25, 0.5)) if level == "basic" else rng.choice((0.1, 0.2, 0.3, 0.4, 0.5))
    return {"x": c.vector(rng, n, -2, 2), "mask": [float(rng.random() >= p) for _ in range(n)], "p": p}


def _dropout_check(p: dict) -> None:
    c.require(len(p["mask"]) == len(p["x"]), f"mask: needs one entry per input ({len(p['x'])})")
    c.require(all(m in (0, 1) for m in p["mask"]), "mask: entries must be 0 (dropped) or 1 (kept)")


def _dropout_mistakes(p: dict):
    right = c.answer_with(_dropout_solve, p)
    kept = [x * m for x, m in zip(p["x"], p["mask"], strict=True)]
    return c.distinct(right, [
        (kept, "Inverted dropout rescales the kept units by 1/(1−p) during training."),
        ([v * (1 - p["p"]) for v in kept],
         "Multiplying by (1−p) is the old test-time rule; PyTorch divides by (1−p) at training time."),
        ([v / p["p"] for v in kept] if p["p"] else None, "Divide by the keep probability 1−p, not by p."),
    ])


DROPOUT = Engine(
    name="dropout",
    title="Inverted dropout with a given mask",
    params=(
        Param("x", "vector", "activations", max_len=_MAX_ITEMS),
        Param("mask", "vector", "1 = kept, 0 = dropped", max_len=_MAX_ITEMS),
        Param("p", "float", "drop probability", min=0.0, max=0.95),
    ),
    solve_fn=_dropout_solve,
    generate_fn=_dropout_generate,
    mistakes_fn=_dropout_mistakes,
    check=_dropout_check,
)


# --- regularization -----------------------------------------------------------

def _reg_solve(p: dict, device) -> Solution:
    w = c.tensor(p["weights"], device)
    total = w.abs().sum() if p["kind"] == "l1" else w.pow(2).sum()
    penalty = c.to_py(p["lam"] * total)
    what = "Σ|w|" if p["kind"] == "l1" else "Σw²"
    label = "λ·Σ|w|" if p["kind"] == "l1" else "λ·Σw² (no ½ factor)"
    steps = [Step(what, c.to_py(total)), Step(f"penalty = {label} with λ = {p['lam']}", penalty)]
    return Solution(penalty, steps, {"penalty": penalty, "sum": c.to_py(total)})


def _reg_generate(rng: random.Random, level: str) -> dict:
    n = c.by_level(level, 3, 5, 8)
    return {"weights": c.vector(rng, n, -2, 2), "kind": rng.choice(("l1", "l2")),
            "lam": rng.choice((0.01, 0.1, 0.5, 1.0))}


def _reg_mistakes(p: dict):
    right = c.answer_with(_reg_solve, p)
    other = "l2" if p["kind"] == "l1" else "l1"
    slips = [(c.answer_with(_reg_solve, p, kind=other),
              f"That is the {other.upper()} penalty; {p['kind'].upper()} uses "
              + ("absolute values." if p["kind"] == "l1" else "squares.")),
             (c.answer_with(_reg_solve, p, key="sum"), "Multiply by the strength λ.")]
    if p["kind"] == "l2":
        slips.append((right / 2, "This card uses λ·Σw² without the ½ some texts put in front."))
        slips.append((math.sqrt(c.answer_with(_reg_solve, p, key="sum")) * p["lam"],
                      "The L2 penalty uses the squared norm Σw², not the norm √Σw²."))
    return c.distinct(right, slips)


REGULARIZATION = Engine(
    name="regularization",
    title="L1 / L2 weight penalty",
    params=(
        Param("weights", "tensor", "weights", max_len=_MAX_ITEMS),
        Param("kind", "str", "penalty type", choices=("l1", "l2")),
        Param("lam", "float", "strength λ", min=0.0, max=1e3),
    ),
    solve_fn=_reg_solve,
    generate_fn=_reg_generate,
    mistakes_fn=_reg_mistakes,
)


# --- weight-init --------------------------------------------------------------

def init_scale(scheme: str, fan_in: int, fan_out: int) -> tuple[float, str]:
    """Standard deviation of the init and a label showing the formula.

    Xavier/Glorot: gain·√(2/(fan_in+fan_out)), gain 1 (``calculate_gain('linear')``).
    He/Kaiming (fan_in mode): gain/√fan_in, gain √2 (``calculate_gain('relu')``).
    """
    import torch.nn as nn

    if scheme == "xavier":
        gain = nn.init.calculate_gain("linear")
        return gain * math.sqrt(2.0 / (fan_in + fan_out)), f"{gain:g}·√(2/({fan_in}+{fan_out}))"
    gain = nn.init.calculate_gain("relu")
    return gain / math.sqrt(fan_in), f"√2/√{fan_in} = √(2/{fan_in})"


def _init_solve(p: dict, device) -> Solution:
    std, formula = init_scale(p["scheme"], p["fan_in"], p["fan_out"])
    bound = math.sqrt(3.0) * std
    steps = [Step(f"std = {formula}", std), Step("variance = std²", std * std)]
    if p["distribution"] == "uniform":
        steps.append(Step("uniform bound a = √3·std, weights ~ U(−a, a)", bound))
    answer = bound if p["distribution"] == "uniform" else std
    return Solution(answer, steps, {"std": std, "variance": std * std, "bound": bound})


def _init_generate(rng: random.Random, level: str) -> dict:
    sizes = c.by_level(level, (100, 200, 256, 400, 512), (64, 128, 300, 784, 1024), (27, 576, 1152, 2304, 4608))
    return {"scheme": rng.choice(("xavier", "he")), "fan_in": rng.choice(sizes), "fan_out": rng.choice(sizes),
            "distribution": "normal" if level == "basic" else rng.choice(("normal", "uniform"))}


def _init_mistakes(p: dict):
    right = c.answer_with(_init_solve, p)
    other = "he" if p["scheme"] == "xavier" else "xavier"
    std = c.answer_with(_init_solve, p, key="std")
    slips = [(c.answer_with(_init_solve, p, scheme=other),
              "Xavier (tanh/sigmoid) uses √(2/(fan_in+fan_out)); He (ReLU) uses √(2/fan_in).")]
    if p["scheme"] == "xavier":
        slips.append((math.sqrt(1.0 / p["fan_in"]) * (math.sqrt(3.0) if p["distribution"] == "uniform" else 1.0),
                      "√(1/fan_in) is LeCun init; Glorot/Xavier averages both fans: √(2/(fan_in+fan_out))."))
    slips.append((c.answer_with(_init_solve, p, key="variance"),
                  "That is the variance; take its square root for the std."))
    if p["distribution"] == "uniform":
        slips.append((std, "That is the std; a uniform U(−a, a) with that std has a = √3·std."))
    return c.distinct(right, slips)


WEIGHT_INIT = Engine(
    name="weight-init",
    title="Xavier / He initialisation scale",
    params=(
        Param("scheme", "str", "xavier (Glorot) or he (Kaiming, fan_in mode)", choices=("xavier", "he")),
        Param("fan_in", "int", "inputs per unit", min=1, max=1_000_000),
        Param("fan_out", "int", "outputs per unit", min=1, max=1_000_000),
        Param("distribution", "str", "normal (answer: std) or uniform (answer: bound a)", default="normal",
              required=False, choices=("normal", "uniform")),
    ),
    solve_fn=_init_solve,
    generate_fn=_init_generate,
    mistakes_fn=_init_mistakes,
)

ENGINES = (DROPOUT, REGULARIZATION, WEIGHT_INIT)
