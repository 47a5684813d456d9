"""The named outputs each engine's ``solve`` gives besides ``answer``: what a numeric
card may ask for with ``answer:``.

Declared here, not sniffed from a solve, so ``quizapp content check`` can reject a
card that asks for an output its engine does not have without loading torch. A
name with ``{n}`` (or ``{i}``, ``{j}``) stands for any whole number: the layer,
step or position (``dW{n}`` is ``dW1``, ``dW2``...). tests/engine_checks solve
every engine and check that each output it gives is declared here.
"""
from __future__ import annotations

import re

OUTPUTS: dict[str, tuple[str, ...]] = {
    "neuron-output": ("z", "a"),
    "mlp-forward": ("z{n}", "a{n}", "y"),
    "softmax": ("probs",),
    "cross-entropy": ("probs", "p_target"),
    "binary-cross-entropy": ("per_item", "sum"),
    "mse": ("sum", "mae", "rmse"),
    "conv-output-size": ("channels", "h_out", "w_out"),
    "flatten-size": ("size",),
    "receptive-field": ("receptive_field", "jump"),
    "conv2d": ("feature_map", "shape", "y_{i}_{j}"),
    "pool": ("shape", "y_{i}_{j}"),
    "param-count": ("total",),
    "gradient-product": ("activation_derivatives", "gradient", "output"),
    "gradient-clip": ("total_norm", "clip_coef", "clipped"),
    "rnn-step": ("h{n}",),
    "lstm-step": ("i", "f", "g", "o", "c", "h"),
    "dropout": ("scale", "output", "expected"),
    "regularization": ("penalty", "sum"),
    "weight-init": ("bound", "std", "variance"),
    "bbox-decode": ("box", "corners"),
    "iou": ("intersection", "union", "iou"),
    "nms": ("keep", "count"),
    "attention": ("scores", "weights", "output"),
    "positional-encoding": ("pe", "pe_{n}"),
    "backprop": ("loss", "y_hat", "delta{n}", "dW{n}", "db{n}"),
    "pool-backward": ("pooled", "grad_x"),
    "optimizer-step": ("w", "w{n}"),
    "lr-schedule": ("lr",),
    "normalization": ("mean", "var", "x_hat", "output", "running_mean", "running_var"),
    "conv-transpose-output-size": ("h_out", "w_out"),
    "conv-cost": ("output_shape", "params", "macs", "flops"),
    "average-precision": ("precision", "recall", "ap"),
    "smooth-l1": ("per_item", "sum", "l1"),
    "yolo-output": ("shape", "size", "per_cell", "boxes"),
}


def output_names(engine: str) -> tuple[str, ...]:
    """``answer`` and the engine's declared outputs, as written above."""
    return ("answer", *OUTPUTS.get(engine, ()))


def has_output(engine: str, name: str) -> bool:
    """Whether ``name`` is one of the engine's outputs (``{n}`` matching a number)."""
    for declared in output_names(engine):
        pattern = re.sub(r"\\\{[a-z]\\\}", r"\\d+", re.escape(declared))
        if re.fullmatch(pattern, name):
            return True
    return False
