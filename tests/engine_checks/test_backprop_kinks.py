"""A random backprop card never puts a ReLU or Leaky ReLU input at its kink.

Weights, biases and inputs are short decimals, so W·a + b is often exactly 0 on
paper (x = [-0.5, 0.4] against a row [0.4, 0.5]); in floats it comes out as 0 or
±3e-17, and that sign chose the derivative autograd used. The answer then
followed a rounding error: PyTorch and the card's own explain say ReLU′(0) = 0,
so the right ∂L/∂b₁ of [0, 0] was graded wrong about once in 1,300 draws. The
pre-activations are recomputed here with NumPy, apart from the engine.
"""
from __future__ import annotations

import math
import random

import numpy as np
import pytest

from engines import get_engine

FORWARD = {
    "sigmoid": lambda z, s: 1 / (1 + np.exp(-z)), "tanh": lambda z, s: np.tanh(z), "linear": lambda z, s: z,
    "relu": lambda z, s: np.maximum(z, 0), "leaky_relu": lambda z, s: np.where(z > 0, z, s * z),
    "elu": lambda z, s: np.where(z > 0, z, np.expm1(z)),
    "gelu": lambda z, s: 0.5 * z * (1 + np.vectorize(math.erf)(z / math.sqrt(2))),
}


def nearest_kink(params: dict) -> float:
    """The smallest |z| over the inputs of ReLU and Leaky ReLU units (inf when there are none)."""
    a, nearest = np.array(params["x"], dtype=float), math.inf
    for layer in params["layers"]:
        z = np.array(layer["W"], dtype=float) @ a + np.array(layer["b"], dtype=float)
        if layer["activation"] in ("relu", "leaky_relu"):
            nearest = min(nearest, float(np.abs(z).min()))
        a = FORWARD[layer["activation"]](z, layer.get("negative_slope", 0.01))
    return nearest


@pytest.mark.parametrize("level", ["basic", "advanced", "research"])
def test_no_drawn_relu_input_sits_at_its_kink(level):
    engine = get_engine("backprop")
    drawn = [engine.generate(random.Random(seed), level) for seed in range(3000)]
    assert min(nearest_kink(p) for p in drawn) > 1e-6
    assert sum(any(layer["activation"] == "relu" for layer in p["layers"]) for p in drawn) > 300  # ReLUs drawn
