"""``normalization``: BatchNorm and LayerNorm on a small batch, training mode.

The answer is a real ``nn.BatchNorm1d`` (statistics per feature, down the
batch) or ``nn.LayerNorm`` (statistics per example, across its features) in
training mode, so the mean and the *biased* variance (÷ N, not N − 1) are
the ones PyTorch normalises with. The batch-norm running estimates after this
one step are outputs too: they use the *unbiased* variance, the detail that
makes train and eval outputs differ on the first batch.
"""
from __future__ import annotations

import random
from typing import Any

from engines import _common as c
from engines.base import Engine, Param, Solution, Step

_KINDS = ("batch", "layer")
_EPS = 1e-5  # not filled in by validation: a generated card's parameters stay on the 0.1 grid


def _solve(p: dict, device) -> Solution:
    import torch

    x, eps = c.tensor(p["x"], device), p.get("eps", _EPS)
    f = x.shape[1]
    batch = p["kind"] == "batch"
    if batch:
        module = c.real_module(torch.nn.BatchNorm1d, f, eps=eps, device=device)
        module.reset_running_stats()
    else:
        module = c.real_module(torch.nn.LayerNorm, f, eps=eps, device=device)
    c.load(module, weight=p.get("gamma", [1.0] * f), bias=p.get("beta", [0.0] * f))
    module.train()
    with torch.no_grad():
        out = module(x)
    dim = 0 if batch else 1
    mean, var = x.mean(dim=dim), x.var(dim=dim, unbiased=False)
    x_hat = (x - mean.unsqueeze(dim)) / (var.unsqueeze(dim) + eps).sqrt()
    over = "each feature (column), over the batch" if batch else "each example (row), over its features"
    outputs = {"mean": c.to_py(mean), "var": c.to_py(var), "x_hat": c.to_py(x_hat), "output": c.to_py(out)}
    steps = [Step(f"mean of {over}", outputs["mean"]),
             Step("variance, biased (÷ N as in training)", outputs["var"]),
             Step(f"x̂ = (x − mean)/√(var + {eps:g})", outputs["x_hat"]),
             Step("y = γ·x̂ + β", outputs["output"])]
    if batch:
        outputs["running_mean"] = c.to_py(module.running_mean)
        outputs["running_var"] = c.to_py(module.running_var)
        steps += [Step("running_mean = 0.9·0 + 0.1·mean", outputs["running_mean"]),
                  Step("running_var = 0.9·1 + 0.1·var·N/(N − 1) (unbiased)", outputs["running_var"])]
    return Solution(outputs["output"], steps, outputs)


def _generate(rng: random.Random, level: str) -> dict:
    kind = rng.choice(_KINDS)
    # LayerNorm of 2 features is always ±1 before γ, β: give it at least 3
    n, f = c.by_level(level, (2, 2), (3, 2), (4, 3)) if kind == "batch" else c.by_level(level, (1, 3), (2, 3), (2, 4))
    params: dict[str, Any] = {"x": c.matrix(rng, n, f, -2, 2), "kind": kind}
    if level != "basic":
        params["gamma"] = [c.decimal(rng, 0.5, 2.0) for _ in range(f)]
        params["beta"] = c.vector(rng, f)
    return params


def _check(p: dict) -> None:
    n, f = len(p["x"]), len(p["x"][0])
    if p["kind"] == "batch":
        c.require(n >= 2, "x: batch norm in training mode needs at least 2 rows (examples) to take statistics over")
    else:
        c.require(f >= 2, "x: layer norm needs at least 2 features (columns) per row")
    for name in ("gamma", "beta"):
        c.require(name not in p or len(p[name]) == f, f"{name}: needs one value per feature ({f})")


def _mistakes(p: dict):
    right = c.answer_with(_solve, p)
    other = "layer" if p["kind"] == "batch" else "batch"
    slips = []
    if len(p["x"]) >= 2 and len(p["x"][0]) >= 2:
        slips.append((c.answer_with(_solve, p, kind=other),
                      f"That is {other} norm. Batch norm takes statistics per feature down the batch; layer norm "
                      "per example across its features."))
    return c.distinct(right, [*slips, (_with_unbiased_variance(p), "Training-mode normalisation divides the "
                                       "variance by N (biased), not N − 1.")])


def _with_unbiased_variance(p: dict):
    """The output if the variance were taken with N − 1, in plain Python."""
    x = p["x"]
    rows = x if p["kind"] == "layer" else [list(col) for col in zip(*x, strict=True)]
    if len(rows[0]) < 2:
        return None
    normed = []
    for row in rows:
        mean = sum(row) / len(row)
        var = sum((v - mean) ** 2 for v in row) / (len(row) - 1)
        normed.append([(v - mean) / (var + p.get("eps", _EPS)) ** 0.5 for v in row])
    out = normed if p["kind"] == "layer" else [list(r) for r in zip(*normed, strict=True)]
    f = len(x[0])
    gamma, beta = p.get("gamma", [1.0] * f), p.get("beta", [0.0] * f)
    return [[g * v + b for v, g, b in zip(row, gamma, beta, strict=True)] for row in out]


ENGINE = Engine(
    name="normalization",
    title="Batch norm or layer norm of a small batch",
    params=(
        Param("x", "matrix", "activations, one row per example", max_len=16),
        Param("kind", "str", "which normalisation", default="batch", required=False, choices=_KINDS),
        Param("gamma", "vector", "scale γ per feature (default 1)", required=False, max_len=16),
        Param("beta", "vector", "shift β per feature (default 0)", required=False, max_len=16),
        Param("eps", "float", f"ε added to the variance (default {_EPS:g}, torch's)", required=False, min=0.0, max=1.0),
    ),
    solve_fn=_solve,
    generate_fn=_generate,
    mistakes_fn=_mistakes,
    check=_check,
)

ENGINES = (ENGINE,)
