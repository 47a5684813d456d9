"""A random card may fix the choice that shapes the rest (layer, optimizer, schedule, activation, loss)."""
from __future__ import annotations

import random

import pytest

from engines import get_engine

FIXED = [
    ("param-count", {"layer": layer}) for layer in ("multihead-attention", "layernorm", "batchnorm2d", "embedding",
                                                   "conv-transpose2d")
] + [
    ("optimizer-step", {"optimizer": name}) for name in ("sgd", "momentum", "nesterov", "rmsprop", "adagrad", "adam",
                                                          "adamw")
] + [
    ("lr-schedule", {"schedule": name}) for name in ("step", "exponential", "cosine", "warmup-cosine")
] + [
    ("neuron-output", {"activation": name}) for name in ("leaky_relu", "elu", "gelu")
] + [
    ("backprop", {"loss": name}) for name in ("mse", "bce", "cross-entropy")
] + [("average-precision", {"method": "voc11"}), ("normalization", {"kind": "layer"}),
     ("pool-backward", {"mode": "max"})]


@pytest.mark.parametrize("name, fixed", FIXED,
                         ids=lambda v: v if isinstance(v, str) else "-".join(map(str, v.values())))
def test_a_fixed_choice_is_kept_and_the_rest_fits_it(name, fixed):
    engine = get_engine(name)
    for seed in range(5):
        params = engine.generate(random.Random(seed), "basic", fixed=fixed)
        assert {k: params[k] for k in fixed} == fixed
        engine.solve(params, "cpu")
