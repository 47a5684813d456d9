"""``param-count``: how many trainable numbers a layer holds.

Counted as ``sum(p.numel() for p in module.parameters())`` on the real PyTorch
module, built on the ``meta`` device so that a 4096-wide LSTM costs no memory.
That settles the usual arguments: PyTorch's recurrent layers carry two bias
vectors (b_ih and b_hh), an LSTM has 4 gate blocks and a GRU 3, multi-head
attention has the same 4·E² + 4·E whatever the number of heads, and a
BatchNorm's running mean and variance are buffers, not parameters.

``bias`` is optional: it defaults to true where the layer has the flag, is
refused for an Embedding (which has none) and cannot be false for a
BatchNorm2d (its affine weight and bias come and go together).
"""
from __future__ import annotations

import random

from engines import _common as c
from engines.base import Engine, Param, Solution, Step

_LAYERS = {  # layer -> (torch.nn class, constructor sizes in order, gate blocks of a recurrent layer)
    "linear": ("Linear", ("in_features", "out_features"), 1),
    "conv2d": ("Conv2d", ("in_channels", "out_channels", "kernel_size"), 1),
    "rnn": ("RNN", ("input_size", "hidden_size"), 1),
    "lstm": ("LSTM", ("input_size", "hidden_size"), 4),
    "gru": ("GRU", ("input_size", "hidden_size"), 3),
    "multihead-attention": ("MultiheadAttention", ("embed_dim", "num_heads"), 1),
    "layernorm": ("LayerNorm", ("normalized_shape",), 1),
    "batchnorm2d": ("BatchNorm2d", ("num_features",), 1),
    "embedding": ("Embedding", ("num_embeddings", "embedding_dim"), 1),
    "conv-transpose2d": ("ConvTranspose2d", ("in_channels", "out_channels", "kernel_size"), 1),
}
_SIZES = sorted({name for _, sizes, _ in _LAYERS.values() for name in sizes})
_NO_BIAS_FLAG = ("batchnorm2d", "embedding")  # torch constructors without a ``bias`` argument
_TOPS = {"kernel_size": 15, "num_heads": 128, "num_embeddings": 1 << 20}  # largest allowed; 8192 otherwise


def _module(p: dict):
    """The layer on the meta device (shapes only; init there draws no random numbers)."""
    import torch

    cls_name, names, _ = _LAYERS[p["layer"]]
    flags = {} if p["layer"] in _NO_BIAS_FLAG else {"bias": p.get("bias", True)}
    cls = getattr(torch.nn, cls_name)
    return cls(*(p[name] for name in names), **flags, device="meta", dtype=torch.float64)


def _solve(p: dict, device) -> Solution:
    module = _module(p)
    steps = [Step(f"{name} {list(t.shape)}", t.numel()) for name, t in module.named_parameters()]
    total = sum(t.numel() for t in module.parameters())
    steps.append(Step("total", total))
    return Solution(total, steps, {"total": total})


def _generate(rng: random.Random, level: str) -> dict:
    layer = rng.choice(c.by_level(level, ("linear", "conv2d", "layernorm", "embedding"),
                                  ("conv2d", "rnn", "lstm", "batchnorm2d", "conv-transpose2d"),
                                  ("lstm", "gru", "rnn", "multihead-attention")))
    widths = c.by_level(level, (3, 4, 10, 16, 32), (8, 16, 32, 64, 128), (32, 64, 100, 128, 256, 512))
    params = {"layer": layer}
    if layer not in _NO_BIAS_FLAG:
        params["bias"] = level == "basic" or rng.random() < 0.8
    special = {"kernel_size": (1, 3, 5, 7), "num_heads": (1, 2, 4, 8),  # sizes as seen in real models
               "num_embeddings": (1000, 5000, 10000, 30000, 50000), "embedding_dim": (50, 100, 128, 300, 512)}
    for name in _LAYERS[layer][1]:
        params[name] = rng.choice(special.get(name, widths))
    if layer == "multihead-attention":  # every width above is a multiple of 4; 8 heads need a multiple of 8
        params["embed_dim"] = params["num_heads"] * rng.choice((8, 16, 32, 64))
    return params


def _check(p: dict) -> None:
    layer, needed = p["layer"], _LAYERS[p["layer"]][1]
    for name in _SIZES:
        if name in needed:
            c.require(name in p, f"{name}: required for a {layer} layer")
        else:
            c.require(name not in p, f"{name}: not a size of a {layer} layer (it takes {', '.join(needed)})")
    c.require(layer != "embedding" or "bias" not in p, "bias: an embedding has no bias (only its weight table)")
    c.require(layer != "batchnorm2d" or p.get("bias", True),
              "bias: BatchNorm2d has no bias switch; affine=False drops its weight and bias together")
    if layer == "multihead-attention":
        c.require(p["embed_dim"] % p["num_heads"] == 0,
                  f"num_heads: must divide embed_dim ({p['embed_dim']}), each head gets embed_dim/num_heads")


def _mistakes(p: dict):
    right = c.answer_with(_solve, p)
    gates = _LAYERS[p["layer"]][2]
    slips = _newer_layer_slips(p, right)
    if p.get("bias", True) and p["layer"] not in ("layernorm", "multihead-attention", *_NO_BIAS_FLAG):
        slips.append((c.answer_with(_solve, p, bias=False), "Count the bias too: one per output unit."))
    if p["layer"] in ("rnn", "lstm", "gru") and p.get("bias", True):
        slips.append((right - gates * p["hidden_size"],
                      "PyTorch's recurrent layers have two bias vectors, b_ih and b_hh, each gates × hidden_size."))
    if gates > 1:
        slips.append((c.answer_with(_solve, p, layer="rnn"),
                      f"An {p['layer'].upper()} has {gates} gate blocks: multiply the plain-RNN count by {gates}."))
    if p["layer"] == "conv2d":
        slips.append((right - (p["in_channels"] - 1) * p["out_channels"] * p["kernel_size"] ** 2,
                      "Each filter spans all input channels: k·k·in_channels weights per filter."))
    return c.distinct(right, slips)


def _newer_layer_slips(p: dict, right: int) -> list:
    """Slips on the layers added for attention and normalisation cards."""
    layer = p["layer"]
    if layer == "multihead-attention":
        e, h, bias = p["embed_dim"], p["num_heads"], p.get("bias", True)
        return [(right - e * e - (e if bias else 0),
                 "Count the output projection too: Q, K, V and out are four E×E maps."),
                (h * right,
                 "The heads split E into num_heads slices of E/num_heads: the count does not grow with heads."),
                (c.answer_with(_solve, p, bias=not bias),
                 "Each of the 4 projections has a bias of E." if bias
                 else "bias=False: the 4 projections have no biases.")]
    if layer == "batchnorm2d":
        return [(2 * right, "Running mean and variance are buffers, updated without gradients: not parameters."),
                (right // 2, "BatchNorm has a scale γ and a shift β per channel.")]
    if layer == "layernorm":
        return [(c.answer_with(_solve, p, bias=not p.get("bias", True)),
                 "LayerNorm learns γ and β over normalized_shape (bias=False drops β).")]
    if layer == "conv-transpose2d":
        return [(right - (p["in_channels"] - 1) * p["out_channels"] * p["kernel_size"] ** 2,
                 "Every input channel has its own k·k kernel for each output channel: in·out·k² weights.")]
    return []


def _size(name: str) -> Param:
    return Param(name, "int", f"{name} as in the torch constructor", required=False, min=1, max=_TOPS.get(name, 8192))


ENGINE = Engine(
    name="param-count",
    title="Number of trainable parameters in a layer",
    params=(
        Param("layer", "str", "layer type", choices=tuple(_LAYERS)),
        *(_size(name) for name in _SIZES),
        Param("bias", "bool", "whether the layer has bias terms (default true where torch has the flag)",
              required=False),
    ),
    solve_fn=_solve,
    generate_fn=_generate,
    mistakes_fn=_mistakes,
    check=_check,
    exact_outputs=frozenset({"answer", "total"}),
)

ENGINES = (ENGINE,)
