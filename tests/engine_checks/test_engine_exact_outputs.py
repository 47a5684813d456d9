"""``exact_outputs`` names exactly the outputs that are whole numbers.

The prompt says "Exact integer answer." from this declaration before torch has
loaded, while the checker decides from the solved value's type: the two must agree
for every output at every level, or the prompt would promise a rule not applied.
"""
from __future__ import annotations

import random

import pytest

from engines import all_engines
from engines.base import LEVELS

SEEDS = range(6)


def _whole(value) -> bool:
    """An int, or a non-empty (nested) list of ints: what the checker compares exactly."""
    if isinstance(value, list):
        return bool(value) and all(_whole(v) for v in value)
    return isinstance(value, int) and not isinstance(value, bool)


@pytest.mark.parametrize("engine", all_engines(), ids=lambda e: e.name)
def test_exact_outputs_are_the_integer_outputs(engine):
    seen: dict[str, set[bool]] = {}
    for level in LEVELS:
        for seed in SEEDS:
            solution = engine.solve(engine.generate(random.Random(seed), level), "cpu")
            for key, value in solution.outputs.items():
                seen.setdefault(key, set()).add(_whole(value))
    assert all(len(kinds) == 1 for kinds in seen.values()), seen  # an output is always or never whole
    assert engine.exact_outputs == {key for key, kinds in seen.items() if kinds == {True}}
