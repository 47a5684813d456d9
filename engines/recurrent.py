"""Recurrent cells: ``rnn-step`` (``nn.RNNCell``) and ``lstm-step`` (``nn.LSTMCell``).

The exercise weights are copied into the real cells in PyTorch's layout
(``W_ih`` rows stacked in gate order i, f, g, o for the LSTM), so the answer is
what PyTorch computes. Pre-activations and gates are shown as steps, computed
from the same cell's parameters.
"""
from __future__ import annotations

import random

from engines import _common as c
from engines.base import Engine, Param, Solution, Step

_MAX_HIDDEN = 8
_GATES = ("i", "f", "g", "o")


def _pre_activation(cell, x, h):
    """W_ih·x + b_ih + W_hh·h + b_hh with the cell's own parameters."""
    import torch.nn.functional as F

    return F.linear(x, cell.weight_ih, cell.bias_ih) + F.linear(h, cell.weight_hh, cell.bias_hh)


def _zeros(n: int) -> list[float]:
    return [0.0] * n


# --- rnn-step -----------------------------------------------------------------

def _rnn_solve(p: dict, device) -> Solution:
    import torch

    hidden, inputs = len(p["W_hh"]), len(p["W_xh"][0])
    cell = c.real_module(torch.nn.RNNCell, inputs, hidden, nonlinearity="tanh", device=device)
    c.load(cell, weight_ih=p["W_xh"], weight_hh=p["W_hh"], bias_ih=p.get("b_h", _zeros(hidden)), bias_hh=_zeros(hidden))
    h = c.tensor([p.get("h0", _zeros(hidden))], device)
    steps, outputs = [], {}
    with torch.no_grad():
        rows = p["xs"] if isinstance(p["xs"][0], list) else [[v] for v in p["xs"]]
        for t, x in enumerate(rows, start=1):
            x = c.tensor([x], device)
            pre = c.squeeze1(c.to_py(_pre_activation(cell, x, h)[0]))
            steps.append(Step(f"t={t}: W_xh·x{t} + W_hh·h{t - 1} + b_h", pre))
            h = cell(x, h)
            outputs[f"h{t}"] = c.squeeze1(c.to_py(h[0]))
            steps.append(Step(f"t={t}: h{t} = tanh(…)", outputs[f"h{t}"]))
    return Solution(outputs[f"h{t}"], steps, outputs)


def _rnn_generate(rng: random.Random, level: str) -> dict:
    inputs, hidden, length = c.by_level(level, (1, 1, 2), (2, 2, 3), (2, 3, 4))
    xs = c.vector(rng, length, -2, 2) if inputs == 1 else c.matrix(rng, length, inputs, -2, 2)
    # No zero weight: W_xh = [[0]] would leave the input out, W_hh = [[0]] the recurrence.
    return {"xs": xs, "h0": _zeros(hidden), "W_xh": c.matrix(rng, hidden, inputs, nonzero=True),
            "W_hh": c.matrix(rng, hidden, hidden, nonzero=True), "b_h": c.vector(rng, hidden)}


def _rnn_check(p: dict) -> None:
    hidden = len(p["W_hh"])
    c.require(len(p["W_hh"][0]) == hidden, "W_hh: must be square (hidden × hidden)")
    c.require(len(c.shape(p["xs"])) in (1, 2), "xs: a list of scalar inputs or a matrix with one row per step")
    width = c.shape(p["xs"])[1] if isinstance(p["xs"][0], list) else 1
    c.require(len(p["W_xh"]) == hidden and len(p["W_xh"][0]) == width,
              f"W_xh: must be hidden × input = {hidden} × {width}")
    for name in ("h0", "b_h"):
        c.require(name not in p or len(p[name]) == hidden, f"{name}: needs {hidden} entries (the hidden size)")


def _rnn_mistakes(p: dict):
    right = c.answer_with(_rnn_solve, p)
    hidden = len(p["W_hh"])
    return c.distinct(right, [
        (c.answer_with(_rnn_solve, p, W_hh=[_zeros(hidden) for _ in range(hidden)]),
         "Feed the previous hidden state back in through W_hh at every step."),
        (c.answer_with(_rnn_solve, p, key="h1"), "That is h₁; keep going to the last time step."),
    ])


RNN_STEP = Engine(
    name="rnn-step",
    title="Unrolling a vanilla RNN (tanh)",
    params=(
        Param("xs", "tensor", "inputs per time step (numbers, or one row per step)", max_len=16),
        Param("h0", "vector", "initial hidden state (default zeros)", required=False, max_len=_MAX_HIDDEN),
        Param("W_xh", "matrix", "input weights, hidden × input", max_len=_MAX_HIDDEN),
        Param("W_hh", "matrix", "recurrent weights, hidden × hidden", max_len=_MAX_HIDDEN),
        Param("b_h", "vector", "bias (default zeros)", required=False, max_len=_MAX_HIDDEN),
    ),
    solve_fn=_rnn_solve,
    generate_fn=_rnn_generate,
    mistakes_fn=_rnn_mistakes,
    check=_rnn_check,
)


# --- lstm-step ----------------------------------------------------------------

def _lstm_solve(p: dict, device) -> Solution:
    import torch

    hidden, inputs = len(p["h"]), len(p["x"])
    cell = c.real_module(torch.nn.LSTMCell, inputs, hidden, device=device)
    c.load(cell, weight_ih=p["W_ih"], weight_hh=p["W_hh"],
           bias_ih=p.get("b_ih", _zeros(4 * hidden)), bias_hh=p.get("b_hh", _zeros(4 * hidden)))
    x, h, cc = (c.tensor([p[k]], device) for k in ("x", "h", "c"))
    with torch.no_grad():
        pre = _pre_activation(cell, x, h)[0]
        i, f, g, o = pre.chunk(4)
        gates = {"i": i.sigmoid(), "f": f.sigmoid(), "g": g.tanh(), "o": o.sigmoid()}
        h_new, c_new = cell(x, (h, cc))
    outputs = {k: c.squeeze1(c.to_py(v)) for k, v in gates.items()}
    outputs["c"], outputs["h"] = c.squeeze1(c.to_py(c_new[0])), c.squeeze1(c.to_py(h_new[0]))
    steps = [Step("pre-activations W_ih·x + b_ih + W_hh·h + b_hh (blocks i, f, g, o)", c.to_py(pre)),
             Step("input gate i = σ(…)", outputs["i"]), Step("forget gate f = σ(…)", outputs["f"]),
             Step("candidate g = tanh(…)", outputs["g"]), Step("output gate o = σ(…)", outputs["o"]),
             Step("c_t = f ⊙ c_(t−1) + i ⊙ g", outputs["c"]), Step("h_t = o ⊙ tanh(c_t)", outputs["h"])]
    return Solution(outputs["h"], steps, outputs)


def _lstm_generate(rng: random.Random, level: str) -> dict:
    inputs, hidden = c.by_level(level, (1, 1), (2, 1), (2, 2))
    return {"x": c.vector(rng, inputs, -2, 2), "h": c.vector(rng, hidden), "c": c.vector(rng, hidden),
            "W_ih": c.matrix(rng, 4 * hidden, inputs), "W_hh": c.matrix(rng, 4 * hidden, hidden),
            "b_ih": c.vector(rng, 4 * hidden), "b_hh": _zeros(4 * hidden)}


def _lstm_check(p: dict) -> None:
    hidden, inputs = len(p["h"]), len(p["x"])
    c.require(len(p["c"]) == hidden, f"c: needs {hidden} entries, like h")
    for name, cols in (("W_ih", inputs), ("W_hh", hidden)):
        c.require(c.shape(p[name]) == (4 * hidden, cols), f"{name}: must be 4·hidden × {cols} = {4 * hidden} × {cols} "
                                                          "(gate blocks i, f, g, o stacked)")
    for name in ("b_ih", "b_hh"):
        c.require(name not in p or len(p[name]) == 4 * hidden, f"{name}: needs 4·hidden = {4 * hidden} entries")


def _swap_g_o(rows: list) -> list:
    """Reorder the gate blocks as if read i, f, o, g (the slip of a wrong gate order)."""
    n = len(rows) // 4
    return rows[:2 * n] + rows[3 * n:] + rows[2 * n:3 * n]


def _lstm_mistakes(p: dict):
    right = c.answer_with(_lstm_solve, p)
    o, cell = (c.as_list(c.answer_with(_lstm_solve, p, key=k)) for k in ("o", "c"))
    swapped = {k: _swap_g_o(p[k]) for k in ("W_ih", "W_hh", "b_ih", "b_hh") if k in p}
    return c.distinct(right, [
        (c.squeeze1([a * b for a, b in zip(o, cell, strict=True)]),
         "Squash the cell state first: h_t = o ⊙ tanh(c_t)."),
        (c.answer_with(_lstm_solve, {**p, **swapped}),
         "PyTorch stacks the gate blocks in the order i, f, g, o (candidate before output gate)."),
        (c.answer_with(_lstm_solve, p, key="c"), "That is c_t; the hidden state is h_t = o ⊙ tanh(c_t)."),
    ])


LSTM_STEP = Engine(
    name="lstm-step",
    title="One LSTM cell step",
    params=(
        Param("x", "vector", "input x_t", max_len=_MAX_HIDDEN),
        Param("h", "vector", "previous hidden state h_(t−1)", max_len=_MAX_HIDDEN),
        Param("c", "vector", "previous cell state c_(t−1)", max_len=_MAX_HIDDEN),
        Param("W_ih", "matrix", "input weights, 4·hidden × input, gate blocks i, f, g, o", max_len=4 * _MAX_HIDDEN),
        Param("W_hh", "matrix", "recurrent weights, 4·hidden × hidden, gate blocks i, f, g, o",
              max_len=4 * _MAX_HIDDEN),
        Param("b_ih", "vector", "input bias (default zeros)", required=False, max_len=4 * _MAX_HIDDEN),
        Param("b_hh", "vector", "recurrent bias (default zeros)", required=False, max_len=4 * _MAX_HIDDEN),
    ),
    solve_fn=_lstm_solve,
    generate_fn=_lstm_generate,
    mistakes_fn=_lstm_mistakes,
    check=_lstm_check,
)

ENGINES = (RNN_STEP, LSTM_STEP)
