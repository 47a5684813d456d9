"""Training-loop arithmetic: ``optimizer-step`` and ``lr-schedule``.

``optimizer-step`` hands the exercise's gradients to ``torch.optim``'s own
update functions (the ones each optimizer's ``step()`` calls), one step per
gradient vector, so the answer carries PyTorch's own conventions (momentum as v ← μv + g, then w ← w − lr·v; Adam's bias
correction; RMSprop's ε outside the square root; AdamW's decoupled decay).
Optional hyper-parameters left out take the torch default *of that optimizer*
(Adagrad's ε is 1e-10, AdamW's weight decay 0.01), and a hyper-parameter the
optimizer does not have is refused rather than silently ignored.

``lr-schedule`` steps a real ``torch.optim.lr_scheduler`` and reads the rate.
Warm-up then cosine has no single torch class with the usual meaning (linear
from 0 to ``lr`` over the warm-up, then cosine to ``min_lr``), so it is a
``LambdaLR`` with that formula.
"""
from __future__ import annotations

import math
import random
from typing import Any

from engines import _common as c
from engines.base import Engine, Param, Solution, Step

# optimizer -> (torch class, its optional hyper-parameters with torch's defaults)
_OPTIMIZERS = {
    "sgd": ("SGD", {"weight_decay": 0.0}),
    "momentum": ("SGD", {"momentum": 0.9, "weight_decay": 0.0}),
    "nesterov": ("SGD", {"momentum": 0.9, "weight_decay": 0.0}),
    "rmsprop": ("RMSprop", {"alpha": 0.99, "eps": 1e-8, "momentum": 0.0, "weight_decay": 0.0}),
    "adagrad": ("Adagrad", {"eps": 1e-10, "weight_decay": 0.0}),
    "adam": ("Adam", {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.0}),
    "adamw": ("AdamW", {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.01}),
}
_HYPER = ("momentum", "alpha", "beta1", "beta2", "eps", "weight_decay")
_STATE = {"momentum_buffer": "velocity v", "square_avg": "running mean of g²", "sum": "sum of g²",
          "exp_avg": "first moment m", "exp_avg_sq": "second moment v"}


# --- optimizer-step -----------------------------------------------------------

def hyper(p: dict) -> dict:
    """The optimizer's hyper-parameters: the ones given, torch's defaults for the rest."""
    return {**_OPTIMIZERS[p["optimizer"]][1], **{k: p[k] for k in _HYPER if k in p}}


def _update(name: str, w, grad, lr: float, h: dict, state: dict) -> None:
    """One step of torch.optim's functional update (what each optimizer class's ``step`` calls).

    The classes themselves are not built: ``Optimizer.__init__`` imports torch._dynamo
    (1-2 s, as long as importing torch) on first use, for no change in the arithmetic.
    """
    import torch.optim.adagrad as adagrad
    import torch.optim.adam as adam
    import torch.optim.adamw as adamw
    import torch.optim.rmsprop as rmsprop
    import torch.optim.sgd as sgd

    common = {"lr": lr, "weight_decay": h["weight_decay"], "foreach": False, "maximize": False}
    if name in ("sgd", "momentum", "nesterov"):
        sgd.sgd([w], [grad], state["momentum_buffer"], momentum=h.get("momentum", 0.0), dampening=0.0,
                nesterov=name == "nesterov", **common)
    elif name == "rmsprop":
        rmsprop.rmsprop([w], [grad], state["square_avg"], [], state["momentum_buffer"], state["step"],
                        alpha=h["alpha"], eps=h["eps"], momentum=h["momentum"], centered=False, **common)
    elif name == "adagrad":
        adagrad.adagrad([w], [grad], state["sum"], state["step"], lr_decay=0.0, eps=h["eps"], **common)
    else:
        fn = adam.adam if name == "adam" else adamw.adamw
        fn([w], [grad], state["exp_avg"], state["exp_avg_sq"], [], state["step"], amsgrad=False,
           beta1=h["beta1"], beta2=h["beta2"], eps=h["eps"], **common)


def _opt_solve(p: dict, device) -> Solution:
    import torch

    name, h = p["optimizer"], hyper(p)
    w = c.tensor(p["w"], device)
    state: dict[str, list[Any]] = {
        "momentum_buffer": [None if name in ("sgd", "momentum", "nesterov") else torch.zeros_like(w)],
        "step": [torch.tensor(0.0)],
        **{k: [torch.zeros_like(w)] for k in ("square_avg", "sum", "exp_avg", "exp_avg_sq")}}
    shown = {"sgd": (), "momentum": ("momentum_buffer",), "nesterov": ("momentum_buffer",),
             "rmsprop": ("square_avg",), "adagrad": ("sum",)}.get(name, ("exp_avg", "exp_avg_sq"))
    settings = ", ".join(f"{k}={v}" for k, v in {"lr": p["lr"], **h}.items())
    steps, outputs = [Step(f"torch.optim.{_OPTIMIZERS[name][0]} ({name}): {settings}", p["w"])], {}
    for t, g in enumerate(c.as_rows(p["grads"]), start=1):  # one gradient per step
        _update(name, w, c.tensor(g, device), p["lr"], h, state)
        steps += [Step(f"step {t}: {_STATE[key]}", c.to_py(state[key][0])) for key in shown]
        outputs[f"w{t}"] = c.to_py(w)
        steps.append(Step(f"step {t}: w", outputs[f"w{t}"]))
    outputs["w"] = outputs[f"w{t}"]
    return Solution(outputs["w"], steps, outputs)


def _opt_generate(rng: random.Random, level: str) -> dict:
    name = rng.choice(c.by_level(level, ("sgd", "momentum"), ("momentum", "nesterov", "rmsprop", "adagrad", "adam"),
                                 ("rmsprop", "adam", "adamw", "nesterov")))
    n, t = c.by_level(level, (2, rng.choice((1, 2))), (2, 2), (3, rng.choice((2, 3))))
    params = {"optimizer": name, "w": c.vector(rng, n), "grads": [c.vector(rng, n, -2, 2) for _ in range(t)],
              "lr": rng.choice((0.1, 0.5) if name in ("sgd", "momentum", "nesterov") else (0.01, 0.1))}
    if name in ("momentum", "nesterov") and level != "basic":
        params["momentum"] = rng.choice((0.5, 0.9))
    if name == "adamw":
        params["weight_decay"] = rng.choice((0.01, 0.1))
    return params


def _opt_check(p: dict) -> None:
    allowed = _OPTIMIZERS[p["optimizer"]][1]
    for name in _HYPER:
        c.require(name not in p or name in allowed,
                  f"{name}: {p['optimizer']} has no {name} (it takes {', '.join(allowed) or 'only lr'})"
                  + ("; for SGD with momentum use optimizer: momentum"
                     if p["optimizer"] == "sgd" and name == "momentum" else ""))
    c.require(isinstance(p["grads"], list) and bool(p["grads"]), "grads: one vector per step (a list of vectors)")
    for n, g in enumerate(c.as_rows(p["grads"])):
        c.require(isinstance(g, list) and len(g) == len(p["w"]),
                  f"grads[{n}]: needs one entry per weight ({len(p['w'])})")
    c.require(len(c.shape(p["grads"])) <= 2, "grads: one vector per step (a list of vectors)")
    c.require(p["optimizer"] != "nesterov" or hyper(p)["momentum"] > 0, "momentum: Nesterov needs momentum > 0")
    c.require(p["optimizer"] != "momentum" or hyper(p)["momentum"] > 0,
              "momentum: momentum needs momentum > 0 (with 0 it is optimizer: sgd)")


def _adam_without_bias_correction(p: dict) -> list:
    """Adam as often written from memory: m and v used raw, without dividing by 1 − βᵗ."""
    h = hyper(p)
    w, m, v = list(p["w"]), [0.0] * len(p["w"]), [0.0] * len(p["w"])
    for g in c.as_rows(p["grads"]):
        for i, gi in enumerate(g):
            m[i] = h["beta1"] * m[i] + (1 - h["beta1"]) * gi
            v[i] = h["beta2"] * v[i] + (1 - h["beta2"]) * gi * gi
            w[i] -= p["lr"] * m[i] / (math.sqrt(v[i]) + h["eps"])
    return w


def _opt_mistakes(p: dict):
    right = c.answer_with(_opt_solve, p)
    name, lr = p["optimizer"], p["lr"]
    grads = c.as_rows(p["grads"])
    slips = [([w + lr * sum(g[i] for g in grads) for i, w in enumerate(p["w"])] if name == "sgd" else None,
              "Step against the gradient: w ← w − lr·g.")]
    if name in ("momentum", "nesterov"):
        plain = {k: v for k, v in p.items() if k != "momentum"}
        slips.append((c.answer_with(_opt_solve, plain, optimizer="sgd"),
                      "The velocity carries the earlier gradients: v ← μ·v + g, then w ← w − lr·v."))
        other = "momentum" if name == "nesterov" else "nesterov"
        slips.append((c.answer_with(_opt_solve, p, optimizer=other),
                      "That is " + ("plain momentum; Nesterov steps with g + μ·v." if name == "nesterov"
                                    else "Nesterov's look-ahead; plain momentum steps with v itself.")))
    if name in ("adam", "adamw"):
        slips.append((_adam_without_bias_correction(p) if name == "adam" else None,
                      "Divide m by 1 − β₁ᵗ and v by 1 − β₂ᵗ (bias correction) before the step."))
    if name == "adamw" and hyper(p)["weight_decay"]:
        slips.append((c.answer_with(_opt_solve, {**p, "optimizer": "adam", "weight_decay": hyper(p)["weight_decay"]}),
                      "That is Adam with L2 (decay added to the gradient); AdamW decays w directly: w ← w − lr·λ·w."))
    return c.distinct(right, slips)


OPTIMIZER_STEP = Engine(
    name="optimizer-step",
    title="Weights after optimizer steps",
    params=(
        Param("optimizer", "str", "update rule", choices=tuple(_OPTIMIZERS)),
        Param("w", "vector", "weights before the first step", max_len=8),
        Param("grads", "tensor", "gradients, one vector per step", max_len=10),
        Param("lr", "float", "learning rate", min=0.0, max=10.0),
        Param("momentum", "float", "momentum μ (default 0.9 for momentum/nesterov, 0 for rmsprop)", required=False,
              min=0.0, max=0.999999),
        Param("alpha", "float", "RMSprop smoothing (default 0.99)", required=False, min=0.0, max=1.0),
        Param("beta1", "float", "Adam β₁ (default 0.9)", required=False, min=0.0, max=0.999999),
        Param("beta2", "float", "Adam β₂ (default 0.999)", required=False, min=0.0, max=0.999999),
        Param("eps", "float", "ε (torch default: 1e-10 for adagrad, 1e-8 otherwise)", required=False, min=0.0, max=1.0),
        Param("weight_decay", "float", "weight decay λ (default 0.01 for adamw, 0 otherwise)", required=False,
              min=0.0, max=1.0),
    ),
    solve_fn=_opt_solve,
    generate_fn=_opt_generate,
    mistakes_fn=_opt_mistakes,
    check=_opt_check,
)


# --- lr-schedule --------------------------------------------------------------

_SCHEDULES = {  # schedule -> (parameters it needs, optional ones)
    "step": (("step_size", "gamma"), ()),
    "exponential": (("gamma",), ()),
    "cosine": (("total_steps",), ("min_lr",)),
    "warmup-cosine": (("total_steps", "warmup_steps"), ("min_lr",)),
}
_SCHEDULE_PARAMS = ("step_size", "gamma", "total_steps", "warmup_steps", "min_lr")
_MAX_STEP = 10_000  # the scheduler is stepped one call at a time


def _warmup_cosine(p: dict):
    """The multiplier of ``lr`` at step t: linear warm-up from 0, then cosine down to min_lr."""
    lr, low, warm, total = p["lr"], p.get("min_lr", 0.0), p["warmup_steps"], p["total_steps"]

    def factor(t: int) -> float:
        if t < warm:
            return t / warm
        progress = (t - warm) / max(1, total - warm)
        return (low + (lr - low) * 0.5 * (1 + math.cos(math.pi * min(1.0, progress)))) / lr
    return factor


def _scheduler(p: dict, opt):
    from torch.optim import lr_scheduler as S

    kind = p["schedule"]
    if kind == "step":
        return S.StepLR(opt, step_size=p["step_size"], gamma=p["gamma"])
    if kind == "exponential":
        return S.ExponentialLR(opt, gamma=p["gamma"])
    if kind == "cosine":
        return S.CosineAnnealingLR(opt, T_max=p["total_steps"], eta_min=p.get("min_lr", 0.0))
    return S.LambdaLR(opt, _warmup_cosine(p))


def _closed_form(p: dict) -> str:
    t, kind = p["step"], p["schedule"]
    if kind == "step":
        return f"lr·γ^⌊t/step_size⌋ = {p['lr']}·{p['gamma']}^⌊{t}/{p['step_size']}⌋"
    if kind == "exponential":
        return f"lr·γ^t = {p['lr']}·{p['gamma']}^{t}"
    low = p.get("min_lr", 0.0)
    if kind == "cosine":
        return f"min_lr + (lr − min_lr)·½(1 + cos(π·t/T)) with t = {t}, T = {p['total_steps']}, min_lr = {low}"
    if t < p["warmup_steps"]:
        return f"warm-up: lr·t/warmup = {p['lr']}·{t}/{p['warmup_steps']}"
    return (f"cosine after warm-up: min_lr + (lr − min_lr)·½(1 + cos(π·(t − {p['warmup_steps']})/"
            f"({p['total_steps']} − {p['warmup_steps']}))), min_lr = {low}")


def _rate_holder(lr: float):
    """An ``Optimizer`` with one parameter-less group: all a scheduler reads and writes.

    ``Optimizer.__init__`` is skipped on purpose: its ``add_param_group`` imports
    torch._dynamo on first use (1-2 s), and a schedule needs no parameters.
    """
    from collections import defaultdict

    from torch.optim import Optimizer

    class RateHolder(Optimizer):
        def __init__(self):  # deliberately not Optimizer.__init__ (see above)
            self.defaults, self.param_groups = {"lr": lr}, [{"lr": lr, "params": []}]
            self.state = defaultdict(dict)  # as Optimizer.__init__ leaves it

        def step(self, closure=None):  # nothing to update; marks the call for the scheduler
            return None

    return RateHolder()


def _lr_solve(p: dict, device) -> Solution:
    opt = _rate_holder(p["lr"])
    sched = _scheduler(p, opt)
    for _ in range(p["step"]):
        opt.step()  # keeps the scheduler's "step the optimizer first" check quiet
        sched.step()
    lr = float(opt.param_groups[0]["lr"])
    return Solution(lr, [Step(_closed_form(p), lr)], {"lr": lr})


def _lr_generate(rng: random.Random, level: str) -> dict:
    kind = rng.choice(c.by_level(level, ("step", "exponential"), ("step", "exponential", "cosine"),
                                 ("cosine", "warmup-cosine")))
    params = {"schedule": kind, "lr": rng.choice((0.1, 0.01, 0.5))}
    if kind == "step":
        params.update(step_size=rng.choice((10, 20, 30)), gamma=rng.choice((0.1, 0.5)), step=rng.randint(0, 95))
    elif kind == "exponential":
        params.update(gamma=rng.choice((0.9, 0.95, 0.99)), step=rng.randint(0, 20))
    else:
        total = rng.choice((100, 200, 1000))
        params.update(total_steps=total, step=rng.randrange(0, total + 1, 10))
        if kind == "warmup-cosine":
            params["warmup_steps"] = total // 10
        if level == "research" and rng.random() < 0.5:
            params["min_lr"] = round(params["lr"] / 10, 3) if params["lr"] != 0.01 else 0.0
    return params


def _lr_check(p: dict) -> None:
    needs, optional = _SCHEDULES[p["schedule"]]
    for name in _SCHEDULE_PARAMS:
        if name in needs:
            c.require(name in p, f"{name}: required for the {p['schedule']} schedule")
        else:
            c.require(name not in p or name in optional,
                      f"{name}: the {p['schedule']} schedule has no {name} (it takes {', '.join(needs + optional)})")
    if "total_steps" in p:
        c.require(p["step"] <= p["total_steps"], f"step: at most total_steps ({p['total_steps']}); "
                                                 "torch's cosine rises again after T")
    if "warmup_steps" in p:
        c.require(p["warmup_steps"] < p["total_steps"], "warmup_steps: must be below total_steps")
    c.require(p.get("min_lr", 0.0) <= p["lr"], "min_lr: must not exceed lr")


def _lr_mistakes(p: dict):
    right = c.answer_with(_lr_solve, p)
    t, kind, slips = p["step"], p["schedule"], []
    if kind == "step":
        slips.append((p["lr"] * p["gamma"] ** (t / p["step_size"]),
                      "Decay in whole blocks: γ^⌊t/step_size⌋, a staircase."))
        slips.append((p["lr"] * p["gamma"] ** (t // p["step_size"] + 1),
                      "Step 0 to step_size − 1 still use the initial lr."))
    if kind == "exponential" and t:
        slips.append((p["lr"] * p["gamma"] ** (t - 1), "After t steps the rate has been multiplied by γ t times: γ^t."))
    if kind in ("cosine", "warmup-cosine") and p.get("min_lr"):
        slips.append((c.answer_with(_lr_solve, p, min_lr=0.0),
                      "The cosine ends at min_lr, not 0: min_lr + (lr − min_lr)·½(1 + cos)."))
    if kind == "warmup-cosine" and t >= p["warmup_steps"]:
        low = p.get("min_lr", 0.0)
        slips.append((low + (p["lr"] - low) * 0.5 * (1 + math.cos(math.pi * t / p["total_steps"])),
                      "The cosine starts after the warm-up: progress is (t − warmup)/(T − warmup)."))
    return c.distinct(right, slips)


def _sched_param(name: str, kind: str, description: str, lo: float, hi: float) -> Param:
    return Param(name, kind, description, required=False, min=lo, max=hi)


LR_SCHEDULE = Engine(
    name="lr-schedule",
    title="Learning rate at a step of a schedule",
    params=(
        Param("schedule", "str", "schedule", choices=tuple(_SCHEDULES)),
        Param("lr", "float", "initial (peak) learning rate", min=1e-12, max=10.0),
        Param("step", "int", "scheduler steps taken (0 = before any)", min=0, max=_MAX_STEP),
        _sched_param("step_size", "int", "steps between decays (step)", 1, _MAX_STEP),
        _sched_param("gamma", "float", "decay factor (step, exponential)", 0.0, 1.0),
        _sched_param("total_steps", "int", "length of the cosine, T (cosine, warmup-cosine)", 1, _MAX_STEP),
        _sched_param("warmup_steps", "int", "linear warm-up steps from 0 (warmup-cosine)", 1, _MAX_STEP),
        _sched_param("min_lr", "float", "floor of the cosine (default 0)", 0.0, 10.0),
    ),
    solve_fn=_lr_solve,
    generate_fn=_lr_generate,
    mistakes_fn=_lr_mistakes,
    check=_lr_check,
)

ENGINES = (OPTIMIZER_STEP, LR_SCHEDULE)
