"""The training-side engines against NumPy written from the papers' and torch docs' formulas.

Covers the new activations, ``backprop``, ``optimizer-step``, ``normalization``,
``lr-schedule`` and the layers added to ``param-count``. Nothing here calls
torch to get the expected value, so a wrong torch call in an engine shows.
"""
from __future__ import annotations

import math
from itertools import pairwise

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .engine_helpers import dec, mat, solve, vec

FAST = settings(max_examples=25, deadline=None)
ERF = np.vectorize(math.erf)
# activation -> (f, f') with torch's conventions at the kinks: relu'(0) = 0, leaky'(0) = slope
ACTS = {
    "sigmoid": (lambda z, s: 1 / (1 + np.exp(-z)), lambda z, s: np.exp(-z) / (1 + np.exp(-z)) ** 2),
    "tanh": (lambda z, s: np.tanh(z), lambda z, s: 1 - np.tanh(z) ** 2),
    "linear": (lambda z, s: z, lambda z, s: np.ones_like(z)),
    "relu": (lambda z, s: np.maximum(z, 0), lambda z, s: (z > 0).astype(float)),
    "leaky_relu": (lambda z, s: np.where(z > 0, z, s * z), lambda z, s: np.where(z > 0, 1.0, s)),
    "elu": (lambda z, s: np.where(z > 0, z, np.expm1(np.minimum(z, 0))), lambda z, s: np.where(z > 0, 1.0, np.exp(z))),
    "gelu": (lambda z, s: 0.5 * z * (1 + ERF(z / math.sqrt(2))),
             lambda z, s: 0.5 * (1 + ERF(z / math.sqrt(2))) + z * np.exp(-z * z / 2) / math.sqrt(2 * math.pi)),
}


def close(got, want, tol=1e-9):
    np.testing.assert_allclose(np.asarray(got, dtype=float), np.asarray(want, dtype=float), rtol=tol, atol=tol)


# --- activations ----------------------------------------------------------------

@FAST
@given(n=st.integers(1, 4), data=st.data(), act=st.sampled_from(["leaky_relu", "elu", "gelu"]),
       slope=st.sampled_from([0.01, 0.1, 0.2, 0.3]))
def test_new_activations_in_a_neuron(n, data, act, slope):
    x, w, b = data.draw(vec(n)), data.draw(vec(n, -1, 1)), data.draw(dec(-1, 1))
    params = {"x": x, "w": w, "b": b, "activation": act, **({"negative_slope": slope} if act == "leaky_relu" else {})}
    z = float(np.dot(w, x) + b)
    close(solve("neuron-output", params).answer, ACTS[act][0](np.array(z), slope))


def test_leaky_relu_default_slope_is_torchs():
    assert solve("neuron-output", {"x": [-2.0], "w": [1.0], "activation": "leaky_relu"}).answer == pytest.approx(-0.02)


def test_mlp_layers_take_a_slope_per_layer():
    layers = [{"W": [[1.0]], "b": [0.0], "activation": "leaky_relu", "negative_slope": 0.5},
              {"W": [[1.0]], "b": [0.0], "activation": "leaky_relu"}]
    assert solve("mlp-forward", {"x": [-2.0], "layers": layers}).answer == pytest.approx(-2.0 * 0.5 * 0.01)


# --- backprop -------------------------------------------------------------------

def backprop_by_hand(x, y, layers, loss):
    """Forward, then δ_L from the loss and δ_l = (W_{l+1}ᵀ δ_{l+1}) ⊙ f′(z_l): the textbook recursion."""
    a, cache = np.array(x, float), []
    for layer in layers:
        z = np.array(layer["W"]) @ a + np.array(layer["b"])
        cache.append((a, z, layer))
        a = ACTS[layer["activation"]][0](z, layer.get("negative_slope", 0.01))
    n = a.size
    if loss == "mse":
        t = np.atleast_1d(np.array(y, float))
        value, grad = np.mean((a - t) ** 2), 2 * (a - t) / n
    elif loss == "bce":
        t = np.atleast_1d(np.array(y, float))
        value = -np.mean(t * np.log(a) + (1 - t) * np.log(1 - a))
        grad = (a - t) / (a * (1 - a)) / n
    else:
        e = np.exp(a - a.max())
        probs = e / e.sum()
        value, grad = -math.log(probs[int(y)]), probs - np.eye(n)[int(y)]
    grads = {}
    for index in range(len(layers), 0, -1):
        a_prev, z, layer = cache[index - 1]
        delta = grad * ACTS[layer["activation"]][1](z, layer.get("negative_slope", 0.01))
        grads[f"dW{index}"], grads[f"db{index}"] = np.outer(delta, a_prev), delta
        grad = np.array(layer["W"]).T @ delta
    return value, grads


@st.composite
def networks(draw, loss):
    widths = [draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(2, 3) if loss == "cross-entropy"
                                                                        else st.integers(1, 2))]
    smooth = ["sigmoid", "tanh", "linear", "elu", "gelu"]
    layers = []
    for n, (n_in, n_out) in enumerate(pairwise(widths)):
        last = n == len(widths) - 2
        if last and loss != "mse":
            act = {"bce": "sigmoid", "cross-entropy": "linear"}.get(loss)
        else:
            act = draw(st.sampled_from(smooth))
        layers.append({"W": draw(mat(n_out, n_in, -1, 1)), "b": draw(vec(n_out, -1, 1)), "activation": act})
    if loss == "cross-entropy":
        y = draw(st.integers(0, widths[-1] - 1))
    elif loss == "bce":
        y = draw(st.lists(st.sampled_from([0.0, 1.0]), min_size=widths[-1], max_size=widths[-1]))
    else:
        y = draw(vec(widths[-1], -1, 1))
    return {"x": draw(vec(widths[0])), "y": y[0] if isinstance(y, list) and len(y) == 1 else y,
            "layers": layers, "loss": loss}


@FAST
@given(data=st.data(), loss=st.sampled_from(["mse", "bce", "cross-entropy"]))
def test_backprop_matches_the_chain_rule(data, loss):
    params = data.draw(networks(loss))
    value, grads = backprop_by_hand(params["x"], params["y"], params["layers"], loss)
    sol = solve("backprop", params)
    close(sol.answer, value)
    for name, want in grads.items():
        close(sol.outputs[name], want)


def test_backprop_relu_kink_follows_torch():
    """At z = 0 autograd takes relu′ as 0 and leaky_relu′ as the slope; a card's worked steps say the same."""
    layers = [{"W": [[1.0]], "b": [0.0], "activation": "relu"}, {"W": [[2.0]], "b": [0.0], "activation": "linear"}]
    assert solve("backprop", {"x": [0.0], "y": 1.0, "layers": layers}).outputs["dW1"] == [[0.0]]
    layers[0] = {"W": [[1.0]], "b": [0.0], "activation": "leaky_relu", "negative_slope": 0.1}
    assert solve("backprop", {"x": [1.0], "y": 1.0, "layers": [{**layers[0], "b": [-1.0]}, layers[1]]}
                 ).outputs["db1"] == pytest.approx([2 * (0 - 1) * 2 * 0.1])


# --- optimizer-step -------------------------------------------------------------

def optimizer_by_hand(name, w, grads, lr, h):
    """The update rules as torch.optim documents them, one step per gradient."""
    w = np.array(w, float)
    state = {"v": np.zeros_like(w), "m": np.zeros_like(w), "s": np.zeros_like(w)}
    for t, g in enumerate(grads, start=1):
        g = np.array(g, float)
        if name == "adamw":
            w = w * (1 - lr * h["weight_decay"])
        elif h.get("weight_decay"):
            g = g + h["weight_decay"] * w
        if name == "sgd":
            w = w - lr * g
        elif name in ("momentum", "nesterov"):
            state["v"] = h["momentum"] * state["v"] + g
            w = w - lr * (g + h["momentum"] * state["v"] if name == "nesterov" else state["v"])
        elif name == "rmsprop":
            state["s"] = h["alpha"] * state["s"] + (1 - h["alpha"]) * g * g
            w = w - lr * g / (np.sqrt(state["s"]) + h["eps"])
        elif name == "adagrad":
            state["s"] = state["s"] + g * g
            w = w - lr * g / (np.sqrt(state["s"]) + h["eps"])
        else:
            state["m"] = h["beta1"] * state["m"] + (1 - h["beta1"]) * g
            state["s"] = h["beta2"] * state["s"] + (1 - h["beta2"]) * g * g
            m_hat, v_hat = state["m"] / (1 - h["beta1"] ** t), state["s"] / (1 - h["beta2"] ** t)
            w = w - lr * m_hat / (np.sqrt(v_hat) + h["eps"])
    return w


DEFAULTS = {"sgd": {}, "momentum": {"momentum": 0.9}, "nesterov": {"momentum": 0.9},
            "rmsprop": {"alpha": 0.99, "eps": 1e-8}, "adagrad": {"eps": 1e-10},
            "adam": {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8}, "adamw": {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8,
                                                                           "weight_decay": 0.01}}


@FAST
@given(name=st.sampled_from(list(DEFAULTS)), n=st.integers(1, 3), t=st.integers(1, 4), data=st.data(),
       lr=st.sampled_from([0.01, 0.1, 0.5]), decay=st.sampled_from([None, 0.0, 0.1]))
def test_optimizer_step_matches_the_update_rules(name, n, t, data, lr, decay):
    w, grads = data.draw(vec(n, -1, 1)), data.draw(mat(t, n))
    given_h = {} if decay is None else {"weight_decay": decay}
    sol = solve("optimizer-step", {"optimizer": name, "w": w, "grads": grads, "lr": lr, **given_h})
    close(sol.answer, optimizer_by_hand(name, w, grads, lr, {**DEFAULTS[name], **given_h}), tol=1e-8)
    close(sol.outputs["w1"], optimizer_by_hand(name, w, grads[:1], lr, {**DEFAULTS[name], **given_h}), tol=1e-8)


def test_optimizer_step_single_vector_is_one_step_and_momentum_is_its_own_optimizer():
    one = solve("optimizer-step", {"optimizer": "sgd", "w": [1.0], "grads": [2.0], "lr": 0.1})
    assert one.answer == pytest.approx([0.8])
    custom = solve("optimizer-step", {"optimizer": "momentum", "w": [0.0], "grads": [[1.0], [1.0]], "lr": 1.0,
                                      "momentum": 0.5})
    assert custom.answer == pytest.approx([-(1 + 1.5)])


def test_adam_first_step_is_lr_times_the_sign():
    """With bias correction, Adam's first step is ±lr (up to ε) whatever the gradient's size: a known interview fact."""
    sol = solve("optimizer-step", {"optimizer": "adam", "w": [0.0, 0.0], "grads": [[1000.0, -0.001]], "lr": 0.1})
    close(sol.answer, [-0.1, 0.1], tol=1e-4)


# --- normalization --------------------------------------------------------------

@FAST
@given(rows=st.integers(2, 4), cols=st.integers(2, 4), kind=st.sampled_from(["batch", "layer"]), data=st.data(),
       affine=st.booleans())
def test_normalization(rows, cols, kind, data, affine):
    x = np.array(data.draw(mat(rows, cols)))
    if affine:
        gamma, beta = data.draw(vec(cols, 0.5, 2)), data.draw(vec(cols, -1, 1))
    else:
        gamma, beta = [1.0] * cols, [0.0] * cols
    axis = 0 if kind == "batch" else 1
    mean, var = x.mean(axis=axis, keepdims=True), x.var(axis=axis, keepdims=True)
    want = (x - mean) / np.sqrt(var + 1e-5) * np.array(gamma) + np.array(beta)
    params = {"x": x.tolist(), "kind": kind, **({"gamma": gamma, "beta": beta} if affine else {})}
    sol = solve("normalization", params)
    close(sol.answer, want)
    if kind == "batch":
        close(sol.outputs["running_mean"], 0.1 * x.mean(axis=0))
        close(sol.outputs["running_var"], 0.9 + 0.1 * x.var(axis=0, ddof=1))


@FAST
@given(rows=st.integers(2, 4), cols=st.integers(2, 4), data=st.data())
def test_normalized_rows_or_columns_have_mean_0(rows, cols, data):
    x = data.draw(mat(rows, cols))
    close(np.mean(solve("normalization", {"x": x, "kind": "batch"}).answer, axis=0), np.zeros(cols), tol=1e-7)
    close(np.mean(solve("normalization", {"x": x, "kind": "layer"}).answer, axis=1), np.zeros(rows), tol=1e-7)


# --- lr-schedule ----------------------------------------------------------------

def cosine(lr, low, t, total):
    return low + (lr - low) * 0.5 * (1 + math.cos(math.pi * t / total))


@FAST
@given(lr=st.sampled_from([0.1, 0.5, 1.0]), t=st.integers(0, 300), size=st.integers(1, 50),
       gamma=st.sampled_from([0.1, 0.5, 0.9, 0.99]))
def test_step_and_exponential(lr, t, size, gamma):
    close(solve("lr-schedule", {"schedule": "step", "lr": lr, "step": t, "step_size": size, "gamma": gamma}).answer,
          lr * gamma ** (t // size))
    close(solve("lr-schedule", {"schedule": "exponential", "lr": lr, "step": t, "gamma": gamma}).answer,
          lr * gamma ** t, tol=1e-8)


@FAST
@given(lr=st.sampled_from([0.1, 0.5]), total=st.integers(1, 400), data=st.data(), low=st.sampled_from([0.0, 0.01]))
def test_cosine_schedules(lr, total, data, low):
    t = data.draw(st.integers(0, total))
    close(solve("lr-schedule", {"schedule": "cosine", "lr": lr, "step": t, "total_steps": total, "min_lr": low}).answer,
          cosine(lr, low, t, total), tol=1e-8)
    if total >= 2:
        warm = data.draw(st.integers(1, total - 1))
        want = lr * t / warm if t < warm else cosine(lr, low, t - warm, total - warm)
        close(solve("lr-schedule", {"schedule": "warmup-cosine", "lr": lr, "step": t, "total_steps": total,
                                    "warmup_steps": warm, "min_lr": low}).answer, want, tol=1e-8)


# --- param-count: the layers added for attention and normalisation ---------------

@FAST
@given(heads=st.sampled_from([1, 2, 4, 8]), per_head=st.integers(1, 64), bias=st.booleans())
def test_multihead_attention_params(heads, per_head, bias):
    e = heads * per_head
    got = solve("param-count", {"layer": "multihead-attention", "embed_dim": e, "num_heads": heads, "bias": bias})
    assert got.answer == 4 * e * e + (4 * e if bias else 0)


@FAST
@given(n=st.integers(1, 4096), m=st.integers(1, 4096), cin=st.integers(1, 64), cout=st.integers(1, 64),
       k=st.integers(1, 7), bias=st.booleans())
def test_other_new_layer_params(n, m, cin, cout, k, bias):
    assert solve("param-count", {"layer": "layernorm", "normalized_shape": n, "bias": bias}).answer == n * (1 + bias)
    assert solve("param-count", {"layer": "batchnorm2d", "num_features": n}).answer == 2 * n
    assert solve("param-count", {"layer": "embedding", "num_embeddings": n, "embedding_dim": m}).answer == n * m
    assert solve("param-count", {"layer": "conv-transpose2d", "in_channels": cin, "out_channels": cout,
                                 "kernel_size": k, "bias": bias}).answer == cin * cout * k * k + (cout if bias else 0)
