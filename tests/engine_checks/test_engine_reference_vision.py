"""The vision and detection engines against closed forms, NumPy loops and properties.

Covers ``conv-transpose-output-size``, ``conv-cost``, ``pool-backward``,
``average-precision``, ``smooth-l1``, ``positional-encoding`` and
``yolo-output``. The expected values are computed without torch, except the
FLOP count, which is torch's own counter held against the engine's sum.
"""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from .engine_helpers import mat, solve, vec

FAST = settings(max_examples=25, deadline=None)


def close(got, want, tol=1e-9):
    np.testing.assert_allclose(np.asarray(got, dtype=float), np.asarray(want, dtype=float), rtol=tol, atol=tol)


# --- conv-transpose-output-size ---------------------------------------------------

@FAST
@given(n=st.integers(1, 64), k=st.integers(1, 7), s=st.integers(1, 4), p=st.integers(0, 3), d=st.integers(1, 3),
       data=st.data())
def test_conv_transpose_size_and_conv_inverts_it(n, k, s, p, d, data):
    op = data.draw(st.integers(0, s - 1))
    want = (n - 1) * s - 2 * p + d * (k - 1) + op + 1
    assume(want >= 1)
    params = {"h": n, "w": n + 1, "kernel": k, "stride": s, "padding": p, "output_padding": op, "dilation": d}
    sol = solve("conv-transpose-output-size", params)
    assert sol.answer == [want, want + s]
    # The property transposed convs are used for: a Conv2d with the same settings maps the size back.
    if want + 2 * p >= d * (k - 1) + 1:
        back = solve("conv-output-size", {"h": want, "w": want, "kernel": k, "stride": s, "padding": p, "dilation": d})
        assert back.outputs["h_out"] == n


def test_dcgan_upsampling_doubles():
    params = {"h": 4, "w": 4, "kernel": 4, "stride": 2, "padding": 1}
    assert solve("conv-transpose-output-size", params).answer == [8, 8]


# --- conv-cost ------------------------------------------------------------------

@FAST
@given(side=st.integers(4, 40), g=st.sampled_from([1, 2, 4]), mult_in=st.integers(1, 8), mult_out=st.integers(1, 8),
       k=st.sampled_from([1, 3, 5]), s=st.integers(1, 3), bias=st.booleans())
def test_conv_cost_closed_form(side, g, mult_in, mult_out, k, s, bias):
    cin, cout, pad = g * mult_in, g * mult_out, k // 2
    sol = solve("conv-cost", {"h": side, "w": side, "in_channels": cin, "out_channels": cout, "kernel": k,
                              "stride": s, "padding": pad, "groups": g, "bias": bias})
    out = (side + 2 * pad - k) // s + 1
    assert sol.answer == cout * (cin // g) * k * k + (cout if bias else 0)
    assert sol.outputs["macs"] == out * out * cout * (cin // g) * k * k
    assert sol.outputs["output_shape"] == [cout, out, out]


@pytest.mark.parametrize("params", [
    {"h": 56, "w": 56, "in_channels": 64, "out_channels": 128, "kernel": 3, "padding": 1},
    {"h": 28, "w": 30, "in_channels": 32, "out_channels": 32, "kernel": 3, "padding": 1, "groups": 32, "stride": 2},
    {"h": 14, "w": 14, "in_channels": 96, "out_channels": 24, "kernel": 1},
])
def test_conv_cost_flops_agree_with_torchs_counter(params):
    import torch
    from torch.utils.flop_counter import FlopCounterMode

    conv = torch.nn.Conv2d(params["in_channels"], params["out_channels"], params["kernel"],
                           stride=params.get("stride", 1), padding=params.get("padding", 0),
                           groups=params.get("groups", 1), device="meta")
    with FlopCounterMode(display=False) as counter:
        conv(torch.zeros(1, params["in_channels"], params["h"], params["w"], device="meta"))
    assert solve("conv-cost", params).outputs["flops"] == counter.get_total_flops()


def test_depthwise_separable_saves_about_k_squared():
    """The MobileNet argument: depthwise 3×3 + pointwise 1×1 costs about 1/k² + 1/out of a full 3×3."""
    base = {"h": 56, "w": 56, "in_channels": 128, "out_channels": 128, "padding": 1, "bias": False}
    full = solve("conv-cost", {**base, "kernel": 3}).outputs["macs"]
    depthwise = solve("conv-cost", {**base, "kernel": 3, "groups": 128}).outputs["macs"]
    pointwise = solve("conv-cost", {**base, "kernel": 1, "padding": 0}).outputs["macs"]
    assert (depthwise + pointwise) / full == pytest.approx(1 / 9 + 1 / 128)


# --- pool-backward --------------------------------------------------------------

def pool_backward_by_hand(x, k, s, mode, grad_out):
    x, grad = np.array(x, float), np.zeros((len(x), len(x[0])))
    for i, row in enumerate(grad_out):
        for j, g in enumerate(row):
            window = x[i * s:i * s + k, j * s:j * s + k]
            if mode == "max":
                r, c = np.unravel_index(np.argmax(window), window.shape)
                grad[i * s + r, j * s + c] += g
            else:
                grad[i * s:i * s + k, j * s:j * s + k] += g / (k * k)
    return grad


@FAST
@given(side=st.integers(2, 6), k=st.integers(1, 3), s=st.integers(1, 3), mode=st.sampled_from(["max", "avg"]),
       data=st.data())
def test_pool_backward(side, k, s, mode, data):
    assume(k <= side)
    x = np.array(data.draw(st.permutations(range(side * side)))).reshape(side, side).tolist()  # no ties
    out = (side - k) // s + 1
    grad_out = data.draw(mat(out, out, -3, 3))
    sol = solve("pool-backward", {"x": x, "kernel": k, "stride": s, "mode": mode, "grad_out": grad_out})
    close(sol.answer, pool_backward_by_hand(x, k, s, mode, grad_out))
    close(np.sum(sol.answer), np.sum(grad_out))  # pooling only routes gradient: none is created or lost


# --- average-precision ----------------------------------------------------------

def ap_by_hand(tp, num_gt, method):
    """The PASCAL VOC devkit's rule; the 11 recall levels as i/10 (the devkit's arange drifts above 0.3)."""
    tp = np.array(tp, float)
    cum = np.cumsum(tp)
    precision, recall = cum / np.arange(1, len(tp) + 1), cum / num_gt
    if method == "voc11":
        return sum(max([p for p, r in zip(precision, recall, strict=True) if r >= i / 10], default=0.0)
                   for i in range(11)) / 11
    mrec, mpre = np.concatenate(([0.0], recall, [1.0])), np.concatenate(([0.0], precision, [0.0]))
    for i in range(len(mpre) - 2, -1, -1):
        mpre[i] = max(mpre[i], mpre[i + 1])
    changes = np.where(mrec[1:] != mrec[:-1])[0]
    return float(np.sum((mrec[changes + 1] - mrec[changes]) * mpre[changes + 1]))


@FAST
@given(tp=st.lists(st.integers(0, 1), min_size=1, max_size=12), extra=st.integers(0, 3),
       method=st.sampled_from(["all-points", "voc11"]))
def test_average_precision(tp, extra, method):
    num_gt = max(1, sum(tp) + extra)
    got = solve("average-precision", {"tp": tp, "num_gt": num_gt, "method": method}).answer
    close(got, ap_by_hand(tp, num_gt, method))
    assert 0.0 <= got <= 1.0


def test_perfect_ranking_has_ap_1_and_a_missed_box_lowers_it():
    assert solve("average-precision", {"tp": [1, 1, 1, 0], "num_gt": 3}).answer == pytest.approx(1.0)
    assert solve("average-precision", {"tp": [1, 1, 1, 0], "num_gt": 4}).answer == pytest.approx(0.75)


# --- smooth-l1 ------------------------------------------------------------------

@FAST
@given(n=st.integers(1, 6), data=st.data(), beta=st.sampled_from([0.0, 0.5, 1.0, 2.0]))
def test_smooth_l1(n, data, beta):
    pred, target = data.draw(vec(n, -3, 3)), data.draw(vec(n, -3, 3))
    d = np.abs(np.array(pred) - np.array(target))
    per = d if beta == 0 else np.where(d < beta, 0.5 * d * d / max(beta, 1e-300), d - 0.5 * beta)
    close(solve("smooth-l1", {"pred": pred, "target": target, "beta": beta}).answer, per.mean())


@FAST
@given(pred=vec(3, -3, 3), target=vec(3, -3, 3), beta=st.sampled_from([0.5, 1.0, 2.0]))
def test_smooth_l1_is_huber_over_beta(pred, target, beta):
    d = np.abs(np.array(pred) - np.array(target))
    huber = np.where(d <= beta, 0.5 * d * d, beta * (d - 0.5 * beta)).mean()
    close(solve("smooth-l1", {"pred": pred, "target": target, "beta": beta}).answer * beta, huber)


# --- positional-encoding --------------------------------------------------------

@FAST
@given(pos=st.integers(0, 2000), half=st.integers(1, 64))
def test_positional_encoding(pos, half):
    d = 2 * half
    i = np.arange(half)
    angles = pos / 10000 ** (2 * i / d)
    want = np.empty(d)
    want[0::2], want[1::2] = np.sin(angles), np.cos(angles)
    sol = solve("positional-encoding", {"pos": pos, "d_model": d})
    close(sol.answer, want, tol=1e-8)
    close(np.array(sol.answer[0::2]) ** 2 + np.array(sol.answer[1::2]) ** 2, np.ones(half))
    assert sol.outputs["pe_1"] == sol.answer[1]


@FAST
@given(pos=st.integers(0, 500), k=st.integers(0, 50), half=st.integers(1, 16))
def test_positional_encoding_dot_depends_only_on_the_offset(pos, k, half):
    """PE(p)·PE(p+k) = Σᵢ cos(k·ωᵢ): why the encoding lets attention read relative positions."""
    d = 2 * half
    a = np.array(solve("positional-encoding", {"pos": pos, "d_model": d}).answer)
    b = np.array(solve("positional-encoding", {"pos": pos + k, "d_model": d}).answer)
    close(a @ b, np.sum(np.cos(k / 10000 ** (2 * np.arange(half) / d))), tol=1e-7)


# --- yolo-output ----------------------------------------------------------------

@FAST
@given(S=st.integers(1, 20), B=st.integers(1, 5), C=st.integers(1, 100))
def test_yolo_output(S, B, C):
    sol = solve("yolo-output", {"S": S, "B": B, "C": C})
    assert sol.answer == [S, S, 5 * B + C]
    assert sol.outputs["size"] == S * S * (5 * B + C)
    assert sol.outputs["boxes"] == S * S * B


def test_yolo_v1_paper_numbers():
    assert solve("yolo-output", {"S": 7, "B": 2, "C": 20}).outputs["size"] == 1470  # 7 × 7 × 30
