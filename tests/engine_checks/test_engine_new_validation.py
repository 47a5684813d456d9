"""The newer engines refuse inconsistent parameters with a message naming the one at fault."""
from __future__ import annotations

import random

import pytest

from engines import get_engine
from engines.base import ParamError


def _example(name: str) -> dict:
    return get_engine(name).generate(random.Random(0), "basic")


@pytest.mark.parametrize("name, params, key", [
    ("neuron-output", {"x": [1.0], "w": [1.0], "activation": "relu", "negative_slope": 0.1}, "negative_slope"),
    ("param-count", {"layer": "multihead-attention", "embed_dim": 10, "num_heads": 3}, "num_heads"),
    ("param-count", {"layer": "embedding", "num_embeddings": 10, "embedding_dim": 3, "bias": True}, "bias"),
    ("param-count", {"layer": "batchnorm2d", "num_features": 8, "bias": False}, "bias"),
    ("param-count", {"layer": "layernorm", "normalized_shape": 8, "in_features": 3}, "in_features"),
    ("optimizer-step", {"optimizer": "adam", "w": [1.0], "grads": [[1.0]], "lr": 0.1, "momentum": 0.9}, "momentum"),
    ("optimizer-step", {"optimizer": "sgd", "w": [1.0], "grads": [[1.0]], "lr": 0.1, "momentum": 0.9}, "momentum"),
    ("optimizer-step", {"optimizer": "sgd", "w": [1.0, 2.0], "grads": [[1.0]], "lr": 0.1}, r"grads\[0\]"),
    ("optimizer-step", {"optimizer": "nesterov", "w": [1.0], "grads": [[1.0]], "lr": 0.1, "momentum": 0.0}, "momentum"),
    ("optimizer-step", {"optimizer": "momentum", "w": [1.0], "grads": [[1.0]], "lr": 0.1, "momentum": 0.0}, "momentum"),
    ("optimizer-step", {"optimizer": "sgd", "w": [1.0, 2.0], "grads": 5, "lr": 0.1}, "grads"),
    ("normalization", {"x": [[1.0, 2.0]], "kind": "batch"}, "x"),
    ("normalization", {"x": [[1.0, 2.0], [3.0, 4.0]], "gamma": [1.0]}, "gamma"),
    ("lr-schedule", {"schedule": "step", "lr": 0.1, "step": 3, "gamma": 0.5}, "step_size"),
    ("lr-schedule", {"schedule": "exponential", "lr": 0.1, "step": 3, "gamma": 0.5, "total_steps": 9}, "total_steps"),
    ("lr-schedule", {"schedule": "cosine", "lr": 0.1, "step": 30, "total_steps": 20}, "step"),
    ("lr-schedule", {"schedule": "warmup-cosine", "lr": 0.1, "step": 3, "total_steps": 20, "warmup_steps": 20},
     "warmup_steps"),
    ("lr-schedule", {"schedule": "cosine", "lr": 0.1, "step": 3, "total_steps": 20, "min_lr": 0.5}, "min_lr"),
    ("lr-schedule", {"schedule": "step", "lr": 0.1, "step": 10**6, "step_size": 3, "gamma": 0.5}, "step"),
    ("conv-transpose-output-size", {"h": 4, "w": 4, "kernel": 3, "stride": 2, "output_padding": 2}, "output_padding"),
    ("conv-transpose-output-size", {"h": 1, "w": 1, "kernel": 1, "padding": 2}, "padding"),
    ("conv-cost", {"h": 8, "w": 8, "in_channels": 6, "out_channels": 8, "kernel": 3, "groups": 4}, "groups"),
    ("average-precision", {"tp": [1, 2, 0], "num_gt": 3}, "tp"),
    ("average-precision", {"tp": [1, 1, 1], "num_gt": 2}, "num_gt"),
    ("smooth-l1", {"pred": [1.0, 2.0], "target": [1.0]}, "target"),
    ("positional-encoding", {"pos": 3, "d_model": 5}, "d_model"),
    ("pool-backward", {"x": [[1, 2], [3, 4]], "grad_out": [[1.0, 1.0]]}, "grad_out"),
    ("pool-backward", {"x": [[4, 2], [3, 4]], "grad_out": [[1.0]]}, "tie"),
    ("backprop", {"x": [1.0], "y": 2, "loss": "cross-entropy",
                  "layers": [{"W": [[1.0], [2.0]], "b": [0.0, 0.0], "activation": "linear"}]}, "y"),
    ("backprop", {"x": [1.0], "y": 1.0, "loss": "bce",
                  "layers": [{"W": [[1.0]], "b": [0.0], "activation": "relu"}]}, "sigmoid"),
    ("backprop", {"x": [1.0], "y": [1.0, 0.0], "layers": [{"W": [[1.0]], "b": [0.0], "activation": "relu"}]}, "y"),
    ("yolo-output", {"S": 0, "B": 2, "C": 20}, "S"),
])
def test_inconsistent_parameters_are_named(name, params, key):
    with pytest.raises(ParamError, match=key):
        get_engine(name).validate(params)


def test_mlp_layer_slope_only_with_leaky_relu():
    layers = [{"W": [[1.0]], "b": [0.0], "activation": "tanh", "negative_slope": 0.1}]
    with pytest.raises(ParamError, match=r"layers\[0\]\.negative_slope"):
        get_engine("mlp-forward").validate({"x": [1.0], "layers": layers})
    with pytest.raises(ParamError, match=r"layers\[0\]"):
        get_engine("mlp-forward").validate({"x": [1.0], "layers": [{**layers[0], "activation": "leaky_relu",
                                                                   "colour": 1}]})


@pytest.mark.parametrize("name", ["optimizer-step", "normalization", "smooth-l1", "pool-backward", "backprop"])
def test_non_finite_numbers_are_refused(name):
    params = _example(name)
    key = next(k for k, v in params.items() if isinstance(v, list))
    value = params[key]
    bad = [[float("nan")] * len(value[0]) for _ in value] if isinstance(value[0], list) else [float("inf")] * len(value)
    with pytest.raises(ParamError, match=key):
        get_engine(name).validate({**params, key: bad})
