"""The common slips each engine names carry the right wrong values."""
from __future__ import annotations

from engines import get_engine


def values(name: str, params: dict) -> dict:
    return {m.hint: m.value for m in get_engine(name).mistakes(params)}


def hint_for(name: str, params: dict, value):
    return next((h for h, v in values(name, params).items() if v == value), None)


def test_conv_output_size_slips():
    p = {"h": 32, "w": 32, "kernel": 3, "stride": 1, "padding": 1, "out_channels": 16}
    assert "Add 1" in hint_for("conv-output-size", p, [16, 31, 31])
    assert "padding" in hint_for("conv-output-size", p, [16, 30, 30])
    assert "2P" in hint_for("conv-output-size", {**p, "padding": 2}, [16, 32, 32])


def test_param_count_slips():
    p = {"layer": "lstm", "input_size": 10, "hidden_size": 20}
    assert "bias" in hint_for("param-count", p, 4 * 20 * 30).lower()
    assert "b_hh" in hint_for("param-count", p, 4 * (20 * 30 + 20))
    assert "4" in hint_for("param-count", p, 20 * 30 + 40)
    assert "3" in hint_for("param-count", {**p, "layer": "gru"}, 20 * 30 + 40)


def test_weight_init_and_activation_slips():
    assert "He" in hint_for("weight-init", {"scheme": "xavier", "fan_in": 100, "fan_out": 300}, (2 / 100) ** 0.5)
    assert "LeCun" in hint_for("weight-init", {"scheme": "xavier", "fan_in": 100, "fan_out": 300}, (1 / 100) ** 0.5)
    slips = values("neuron-output", {"x": [1.0], "w": [1.0], "b": 0.5, "activation": "sigmoid"})
    assert any("tanh" in h for h in slips) and any("bias" in h for h in slips)


def test_no_slip_equal_to_the_answer():
    assert values("neuron-output", {"x": [1.0], "w": [1.0], "b": 0.0, "activation": "linear"}) == {}
