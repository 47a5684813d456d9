"""Softmax and the three losses interview questions ask about.

Each answer comes from ``torch.softmax`` / ``torch.nn.functional`` losses (mean
reduction, as PyTorch defaults to), with the intermediate numbers as steps.
"""
from __future__ import annotations

import math
import random

from engines import _common as c
from engines.base import Engine, Param, Solution, Step

_MAX_CLASSES = 32
_MAX_ITEMS = 64


# --- softmax ------------------------------------------------------------------

def _softmax_solve(p: dict, device) -> Solution:
    import torch

    z = c.tensor(p["z"], device)
    shifted = z - z.max()
    exps = shifted.exp()
    probs = torch.softmax(z, dim=0)
    steps = [Step("subtract max(z) for stability: z − max(z)", c.to_py(shifted)),
             Step("exp(z − max(z))", c.to_py(exps)),
             Step("sum of the exponentials", c.to_py(exps.sum())),
             Step("softmax = exp / sum", c.to_py(probs))]
    return Solution(c.to_py(probs), steps, {"probs": c.to_py(probs)})


SOFTMAX = Engine(
    name="softmax",
    title="Softmax of a logit vector",
    params=(Param("z", "vector", "logits", max_len=_MAX_CLASSES),),
    solve_fn=_softmax_solve,
    generate_fn=lambda rng, level: {"z": c.vector(rng, c.by_level(level, 3, 4, 6), -3, 3)},
)


# --- cross-entropy ------------------------------------------------------------

def _ce_solve(p: dict, device) -> Solution:
    import torch
    import torch.nn.functional as F

    logits = c.tensor(p["logits"], device)
    target = torch.tensor([p["target"]], device=device)
    probs = torch.softmax(logits, dim=0)
    loss = F.cross_entropy(logits.unsqueeze(0), target)
    p_t = c.to_py(probs[p["target"]])
    steps = [Step("softmax(logits)", c.to_py(probs)),
             Step(f"probability of the target class {p['target']}", p_t),
             Step("loss = −ln p_target", c.to_py(loss))]
    return Solution(c.to_py(loss), steps, {"probs": c.to_py(probs), "p_target": p_t})


def _ce_generate(rng: random.Random, level: str) -> dict:
    n = c.by_level(level, 3, 4, 6)
    return {"logits": c.vector(rng, n, -3, 3), "target": rng.randrange(n)}


def _ce_check(p: dict) -> None:
    n = len(p["logits"])
    c.require(p["target"] < n, f"target: class index must be below {n} (the number of logits)")


def _ce_mistakes(p: dict):
    right = c.answer_with(_ce_solve, p)
    p_t = c.answer_with(_ce_solve, p, key="p_target")
    return c.distinct(right, [
        (-math.log10(p_t), "Cross-entropy uses the natural log (ln), not log10."),
        (-math.log2(p_t), "Cross-entropy in PyTorch uses the natural log (ln), not log2."),
        (p_t, "That is the target's probability; the loss is −ln of it."),
    ])


CROSS_ENTROPY = Engine(
    name="cross-entropy",
    title="Cross-entropy loss from logits",
    params=(
        Param("logits", "vector", "raw class scores", max_len=_MAX_CLASSES),
        Param("target", "int", "index of the true class (0-based)", min=0),
    ),
    solve_fn=_ce_solve,
    generate_fn=_ce_generate,
    mistakes_fn=_ce_mistakes,
    check=_ce_check,
)


# --- binary cross-entropy -----------------------------------------------------

def _bce_solve(p: dict, device) -> Solution:
    import torch.nn.functional as F

    prob, y = c.tensor(p["p"], device), c.tensor(p["y"], device)
    per_item = F.binary_cross_entropy(prob, y, reduction="none")
    loss = F.binary_cross_entropy(prob, y)
    steps = [Step("per item: −[y·ln p + (1−y)·ln(1−p)]", c.to_py(per_item)),
             Step("mean over items", c.to_py(loss))]
    return Solution(c.to_py(loss), steps, {"per_item": c.to_py(per_item), "sum": c.to_py(per_item.sum())})


def _bce_generate(rng: random.Random, level: str) -> dict:
    n = c.by_level(level, 1, 3, 5)
    probs = [c.decimal(rng, 0.1, 0.9) for _ in range(n)]
    labels = [float(rng.randint(0, 1)) for _ in range(n)]
    return {"p": probs[0], "y": labels[0]} if n == 1 else {"p": probs, "y": labels}


def _bce_check(p: dict) -> None:
    c.require(c.shape(p["p"]) == c.shape(p["y"]), "y: must have the same shape as p")
    c.require(len(c.shape(p["p"])) <= 1, "p: a probability or a vector of probabilities")
    c.require(all(0 < v < 1 for v in c.as_list(p["p"])), "p: probabilities must lie strictly between 0 and 1")
    c.require(all(0 <= v <= 1 for v in c.as_list(p["y"])), "y: labels must lie between 0 and 1")


def _bce_mistakes(p: dict):
    right = c.answer_with(_bce_solve, p)
    return c.distinct(right, [
        (c.answer_with(_bce_solve, p, key="sum"),
         "PyTorch averages over the items (reduction='mean'), it does not sum."),
        (right / math.log(10), "Use the natural log (ln), not log10."),
    ])


BCE = Engine(
    name="binary-cross-entropy",
    title="Binary cross-entropy",
    params=(
        Param("p", "tensor", "predicted probability (or vector of them)", max_len=_MAX_ITEMS),
        Param("y", "tensor", "label 0 or 1 (or vector of them)", max_len=_MAX_ITEMS),
    ),
    solve_fn=_bce_solve,
    generate_fn=_bce_generate,
    mistakes_fn=_bce_mistakes,
    check=_bce_check,
)


# --- mse ----------------------------------------------------------------------

def _mse_solve(p: dict, device) -> Solution:
    import torch.nn.functional as F

    pred, target = c.tensor(p["pred"], device), c.tensor(p["target"], device)
    diff = pred - target
    loss = F.mse_loss(pred, target)
    steps = [Step("differences pred − target", c.to_py(diff)),
             Step("squared", c.to_py(diff ** 2)),
             Step("mean of the squares", c.to_py(loss))]
    return Solution(c.to_py(loss), steps, {
        "sum": c.to_py((diff ** 2).sum()), "mae": c.to_py(diff.abs().mean()), "rmse": c.to_py(loss.sqrt())})


def _mse_generate(rng: random.Random, level: str) -> dict:
    n = c.by_level(level, 3, 4, 8)
    return {"pred": c.vector(rng, n, -3, 3), "target": c.vector(rng, n, -3, 3)}


def _mse_mistakes(p: dict):
    right = c.answer_with(_mse_solve, p)
    return c.distinct(right, [
        (c.answer_with(_mse_solve, p, key="sum"), "Divide the sum of squares by the number of items: MSE is a mean."),
        (c.answer_with(_mse_solve, p, key="mae"), "That is the mean absolute error; square the differences."),
        (c.answer_with(_mse_solve, p, key="rmse"), "That is the RMSE; MSE has no square root."),
    ])


MSE = Engine(
    name="mse",
    title="Mean squared error",
    params=(
        Param("pred", "tensor", "predictions", max_len=_MAX_ITEMS),
        Param("target", "tensor", "targets, same shape as pred", max_len=_MAX_ITEMS),
    ),
    solve_fn=_mse_solve,
    generate_fn=_mse_generate,
    mistakes_fn=_mse_mistakes,
    check=lambda p: c.require(c.shape(p["pred"]) == c.shape(p["target"]), "target: must have the same shape as pred"),
)

ENGINES = (SOFTMAX, CROSS_ENTROPY, BCE, MSE)
