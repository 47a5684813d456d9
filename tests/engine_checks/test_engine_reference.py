"""Each engine against an independent NumPy or closed-form computation, on random inputs."""
from __future__ import annotations

import math
from itertools import pairwise

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .engine_helpers import dec, mat, solve, vec

FAST = settings(max_examples=25, deadline=None)
ACTS = {"sigmoid": lambda z: 1 / (1 + np.exp(-z)), "relu": lambda z: np.maximum(z, 0), "tanh": np.tanh,
        "linear": lambda z: z}


def close(got, want, tol=1e-9):
    np.testing.assert_allclose(np.asarray(got, dtype=float), np.asarray(want, dtype=float), rtol=tol, atol=tol)


@FAST
@given(n=st.integers(1, 5), data=st.data(), act=st.sampled_from(list(ACTS)))
def test_neuron_output(n, data, act):
    x, w, b = data.draw(vec(n)), data.draw(vec(n, -1, 1)), data.draw(dec(-1, 1))
    sol = solve("neuron-output", {"x": x, "w": w, "b": b, "activation": act})
    z = float(np.dot(w, x) + b)
    close(sol.outputs["z"], z)
    close(sol.answer, ACTS[act](z))


@FAST
@given(widths=st.lists(st.integers(1, 4), min_size=2, max_size=4), data=st.data())
def test_mlp_forward(widths, data):
    x = data.draw(vec(widths[0]))
    layers = [{"W": data.draw(mat(o, i, -1, 1)), "b": data.draw(vec(o, -1, 1)),
               "activation": data.draw(st.sampled_from(list(ACTS)))} for i, o in pairwise(widths)]
    a = np.array(x)
    for layer in layers:
        a = ACTS[layer["activation"]](np.array(layer["W"]) @ a + np.array(layer["b"]))
    close(solve("mlp-forward", {"x": x, "layers": layers}).answer, a if a.size > 1 else a[0])


@FAST
@given(z=st.lists(dec(-5, 5), min_size=1, max_size=8), data=st.data())
def test_softmax_and_cross_entropy(z, data):
    e = np.exp(np.array(z) - max(z))
    probs = e / e.sum()
    close(solve("softmax", {"z": z}).answer, probs)
    target = data.draw(st.integers(0, len(z) - 1))
    close(solve("cross-entropy", {"logits": z, "target": target}).answer, -math.log(probs[target]))


@FAST
@given(n=st.integers(1, 6), data=st.data())
def test_bce_and_mse(n, data):
    p = data.draw(vec(n, 0.1, 0.9))
    y = [float(v) for v in data.draw(st.lists(st.integers(0, 1), min_size=n, max_size=n))]
    pa, ya = np.array(p), np.array(y)
    close(solve("binary-cross-entropy", {"p": p, "y": y}).answer,
          np.mean(-(ya * np.log(pa) + (1 - ya) * np.log(1 - pa))))
    pred, target = data.draw(vec(n)), data.draw(vec(n))
    close(solve("mse", {"pred": pred, "target": target}).answer, np.mean((np.array(pred) - np.array(target)) ** 2))


@FAST
@given(n=st.integers(1, 300), m=st.integers(1, 300), k=st.integers(1, 7), s=st.integers(1, 4), p=st.integers(0, 3),
       d=st.integers(1, 3), cin=st.integers(1, 64), cout=st.integers(1, 64))
def test_conv_output_size(n, m, k, s, p, d, cin, cout):
    if d * (k - 1) + 1 > min(n, m) + 2 * p:
        return
    size = lambda v: (v + 2 * p - d * (k - 1) - 1) // s + 1  # noqa: E731
    sol = solve("conv-output-size", {"h": n, "w": m, "kernel": k, "stride": s, "padding": p, "dilation": d,
                                     "in_channels": cin, "out_channels": cout})
    assert sol.answer == [cout, size(n), size(m)]
    assert (sol.outputs["h_out"], sol.outputs["w_out"]) == (size(n), size(m))


def numpy_conv(x, k, stride, pad):
    x = np.pad(np.array(x, dtype=float), pad)
    k = np.array(k, dtype=float)
    rows = (x.shape[0] - k.shape[0]) // stride + 1
    cols = (x.shape[1] - k.shape[1]) // stride + 1
    out = np.zeros((rows, cols))
    for i in range(rows):
        for j in range(cols):
            window = x[i * stride:i * stride + k.shape[0], j * stride:j * stride + k.shape[1]]
            out[i, j] = sum(window[a, b] * k[a, b] for a in range(k.shape[0]) for b in range(k.shape[1]))
    return out


@FAST
@given(side=st.integers(3, 7), ks=st.integers(1, 3), stride=st.integers(1, 2), pad=st.integers(0, 1), data=st.data())
def test_conv2d(side, ks, stride, pad, data):
    x, k = data.draw(mat(side, side)), data.draw(mat(ks, ks, -1, 1))
    sol = solve("conv2d", {"x": x, "k": k, "stride": stride, "padding": pad})
    want = numpy_conv(x, k, stride, pad)
    close(sol.answer, want)
    close(sol.outputs["y_1_1"], want[0, 0])
    assert sol.outputs["shape"] == list(want.shape)


@FAST
@given(side=st.integers(2, 8), k=st.integers(1, 3), data=st.data(), mode=st.sampled_from(["max", "avg"]))
def test_pool(side, k, data, mode):
    if k > side:
        return
    x = data.draw(mat(side, side, 0, 9))
    stride = data.draw(st.integers(1, 3))
    a = np.array(x)
    rows = (side - k) // stride + 1
    reduce = np.max if mode == "max" else np.mean
    want = [[reduce(a[i * stride:i * stride + k, j * stride:j * stride + k]) for j in range(rows)] for i in range(rows)]
    close(solve("pool", {"x": x, "kernel": k, "stride": stride, "mode": mode}).answer, want)


@FAST
@given(shape=st.lists(st.integers(1, 64), min_size=1, max_size=4))
def test_flatten_size(shape):
    assert solve("flatten-size", {"shape": shape}).answer == math.prod(shape)


@FAST
@given(layers=st.lists(st.tuples(st.integers(1, 7), st.integers(1, 3)), min_size=1, max_size=6))
def test_receptive_field(layers):
    r, jump = 1, 1
    for k, s in layers:
        r += (k - 1) * jump
        jump *= s
    sol = solve("receptive-field", {"layers": [{"kernel": k, "stride": s} for k, s in layers]})
    assert (sol.answer, sol.outputs["jump"]) == (r, jump)


@FAST
@given(i=st.integers(1, 512), h=st.integers(1, 512), bias=st.booleans(),
       layer=st.sampled_from(["rnn", "lstm", "gru"]))
def test_param_count_recurrent(i, h, bias, layer):
    gates = {"rnn": 1, "lstm": 4, "gru": 3}[layer]
    want = gates * (h * (i + h) + (2 * h if bias else 0))
    assert solve("param-count", {"layer": layer, "input_size": i, "hidden_size": h, "bias": bias}).answer == want


@FAST
@given(a=st.integers(1, 2048), b=st.integers(1, 2048), k=st.integers(1, 11), bias=st.booleans())
def test_param_count_linear_and_conv(a, b, k, bias):
    assert solve("param-count", {"layer": "linear", "in_features": a, "out_features": b, "bias": bias}).answer \
        == a * b + (b if bias else 0)
    assert solve("param-count", {"layer": "conv2d", "in_channels": a, "out_channels": b, "kernel_size": k,
                                 "bias": bias}).answer == k * k * a * b + (b if bias else 0)


@FAST
@given(d=dec(-2, 2), steps=st.integers(1, 60))
def test_gradient_product_power(d, steps):
    close(solve("gradient-product", {"derivative": d, "steps": steps}).answer, d ** steps)


@FAST
@given(act=st.sampled_from(["sigmoid", "tanh"]), depth=st.integers(1, 8), data=st.data())
def test_gradient_product_chain(act, depth, data):
    weights, x = data.draw(vec(depth, -2, 2)), data.draw(dec(-1, 1))
    a, grad = x, 1.0
    for w in weights:
        a = ACTS[act](w * a)
        grad *= w * (a * (1 - a) if act == "sigmoid" else 1 - a * a)
    sol = solve("gradient-product", {"activation": act, "depth": depth, "weights": weights, "x": x})
    close(sol.answer, grad)
    close(sol.outputs["output"], a)


@FAST
@given(groups=st.lists(st.lists(dec(-5, 5), min_size=1, max_size=4), min_size=1, max_size=3),
       max_norm=st.sampled_from([0.5, 1.0, 2.0, 10.0]))
def test_gradient_clip(groups, max_norm):
    total = math.sqrt(sum(v * v for g in groups for v in g))
    coef = min(1.0, max_norm / (total + 1e-6))
    sol = solve("gradient-clip", {"grads": groups, "max_norm": max_norm})
    close(sol.outputs["total_norm"], total)
    assert [len(g) for g in sol.answer] == [len(g) for g in groups]
    close([v for g in sol.answer for v in g], [v * coef for g in groups for v in g])


@FAST
@given(i=st.integers(1, 3), h=st.integers(1, 3), t=st.integers(1, 4), data=st.data())
def test_rnn_step(i, h, t, data):
    xs, h0 = data.draw(mat(t, i)), data.draw(vec(h, -1, 1))
    W_xh, W_hh, b = data.draw(mat(h, i, -1, 1)), data.draw(mat(h, h, -1, 1)), data.draw(vec(h, -1, 1))
    state = np.array(h0)
    for x in xs:
        state = np.tanh(np.array(W_xh) @ np.array(x) + np.array(W_hh) @ state + np.array(b))
    sol = solve("rnn-step", {"xs": xs, "h0": h0, "W_xh": W_xh, "W_hh": W_hh, "b_h": b})
    close(sol.answer, state if h > 1 else state[0])


@FAST
@given(i=st.integers(1, 3), h=st.integers(1, 3), data=st.data())
def test_lstm_step_gates_by_hand(i, h, data):
    x, hp, cp = data.draw(vec(i)), data.draw(vec(h, -1, 1)), data.draw(vec(h, -1, 1))
    W_ih, W_hh = data.draw(mat(4 * h, i, -1, 1)), data.draw(mat(4 * h, h, -1, 1))
    b_ih, b_hh = data.draw(vec(4 * h, -1, 1)), data.draw(vec(4 * h, -1, 1))
    pre = np.array(W_ih) @ np.array(x) + np.array(b_ih) + np.array(W_hh) @ np.array(hp) + np.array(b_hh)
    sig = ACTS["sigmoid"]
    gates = {"i": sig(pre[:h]), "f": sig(pre[h:2 * h]), "g": np.tanh(pre[2 * h:3 * h]), "o": sig(pre[3 * h:])}
    c = gates["f"] * np.array(cp) + gates["i"] * gates["g"]
    hn = gates["o"] * np.tanh(c)
    sol = solve("lstm-step", {"x": x, "h": hp, "c": cp, "W_ih": W_ih, "W_hh": W_hh, "b_ih": b_ih, "b_hh": b_hh})
    squeeze = lambda v: v if h > 1 else v[0]  # noqa: E731
    for name, value in {**gates, "c": c, "h": hn}.items():
        close(sol.outputs[name], squeeze(value))


@FAST
@given(n=st.integers(1, 6), p=st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.8]), data=st.data())
def test_dropout(n, p, data):
    x, mask = data.draw(vec(n)), [float(m) for m in data.draw(st.lists(st.integers(0, 1), min_size=n, max_size=n))]
    sol = solve("dropout", {"x": x, "mask": mask, "p": p})
    close(sol.answer, np.array(x) * np.array(mask) / (1 - p))
    close(sol.outputs["expected"], x)


@FAST
@given(w=st.lists(dec(-3, 3), min_size=1, max_size=8), lam=st.sampled_from([0.0, 0.01, 0.1, 1.0]))
def test_regularization(w, lam):
    close(solve("regularization", {"weights": w, "kind": "l1", "lam": lam}).answer, lam * np.abs(w).sum())
    close(solve("regularization", {"weights": w, "kind": "l2", "lam": lam}).answer, lam * np.square(w).sum())


@FAST
@given(fi=st.integers(1, 5000), fo=st.integers(1, 5000), dist=st.sampled_from(["normal", "uniform"]))
def test_weight_init(fi, fo, dist):
    scale = 1.0 if dist == "normal" else math.sqrt(3)
    close(solve("weight-init", {"scheme": "xavier", "fan_in": fi, "fan_out": fo, "distribution": dist}).answer,
          scale * math.sqrt(2 / (fi + fo)))
    close(solve("weight-init", {"scheme": "he", "fan_in": fi, "fan_out": fo, "distribution": dist}).answer,
          scale * math.sqrt(2 / fi))


@pytest.mark.parametrize("scheme, fi, fo", [("xavier", 30, 50), ("he", 40, 20)])
def test_weight_init_matches_torch_statistics(scheme, fi, fo):
    """A loose statistical check against nn.init itself (fixed generator, large tensor)."""
    import torch

    g = torch.Generator().manual_seed(0)
    t = torch.empty(fo * 100, fi * 10, dtype=torch.float64)
    if scheme == "xavier":  # fans of a (fo·100, fi·10) tensor, scaled back to (fi, fo) by the expected ratio
        torch.nn.init.xavier_uniform_(t, generator=g)
        want = math.sqrt(2 / (fi * 10 + fo * 100))
    else:
        torch.nn.init.kaiming_normal_(t, nonlinearity="relu", generator=g)
        want = math.sqrt(2 / (fi * 10))
    std = solve("weight-init", {"scheme": scheme, "fan_in": fi * 10, "fan_out": fo * 100}).outputs["std"]
    assert std == pytest.approx(want)
    assert float(t.std()) == pytest.approx(std, rel=0.02)


@FAST
@given(p=st.tuples(st.integers(10, 100), st.integers(10, 100), st.integers(5, 50), st.integers(5, 50)), d=vec(4, -1, 1))
def test_bbox_decode(p, d):
    x, y, w, h = map(float, p)
    close(solve("bbox-decode", {"proposal": [x, y, w, h], "deltas": d}).answer,
          [x + w * d[0], y + h * d[1], w * math.exp(d[2]), h * math.exp(d[3])])


def box():
    return st.tuples(st.integers(0, 8), st.integers(0, 8), st.integers(1, 5), st.integers(1, 5)).map(
        lambda t: [float(t[0]), float(t[1]), float(t[0] + t[2]), float(t[1] + t[3])])


def iou_by_hand(a, b):
    iw = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    ih = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = iw * ih
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union


@FAST
@given(a=box(), b=box())
def test_iou(a, b):
    close(solve("iou", {"a": a, "b": b}).answer, iou_by_hand(a, b))


@FAST
@given(boxes=st.lists(box(), min_size=1, max_size=8), data=st.data(), thr=st.sampled_from([0.1, 0.3, 0.5, 0.7]))
def test_nms(boxes, data, thr):
    scores = data.draw(st.lists(st.integers(1, 1000), min_size=len(boxes), max_size=len(boxes), unique=True))
    scores = [s / 1000 for s in scores]
    keep = []
    for i in sorted(range(len(boxes)), key=lambda n: -scores[n]):
        if all(iou_by_hand(boxes[i], boxes[j]) <= thr for j in keep):
            keep.append(i)
    assert solve("nms", {"boxes": boxes, "scores": scores, "iou_threshold": thr}).answer == keep


@FAST
@given(n=st.integers(1, 3), m=st.integers(1, 4), d=st.integers(1, 4), dv=st.integers(1, 3), data=st.data())
def test_attention(n, m, d, dv, data):
    Q, K, V = np.array(data.draw(mat(n, d))), np.array(data.draw(mat(m, d))), np.array(data.draw(mat(m, dv)))
    s = Q @ K.T / math.sqrt(d)
    w = np.exp(s - s.max(axis=1, keepdims=True))
    w /= w.sum(axis=1, keepdims=True)
    sol = solve("attention", {"Q": Q.tolist(), "K": K.tolist(), "V": V.tolist()})
    close(sol.outputs["weights"], w)
    close(sol.answer, w @ V)
