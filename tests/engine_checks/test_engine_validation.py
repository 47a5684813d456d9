"""Bad parameters raise ParamError naming the parameter at fault."""
from __future__ import annotations

import random

import pytest

from engines import all_engines, get_engine
from engines.base import ParamError


def _example(name: str) -> dict:
    return get_engine(name).generate(random.Random(0), "basic")


@pytest.mark.parametrize("engine", all_engines(), ids=lambda e: e.name)
def test_missing_required_parameter_is_named(engine):
    params = engine.generate(random.Random(0), "basic")
    required = [p.name for p in engine.params if p.required and p.default is None and p.name in params]
    if engine.name in ("gradient-product", "param-count"):  # alternative forms: checked below
        return
    for name in required:
        broken = {k: v for k, v in params.items() if k != name}
        with pytest.raises(ParamError, match=name):
            engine.validate(broken)


@pytest.mark.parametrize("engine", all_engines(), ids=lambda e: e.name)
def test_wrong_type_is_named(engine):
    params = engine.generate(random.Random(0), "basic")
    name = next(iter(params))
    with pytest.raises(ParamError, match=name):
        engine.validate({**params, name: {"not": "a number"}})


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf")])
@pytest.mark.parametrize("name, key", [("neuron-output", "b"), ("softmax", "z"), ("attention", "Q"),
                                       ("regularization", "lam"), ("dropout", "p")])
def test_non_finite_numbers_are_refused(name, key, bad):
    params = _example(name)
    value = params[key]
    if isinstance(value, list):
        value = [[bad] * len(value[0]) for _ in value] if isinstance(value[0], list) else [bad] * len(value)
    else:
        value = bad
    with pytest.raises(ParamError, match=key):
        get_engine(name).validate({**params, key: value})


@pytest.mark.parametrize("name, key, value", [
    ("conv-output-size", "h", 10**6), ("conv-output-size", "kernel", 99), ("softmax", "z", [0.1] * 10_000),
    ("param-count", "hidden_size", 10**7), ("conv2d", "x", [[1.0] * 50] * 50), ("gradient-product", "steps", 10**6),
    ("mlp-forward", "layers", [{"W": [[1.0]], "b": [0.0], "activation": "relu"}] * 100),
    ("receptive-field", "layers", [{"kernel": 3, "stride": 1}] * 50), ("weight-init", "fan_in", 10**9),
])
def test_absurd_sizes_are_refused(name, key, value):
    with pytest.raises(ParamError, match=key):
        get_engine(name).validate({**_example(name), key: value})


@pytest.mark.parametrize("name, changes, key", [
    ("neuron-output", {"x": [1.0, 2.0], "w": [0.5]}, "w"),
    ("cross-entropy", {"logits": [1.0, 2.0], "target": 2}, "target"),
    ("conv-output-size", {"h": 2, "w": 2, "kernel": 5, "padding": 0, "dilation": 1}, "kernel"),
    ("conv2d", {"x": [[1.0, 2.0], [3.0, 4.0]], "k": [[1.0] * 3] * 3, "padding": 0}, "k"),
    ("binary-cross-entropy", {"p": 1.0, "y": 1.0}, "p"),
    ("dropout", {"x": [1.0, 2.0], "mask": [1.0, 0.5], "p": 0.5}, "mask"),
    ("iou", {"a": [2.0, 2.0, 1.0, 3.0]}, "a"),
    ("lstm-step", {"W_ih": [[0.1]] * 3}, "W_ih"),
    ("attention", {"K": [[1.0, 2.0, 3.0]]}, "K"),
    ("gradient-product", {"depth": 2}, "derivative"),
    ("gradient-product", {"steps": 900, "derivative": 9.0}, "steps"),
])
def test_inconsistent_parameters_are_named(name, changes, key):
    with pytest.raises(ParamError, match=key):
        get_engine(name).validate({**_example(name), **changes})


def test_mlp_layer_errors_name_the_layer():
    params = {"x": [1.0, 2.0], "layers": [{"W": [[1.0, 2.0]], "b": [0.0], "activation": "relu"},
                                          {"W": [[1.0, 2.0]], "b": [0.0], "activation": "relu"}]}
    with pytest.raises(ParamError, match=r"layers\[1\]\.W"):
        get_engine("mlp-forward").validate(params)
    params["layers"][1] = {"W": [[1.0]], "b": [0.0], "activation": "swish"}
    with pytest.raises(ParamError, match=r"layers\[1\]\.activation"):
        get_engine("mlp-forward").validate(params)


def test_param_count_needs_the_sizes_of_its_layer():
    with pytest.raises(ParamError, match="hidden_size"):
        get_engine("param-count").validate({"layer": "lstm", "input_size": 3})
    with pytest.raises(ParamError, match="kernel_size"):
        get_engine("param-count").validate({"layer": "linear", "in_features": 3, "out_features": 2, "kernel_size": 3})


def test_unknown_parameter_is_named():
    with pytest.raises(ParamError, match="colour"):
        get_engine("softmax").validate({"z": [1.0], "colour": "red"})


def test_flatten_size_accepts_whole_floats_and_refuses_fractions():
    from engines import get_engine
    from engines.base import ParamError

    engine = get_engine("flatten-size")
    assert engine.solve({"shape": [64, 7.0, 7.0]}, "cpu").answer == 3136
    with pytest.raises(ParamError, match="shape"):
        engine.solve({"shape": [64, 7.5, 7]}, "cpu")


@pytest.mark.parametrize(("name", "params"), [
    ("mlp-forward", {"x": [1e308, 1e308], "layers": [{"W": [[1e308, 1e308]], "b": [0], "activation": "linear"}]}),
    ("neuron-output", {"x": [1e308, 1e308], "w": [10.0, 10.0], "b": 0.0, "activation": "linear"}),
])
def test_finite_inputs_that_overflow_are_refused_not_answered_inf(name, params):
    """`solve` printed 'answer: inf' (or nan), exit 0: no card can be answered with it."""
    with pytest.raises(ParamError, match="not a finite number"):
        get_engine(name).solve(params, "cpu")
