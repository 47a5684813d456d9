"""The worked examples in source-notes.md, recomputed by the engines.

Where the notes slipped, the test asserts the engine's (correct) value and a
comment names the slip, so the content writers can fix the card text.
"""
from __future__ import annotations

import math

import pytest

from .engine_helpers import solve


def test_ann_2_2_1_sigmoid_example():  # notes §7 "Full ANN Example", around line 147
    sol = solve("mlp-forward", {"x": [2, 1], "layers": [
        {"W": [[0.5, -1.0], [-0.3, 0.8]], "b": [0.2, -0.1], "activation": "sigmoid"},
        {"W": [[1.2, -0.7]], "b": [0.5], "activation": "sigmoid"}]})
    assert sol.outputs["z1"] == pytest.approx([0.2, 0.1])
    # The notes give a2 = σ(0.1) ≈ 0.5249 (truncated); it is 0.524979 -> 0.5250 to 4 places.
    assert sol.outputs["a1"] == pytest.approx([0.5498, 0.5250], abs=5e-5)
    # The notes write z_y = 0.7924 (from the rounded a1); unrounded it is 0.79232 -> 0.7923.
    assert sol.outputs["z2"][0] == pytest.approx(0.79232, abs=5e-6)
    assert sol.answer == pytest.approx(0.6883, abs=5e-5)


def test_single_relu_neuron_example():  # "Mini Example (Full Walk-Through With Math)", around line 2245
    sol = solve("neuron-output", {"x": [1, 2], "w": [0.5, -1.0], "b": 0.2, "activation": "relu"})
    assert sol.outputs["z"] == pytest.approx(-1.3)
    assert sol.answer == 0


def test_cnn_4x4_example():  # "CNN Example (Step-by-Step)", around line 1212
    sol = solve("conv2d", {"x": [[1, 2, 0, 1], [3, 1, 2, 2], [0, 1, 3, 1], [1, 2, 2, 0]],
                           "k": [[1, 0, -1], [1, 0, -1], [1, 0, -1]]})
    assert sol.outputs["y_1_1"] == -1
    assert sol.outputs["shape"] == [2, 2]


def test_cnn_6x6_example():  # "FULLY WORKED EXAMPLE", around line 1760
    x = [[1, 2, 1, 0, 1, 1], [0, 1, 0, 1, 2, 1], [2, 1, 2, 2, 1, 0],
         [1, 0, 1, 2, 1, 2], [1, 2, 0, 1, 2, 0], [0, 1, 1, 0, 1, 2]]
    sol = solve("conv2d", {"x": x, "k": [[1, 0, -1]] * 3})
    assert sol.outputs["y_1_1"] == 0
    assert sol.outputs["shape"] == [4, 4]


def test_max_pool_example():  # "2x2 Max Pool [[1,3],[2,4]] -> 4", around line 1189
    assert solve("pool", {"x": [[1, 3], [2, 4]], "kernel": 2, "mode": "max"}).answer == [[4]]


def test_flatten_example():  # "Before: 7 × 7 × 64, After: 3136", around line 1635
    assert solve("flatten-size", {"shape": [64, 7, 7]}).answer == 3136


def test_simple_cnn_linear_input_size():  # SimpleCNN's nn.Linear(16*6*6, 10) for 28x28 MNIST, around line 1334
    first = solve("conv-output-size",
                  {"h": 28, "w": 28, "kernel": 3, "padding": 1, "in_channels": 1, "out_channels": 8})
    assert first.answer == [8, 28, 28]
    # MaxPool2d(2): same formula
    pooled = solve("conv-output-size", {"h": 28, "w": 28, "kernel": 2, "stride": 2}).answer[1:]
    second = solve("conv-output-size",
                   {"h": pooled[0], "w": pooled[1], "kernel": 3, "in_channels": 8, "out_channels": 16})
    assert second.answer == [16, 12, 12]
    assert solve("flatten-size", {"shape": [16, 6, 6]}).answer == 16 * 6 * 6


def test_conv_output_size_formula_needs_a_floor():  # "Output size formula", around line 1141
    # The notes give (H − K + 2P)/S + 1 with no floor; for H=6, K=3, S=2 that is 2.5.
    # PyTorch (and the engine) take ⌊(H + 2P − K)/S⌋ + 1 = 2.
    assert solve("conv-output-size", {"h": 6, "w": 6, "kernel": 3, "stride": 2}).outputs["h_out"] == 2


def test_rnn_two_step_example():  # "Complete Numeric Example (Simple)", around line 2545
    sol = solve("rnn-step", {"xs": [1, 2], "h0": [0], "W_xh": [[0.5]], "W_hh": [[0.3]], "b_h": [0]})
    assert sol.outputs["h1"] == pytest.approx(0.462, abs=5e-4)
    # The notes give h2 ≈ 0.813 (truncated); tanh(1.1386) = 0.81395, i.e. 0.814 to 3 places.
    assert sol.answer == pytest.approx(0.81395, abs=5e-6)


def test_vanishing_gradient_examples():  # around line 3161
    # Notes: 0.5^10 = 0.000976 (truncated; exactly 0.0009765625 ≈ 0.000977).
    assert solve("gradient-product", {"derivative": 0.5, "steps": 10}).answer == 0.0009765625
    # Notes: 0.5^100 ≈ 7.8e-31 (truncated; it is 7.889e-31 ≈ 7.9e-31).
    assert solve("gradient-product", {"derivative": 0.5, "steps": 100}).answer == pytest.approx(7.888609e-31, rel=1e-6)


def test_exploding_gradient_examples():  # around line 3265
    assert solve("gradient-product", {"derivative": 1.5, "steps": 10}).answer == pytest.approx(57.665, abs=1e-3)
    assert solve("gradient-product", {"derivative": 1.5, "steps": 20}).answer == pytest.approx(3325.26, abs=1e-2)
    # The notes' slip: they give 1.5^50 = 888,178,419; it is 637,621,500.2.
    product = solve("gradient-product", {"derivative": 1.5, "steps": 50}).answer
    assert product == pytest.approx(637_621_500.214, rel=1e-9)


def test_xavier_and_he():  # "Explain weight initialization strategies", around line 793
    # The notes' slip: they give Xavier as N(0, 1/n_in), which is LeCun init. Glorot's variance is 2/(n_in + n_out).
    xavier = solve("weight-init", {"scheme": "xavier", "fan_in": 100, "fan_out": 300})
    assert xavier.outputs["variance"] == pytest.approx(2 / 400)
    assert xavier.outputs["variance"] != pytest.approx(1 / 100)
    he = solve("weight-init", {"scheme": "he", "fan_in": 100, "fan_out": 300})  # matches the notes: N(0, 2/n_in)
    assert he.outputs["variance"] == pytest.approx(2 / 100)


def test_l1_l2():  # "Explain L1 vs L2 regularization mathematically", around line 864: λΣ|w| and λΣw²
    w = [0.5, -1.0, 2.0]
    assert solve("regularization", {"weights": w, "kind": "l1", "lam": 0.1}).answer == pytest.approx(0.35)
    assert solve("regularization", {"weights": w, "kind": "l2", "lam": 0.1}).answer == pytest.approx(0.525)


def test_dropout_formula():  # "What is dropout?", around line 896: h/(1−p) for kept units
    sol = solve("dropout", {"x": [1.0, 2.0, 3.0, 4.0], "mask": [1, 0, 1, 1], "p": 0.5})
    assert sol.answer == [2.0, 0.0, 6.0, 8.0]


def test_bbox_regression():  # "Bounding Box Regression", around line 3878 (x_p, y_p: the proposal's centre)
    sol = solve("bbox-decode", {"proposal": [100, 50, 40, 20], "deltas": [0.1, -0.2, math.log(2), 0.0]})
    assert sol.answer == pytest.approx([104, 46, 80, 20])
