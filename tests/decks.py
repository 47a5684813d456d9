"""Deck texts shared by tests: one card of every kind, and numeric decks."""
from __future__ import annotations

EVERY_KIND = """\
deck: demo
title: Demo deck
description: One card of each kind.
cards:
  - id: demo.what-is-ann
    kind: qa
    level: basic
    tags: [neuron]
    source: What is an ANN?
    front: What is an <ANN>?
    back: |
      Layers of weighted sums
      followed by activations.
    more: Longer story.
  - id: demo.sigmoid
    kind: cloze
    level: advanced
    source: Activation Functions
    text: "σ(z) = {{1 / (1 + e^(−z))::formula}} and σ(0) = {{0.5}}"
  - id: demo.relu
    kind: choice
    level: basic
    source: Why is ReLU used?
    question: Which activation is zero for negative inputs?
    correct: [ReLU]
    wrong: [Sigmoid, Tanh]
    explain: ReLU(x) = max(0, x).
  - id: demo.conv-size
    kind: numeric
    level: basic
    source: Output size
    engine: conv-output-size
    params: {h: 32, w: 32, kernel: 5, stride: 2, padding: 1, dilation: 1, in_channels: 3, out_channels: 16}
    prompt: "A {h}x{w} input, kernel {kernel}, stride {stride}, padding {padding}. Output shape?"
  - id: demo.conv-size-random
    kind: numeric
    level: basic
    source: Output size
    engine: conv-output-size
    random: true
    prompt: "A {h}x{w} input, kernel {kernel}, stride {stride}, padding {padding}. Output shape?"
  - id: demo.softmax-code
    kind: code
    level: basic
    source: Softmax
    exercise: softmax
"""


# A fixed sigmoid neuron (a = 0.5498 to 4 places), then a random ReLU one.
NEURON = """\
deck: num
title: Numbers
cards:
  - id: num.neuron
    kind: numeric
    level: basic
    source: Mathematical Model of a Single Neuron
    engine: neuron-output
    params: {x: [2, 1], w: [0.5, -1.0], b: 0.2, activation: sigmoid}
    prompt: "x = {x}, w = {w}, b = {b}, σ activation: a = ?"
    answer: a
    decimals: 4
"""
NEURON_AND_RANDOM = NEURON + """\
  - id: num.neuron-random
    kind: numeric
    level: basic
    source: Mathematical Model of a Single Neuron
    engine: neuron-output
    random: true
    params: {activation: relu}
    prompt: "x = {x}, w = {w}, b = {b}, ReLU: a = ?"
    answer: a
"""

# A fixed two-layer MLP whose prompt shows its layers (as a table, issue 17).
MLP = """\
deck: mlp
title: MLP
cards:
  - id: mlp.forward
    kind: numeric
    level: advanced
    source: Forward Propagation (Layer-by-Layer Math)
    engine: mlp-forward
    params:
      x: [1.0, -0.5]
      layers:
        - {W: [[0.5, -1.0], [-0.3, 0.8]], b: [0.2, -0.1], activation: tanh}
        - {W: [[1.2, -0.75]], b: [0.5], activation: leaky_relu, negative_slope: 0.1}
    prompt: "Input x = {x}. Run it through these layers in order (W rows = output units): {layers}. What is y?"
    decimals: 4
"""


def shipped_content():
    """``(library, exercises)`` of the shipped decks and exercises, loaded as `quizapp` starts:
    through the content cache, here the one in this worker's cache dir (tests/conftest.py),
    so only a worker's first caller parses all the YAML (~0.3 s) and each caller still gets
    objects of its own."""
    from platformdirs import user_cache_path

    from quizapp.content.cache import load_cached
    from quizapp.paths import builtin_content_dir

    return load_cached([builtin_content_dir()], user_cache_path("quizapp", appauthor=False) / "content")
