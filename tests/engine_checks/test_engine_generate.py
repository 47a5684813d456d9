"""Every engine's ``generate`` gives valid, solvable, well-formed exercises at every level."""
from __future__ import annotations

import json
import math
import random
import re

import pytest

from engines import all_engines, get_engine
from engines.base import LEVELS

SEEDS = range(25)
# A negative number straight after an operator ("0.6·-1.8", "+ -0.7") reads as a typo in a
# worked solution; written as a factor it is parenthesised: "0.6·(-1.8)", "+ (-0.7)".
BARE_NEGATIVE = re.compile(r"[-+·×*/−^] ?-\d")


def _decimals_ok(value) -> bool:
    """Generated numbers use at most two decimal places (most use one)."""
    if isinstance(value, dict):
        return all(_decimals_ok(v) for v in value.values())
    if isinstance(value, list):
        return all(_decimals_ok(v) for v in value)
    if isinstance(value, float):
        return math.isclose(value * 100, round(value * 100), abs_tol=1e-9)
    return True


def _finite(value) -> bool:
    if isinstance(value, list):
        return all(_finite(v) for v in value)
    return not isinstance(value, float) or math.isfinite(value)


@pytest.mark.parametrize("engine", all_engines(), ids=lambda e: e.name)
@pytest.mark.parametrize("level", LEVELS)
def test_generated_params_validate_and_solve(engine, level):
    for seed in SEEDS:
        params = engine.generate(random.Random(seed), level)
        assert engine.validate(params) == params
        assert _decimals_ok(params)
        solution = engine.solve(params, "cpu")
        assert solution.steps and solution.outputs["answer"] == solution.answer
        assert _finite(solution.answer)
        json.dumps({"answer": solution.answer, "outputs": solution.outputs,
                    "steps": [[s.label, s.value] for s in solution.steps]})
        assert solution.device == "cpu"
        assert not [s.label for s in solution.steps if BARE_NEGATIVE.search(s.label)]
        for mistake in engine.mistakes(params):
            assert mistake.hint and mistake.value != solution.answer


def test_generation_is_reproducible_and_varied():
    for engine in all_engines():
        first = engine.generate(random.Random(7), "advanced")
        assert first == engine.generate(random.Random(7), "advanced")
        assert len({json.dumps(engine.generate(random.Random(s), "advanced")) for s in range(10)}) > 1, engine.name


@pytest.mark.parametrize("layer", ["linear", "conv2d", "rnn", "lstm", "gru"])
def test_generate_keeps_a_fixed_choice_and_draws_matching_sizes(layer):
    """A random card that fixes `layer: lstm` gets LSTM sizes, at any level."""
    from engines import get_engine

    engine = get_engine("param-count")
    for seed in range(10):
        params = engine.generate(random.Random(seed), "basic", fixed={"layer": layer})
        assert params["layer"] == layer
        engine.solve(params, "cpu")  # sizes fit the layer


@pytest.mark.parametrize("level", ["basic", "advanced", "research"])
def test_a_random_rnn_step_has_no_zero_weight(level):
    """W_xh = [[0]] left the input out and W_hh = [[0]] the recurrence: about one basic
    draw in ten asked for an RNN step with no RNN in it."""
    engine = get_engine("rnn-step")
    for seed in range(300):
        params = engine.generate(random.Random(seed), level)
        assert all(w != 0 for name in ("W_xh", "W_hh") for row in params[name] for w in row), params
