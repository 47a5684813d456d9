"""Layer lists in numeric prompts: a small aligned table, not a Python repr (issue 17).

The study screen, the Anki/CSV export and Browse all show a prompt as
``render_prompt`` fills it, so these tests hold for every one of them.
"""
from __future__ import annotations

import random

from quizapp.formatting import layer_table, render_prompt

MLP = "Input x = {x}. Run it through these layers in order (W rows = output units): {layers}. What is the output?"
LAYERS = [
    {"W": [[0.5, -1.0], [-0.3, 0.8]], "b": [0.2, -0.1], "activation": "sigmoid"},
    {"W": [[1.2, -0.75]], "b": [0.5], "activation": "linear"},
]


def test_layers_show_as_a_table_with_one_row_of_w_and_b_a_line():
    """Numbers line up on the decimal point down the b column, and in W, whose
    columns are all as wide in every layer."""
    assert layer_table(LAYERS).splitlines() == [
        "  layer  W               b     activation",
        "  1      [ 0.50, -1.00]   0.2  sigmoid",
        "         [-0.30,  0.80]  -0.1",
        "  2      [ 1.20, -0.75]   0.5  linear",
    ]


def test_the_table_stands_on_its_own_lines_inside_the_sentence():
    assert render_prompt(MLP, {"x": [1.0, -0.5], "layers": LAYERS}) == "\n".join([
        "Input x = [1, -0.5]. Run it through these layers in order (W rows = output units):",
        layer_table(LAYERS),
        "What is the output?",
    ])


def test_a_key_only_some_layers_have_leaves_the_others_blank():
    layers = [{"W": [[1.0]], "b": [0.0], "activation": "leaky_relu", "negative_slope": 0.1},
              {"W": [[2.0]], "b": [1.0], "activation": "relu"}]
    assert layer_table(layers).splitlines() == [
        "  layer  W    b  activation  negative_slope",
        "  1      [1]  0  leaky_relu  0.1",
        "  2      [2]  1  relu",
    ]


def test_receptive_field_layers_are_a_table_too():
    assert render_prompt("Layers: {layers}. Receptive field?", {"layers": [{"kernel": 3, "stride": 1},
                                                                          {"kernel": 2, "stride": 2}]}) == (
        "Layers:\n  layer  kernel  stride\n  1      3       1\n  2      2       2\nReceptive field?")


def test_other_values_are_written_inline_as_before():
    assert render_prompt("x = {x}, y = {y}; {z}.", {"x": [1.0, 2.5], "y": 3, "z": "tanh"}) == \
        "x = [1, 2.5], y = 3; tanh."
    assert render_prompt("{{not}} {missing}.", {}) == "{not} {missing}."
    assert render_prompt("{layers}.", {"layers": []}) == "[]."


def test_a_generated_mlp_prompt_fits_the_study_card_at_80_columns():
    """The advanced level's widest draw (4-4-3-2, leaky_relu slopes) stays within
    the 74 columns a study card has inside its border and padding at 80x24."""
    from engines import get_engine

    engine = get_engine("mlp-forward")
    for seed in range(200):
        params = engine.generate(random.Random(seed), "advanced", fixed={})
        assert max(len(line) for line in layer_table(params["layers"]).splitlines()) <= 74, seed


def test_a_ragged_w_is_written_as_it_is_not_cut_to_its_shortest_row():
    table = layer_table([{"W": [[1.0, 2.0], [3.0]], "b": [0.0, 1.0], "activation": "relu"}])
    assert "[[1, 2], [3]]" in table


def test_an_exponent_keeps_its_neighbours_as_written():
    table = layer_table([{"W": [[1.0], [2.5e-5]], "b": [0.0, 0.0], "activation": "linear"}])
    assert table.splitlines()[1:3] == ["  1      [1         ]  0  linear", "         [2.5000e-05]  0"]


def test_a_column_of_whole_values_in_w_shows_as_many_decimals_as_the_rest():
    table = layer_table([{"W": [[-1.0, 0.6], [0.0, -0.75]], "b": [1.0, 0.5], "activation": "linear"}])
    assert table.splitlines()[1:] == ["  1      [-1.00,  0.60]  1.0  linear", "         [ 0.00, -0.75]  0.5"]
