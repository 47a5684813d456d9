"""The registry: exact names, lookups, and that importing it loads no torch or NumPy."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

import engines
from engines import ENGINES, all_engines, get_engine

REQUIRED = {
    "neuron-output", "mlp-forward", "softmax", "cross-entropy", "binary-cross-entropy", "mse",
    "conv-output-size", "conv2d", "pool", "flatten-size", "param-count", "gradient-product",
    "rnn-step", "lstm-step", "dropout", "bbox-decode", "iou", "nms", "attention", "weight-init",
    "regularization", "gradient-clip", "receptive-field",
    "backprop", "optimizer-step", "normalization", "conv-transpose-output-size", "conv-cost", "average-precision",
    "smooth-l1", "positional-encoding", "lr-schedule", "pool-backward", "yolo-output",
}

DESIGN_PARAMS = {  # the parameter names fixed by DESIGN.md
    "neuron-output": {"x", "w", "b", "activation", "negative_slope"}, "mlp-forward": {"x", "layers"}, "softmax": {"z"},
    "cross-entropy": {"logits", "target"}, "binary-cross-entropy": {"p", "y"}, "mse": {"pred", "target"},
    "conv-output-size": {"h", "w", "kernel", "stride", "padding", "dilation", "in_channels", "out_channels"},
    "conv2d": {"x", "k", "stride", "padding"}, "pool": {"x", "kernel", "stride", "mode"}, "flatten-size": {"shape"},
    "param-count": {"layer", "in_features", "out_features", "in_channels", "out_channels", "kernel_size",
                    "input_size", "hidden_size", "bias", "embed_dim", "num_heads", "normalized_shape",
                    "num_features", "num_embeddings", "embedding_dim"},
    "gradient-product": {"derivative", "steps", "activation", "depth", "weights", "x"},
    "rnn-step": {"xs", "h0", "W_xh", "W_hh", "b_h"}, "lstm-step": {"x", "h", "c", "W_ih", "W_hh", "b_ih", "b_hh"},
    "dropout": {"x", "mask", "p"}, "bbox-decode": {"proposal", "deltas"}, "iou": {"a", "b"},
    "nms": {"boxes", "scores", "iou_threshold"}, "attention": {"Q", "K", "V"},
    "weight-init": {"scheme", "fan_in", "fan_out", "distribution"}, "regularization": {"weights", "kind", "lam"},
    "gradient-clip": {"grads", "max_norm"}, "receptive-field": {"layers"},
    "backprop": {"x", "y", "layers", "loss"},
    "optimizer-step": {"optimizer", "w", "grads", "lr", "momentum", "alpha", "beta1", "beta2", "eps", "weight_decay"},
    "normalization": {"x", "kind", "gamma", "beta", "eps"},
    "conv-transpose-output-size": {"h", "w", "kernel", "stride", "padding", "output_padding", "dilation"},
    "conv-cost": {"h", "w", "in_channels", "out_channels", "kernel", "stride", "padding", "groups", "bias"},
    "average-precision": {"tp", "num_gt", "method"}, "smooth-l1": {"pred", "target", "beta"},
    "positional-encoding": {"pos", "d_model"},
    "lr-schedule": {"schedule", "lr", "step", "step_size", "gamma", "total_steps", "warmup_steps", "min_lr"},
    "pool-backward": {"x", "kernel", "stride", "mode", "grad_out"}, "yolo-output": {"S", "B", "C"},
}


def test_exactly_the_required_engines():
    assert set(ENGINES) == REQUIRED
    assert [e.name for e in all_engines()] == list(ENGINES)


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_parameter_names_follow_the_design(name):
    assert {p.name for p in get_engine(name).params} == DESIGN_PARAMS[name]


def test_unknown_engine_lists_the_known_ones():
    with pytest.raises(KeyError) as err:
        get_engine("no-such-engine")
    assert "no-such-engine" in str(err.value) and "lstm-step" in str(err.value)


def test_schemas_are_json_ready():
    for engine in all_engines():
        json.dumps(engine.schema())
        assert engine.title and engine.schema()


def test_importing_engines_loads_neither_torch_nor_numpy():
    code = "import json, sys, engines; engines.get_engine('lstm-step').validate({'x': [1.0], 'h': [0.0], 'c': [0.0], " \
           "'W_ih': [[0.1]] * 4, 'W_hh': [[0.1]] * 4}); print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=str(__import__("pathlib").Path(engines.__file__).parents[1]))
    loaded = set(json.loads(out.stdout))
    assert "torch" not in loaded and "numpy" not in loaded
