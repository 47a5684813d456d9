"""engines/outputs.py names every output each engine gives, so ``content check`` can
reject a card asking for one that does not exist without solving it."""
from __future__ import annotations

import random

import pytest

from engines import all_engines
from engines.base import LEVELS
from engines.outputs import OUTPUTS, has_output, output_names


@pytest.mark.parametrize("engine", all_engines(), ids=lambda e: e.name)
def test_every_output_an_engine_gives_is_declared_and_every_declared_one_is_given(engine):
    given: set[str] = set()
    for level in LEVELS:
        for seed in range(8):
            given |= set(engine.solve(engine.generate(random.Random(seed), level), "cpu").outputs)
    assert {name for name in given if not has_output(engine.name, name)} == set()
    for declared in output_names(engine.name):
        assert any(has_output(engine.name, name) and _matches(declared, name) for name in given), declared


def _matches(declared: str, name: str) -> bool:
    import re

    return re.fullmatch(re.sub(r"\\\{[a-z]\\\}", r"\\d+", re.escape(declared)), name) is not None


def test_every_engine_has_a_declaration_and_numbers_match_as_placeholders():
    assert set(OUTPUTS) == {e.name for e in all_engines()}
    assert has_output("backprop", "dW2") and not has_output("backprop", "dW") and not has_output("backprop", "dWx")
    assert has_output("conv2d", "y_2_3") and not has_output("conv-output-size", "shape")
