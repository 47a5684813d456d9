"""The classic slips the newer engines name: each wrong value carries the hint that explains it."""
from __future__ import annotations

import pytest

from engines import get_engine


def _flat(v):
    return [x for item in v for x in _flat(item)] if isinstance(v, list) else [v]


def hint_for(name: str, params: dict, value):
    """The hint of the slip worth ``value`` (numbers compared to float precision, lists flattened)."""
    for mistake in get_engine(name).mistakes(params):
        if _flat(mistake.value) == pytest.approx(_flat(value), rel=1e-9):
            return mistake.hint
    return None


def test_optimizer_slips():
    adam = {"optimizer": "adam", "w": [0.0], "grads": [[1.0]], "lr": 0.1}
    assert "bias correction" in hint_for("optimizer-step", adam, [-0.1 * 0.1 / (0.001 ** 0.5 + 1e-8)])
    assert "against the gradient" in hint_for("optimizer-step", {"optimizer": "sgd", "w": [1.0], "grads": [[2.0]],
                                                                 "lr": 0.1}, [1.2])
    momentum = {"optimizer": "momentum", "w": [0.0], "grads": [[1.0], [1.0]], "lr": 1.0}
    assert "velocity" in hint_for("optimizer-step", momentum, [-2.0])
    adamw = {"optimizer": "adamw", "w": [1.0], "grads": [[0.5], [0.5]], "lr": 0.1, "weight_decay": 0.1}
    assert "AdamW decays w directly" in hint_for(
        "optimizer-step", adamw, get_engine("optimizer-step").solve({**adamw, "optimizer": "adam"}, "cpu").answer)


def test_schedule_and_norm_slips():
    step = {"schedule": "step", "lr": 0.1, "step": 15, "step_size": 10, "gamma": 0.1}
    assert "staircase" in hint_for("lr-schedule", step, 0.1 * 0.1 ** 1.5)
    warm = {"schedule": "warmup-cosine", "lr": 1.0, "step": 50, "total_steps": 100, "warmup_steps": 50}
    assert "after the warm-up" in hint_for("lr-schedule", warm, 0.5)
    norm = {"x": [[1.0, 2.0], [3.0, 6.0]], "kind": "batch"}
    slips = {m.hint: m.value for m in get_engine("normalization").mistakes(norm)}
    assert any("layer norm" in h for h in slips) and any("N − 1" in h for h in slips)


def test_size_and_cost_slips():
    ct = {"h": 16, "w": 16, "kernel": 4, "stride": 2, "padding": 1}
    assert "Conv2d formula" in hint_for("conv-transpose-output-size", ct, [8, 8])
    depthwise = {"h": 8, "w": 8, "in_channels": 16, "out_channels": 16, "kernel": 3, "padding": 1, "groups": 16,
                 "bias": False}
    assert "groups" in hint_for("conv-cost", depthwise, 16 * 16 * 9)
    assert "class probabilities once per cell" in hint_for("yolo-output", {"S": 7, "B": 2, "C": 20}, [7, 7, 50])
    assert "buffers" in hint_for("param-count", {"layer": "batchnorm2d", "num_features": 64}, 256)
    assert "does not grow" in hint_for("param-count", {"layer": "multihead-attention", "embed_dim": 8,
                                                       "num_heads": 2}, 2 * (4 * 64 + 32))


def test_detection_and_gradient_slips():
    assert "Interpolate" in hint_for("average-precision", {"tp": [1, 0, 0, 1, 1], "num_gt": 3}, (1 + 0.5 + 0.6) / 3)
    assert "ground-truth" in hint_for("average-precision", {"tp": [1, 0, 1], "num_gt": 3}, 1 * 0.5 + 0.5 * 2 / 3)
    assert "quadratic" in hint_for("smooth-l1", {"pred": [0.5, 3.0], "target": [0.0, 0.0]}, 1.75)
    assert "divides the gradient" in hint_for("pool-backward", {"x": [[1, 2], [3, 4]], "mode": "avg",
                                                                "grad_out": [[4.0]]}, [[4.0, 4.0], [4.0, 4.0]])
    assert "maximum" in hint_for("pool-backward", {"x": [[1, 2], [3, 4]], "grad_out": [[4.0]]},
                                 [[1.0, 1.0], [1.0, 1.0]])
    assert "Even indices take the sine" in hint_for("positional-encoding", {"pos": 0, "d_model": 2}, [1.0, 0.0])
    mse = {"x": [1.0], "y": 0.0, "layers": [{"W": [[1.0]], "b": [0.0], "activation": "linear"}]}
    assert "½·MSE" in hint_for("backprop", mse, 0.5)
