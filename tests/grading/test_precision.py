"""How precise a numeric answer must be, and the line that tells the learner."""
from __future__ import annotations

import math
from decimal import ROUND_HALF_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from quizapp.grading.answers import check_answer
from quizapp.grading.precision import SIGNIFICANT_FIGURES, precision_line

HAND_ROUNDINGS = (ROUND_HALF_UP, ROUND_HALF_EVEN, ROUND_HALF_DOWN)


def ok(typed: str, expected, decimals: int | None = None) -> bool:
    return check_answer(typed, expected, decimals=decimals).correct


# --- the line shown under the prompt -------------------------------------------

@pytest.mark.parametrize("decimals, exact, line", [
    (None, False, "3 significant figures are enough."),
    (2, False, "Answer to 2 decimal places."),
    (1, False, "Answer to 1 decimal place."),
    (0, False, "Answer to the nearest whole number."),
    (None, True, "Exact integer answer."),
    (4, True, "Exact integer answer."),  # an integer is never rounded, whatever the card says
])
def test_precision_line(decimals, exact, line):
    assert precision_line(decimals, exact) == line


def test_the_line_names_the_default_figures():
    assert SIGNIFICANT_FIGURES == 3
    assert precision_line(None, False).startswith(f"{SIGNIFICANT_FIGURES} significant figures")


# --- the default: 3 significant figures -----------------------------------------

def test_three_significant_figures_are_enough():
    assert ok("0.0412", 0.041234) and ok("1.23e-5", 1.2345e-5) and ok("1.23 × 10^-5", 1.2345e-5)
    assert ok("0.04123", 0.041234) and ok("0.041234", 0.041234)  # more figures are fine too
    assert ok("6.38e8", 637621500.2140496) and ok("3330", 3325.256730079651)
    assert ok("0.688", 0.6883282681)


def test_fewer_or_wrong_figures_are_refused():
    assert not ok("0.04", 0.041234)  # 2 significant figures
    assert not ok("0.0413", 0.041234)  # the third figure is wrong
    assert not ok("1.2e-5", 1.2345e-5) and not ok("1.24e-5", 1.2345e-5)
    assert not ok("0.69", 0.6883282681) and not ok("0.687", 0.6883282681)


@pytest.mark.parametrize("expected, typed", [
    (0.04125, "0.0412"), (0.04125, "0.0413"),  # a half: either way of rounding it
    (2.675, "2.67"), (2.675, "2.68"),  # 2.675 is stored as 2.67499999…
    (9.9996, "10.0"), (9.9996, "10"), (0.99951, "1.00"), (0.9995, "1.00"), (0.9995, "0.999"),
    (1.0004, "1.00"), (1e-3, "0.001"), (1000.0, "1e3"), (-0.041234, "-0.0412"),
])
def test_every_hand_rounding_to_three_figures_is_accepted(expected, typed):
    assert ok(typed, expected)


def test_the_third_figure_is_read_off_the_expected_value():
    """Half a unit in the 3rd figure of 9.9996 is 0.005: 9.99 and 10.01 are out."""
    assert not ok("9.99", 9.9996) and not ok("10.01", 9.9996) and ok("10.004", 9.9996)


def test_integers_stay_exact():
    assert not ok("3140", 3136) and not ok("3.14e3", 3136) and ok("3136", 3136) and ok("3.136e3", 3136)
    assert not ok("16x15x14", [16, 15, 15])


nonzero = st.floats(min_value=1e-30, max_value=1e30, allow_nan=False, allow_infinity=False).flatmap(
    lambda x: st.sampled_from([x, -x]))


def _mantissa_exponent(x: float) -> tuple[str, int]:
    mantissa, exponent = f"{x:.{SIGNIFICANT_FIGURES - 1}e}".split("e")
    return mantissa, int(exponent)


@settings(max_examples=300)
@given(x=nonzero, style=st.sampled_from(["{m}e{e}", "{m}E{e}", "{m} × 10^{e}", "{m}x10^{e}", "{m}*10^{e}",
                                         "{m} · 10^({e})"]))
def test_three_figures_in_any_notation_are_accepted(x, style):
    mantissa, exponent = _mantissa_exponent(x)
    assert ok(style.format(m=mantissa, e=exponent), x)


@settings(max_examples=300)
@given(x=nonzero, rounding=st.sampled_from(HAND_ROUNDINGS), extra=st.integers(0, 5))
def test_any_hand_rounding_of_the_decimal_value_is_accepted(x, rounding, extra):
    """What a person rounds is the decimal they computed (repr), not the binary float."""
    value = Decimal(repr(x))
    unit = Decimal(1).scaleb(value.adjusted() - SIGNIFICANT_FIGURES + 1 - extra)
    assert ok(str(value.quantize(unit, rounding=rounding)), x)


@settings(max_examples=300)
@given(x=nonzero, direction=st.sampled_from([-2, 2]))
def test_two_units_off_in_the_third_figure_is_refused(x, direction):
    mantissa, exponent = _mantissa_exponent(x)
    moved = Decimal(mantissa) + direction * Decimal("0.01")
    assume(moved != 0)
    assert not ok(f"{moved}e{exponent}", x)


# --- cards that set decimals -----------------------------------------------------

@pytest.mark.parametrize("expected, decimals, typed", [
    (0.125, 2, "0.13"), (0.125, 2, "0.12"), (0.115, 2, "0.12"), (2.675, 2, "2.68"), (2.675, 2, "2.67"),
    (0.7923155000000002, 6, "0.792316"), (0.7923155000000002, 6, "0.792315"), (3325.25, 1, "3325.3"),
    (-0.125, 2, "-0.13"), (0.5, 0, "1"), (0.5, 0, "0"), (1234567.125, 2, "1234567.13"),
])
def test_decimals_accept_both_roundings_of_a_half(expected, decimals, typed):
    assert ok(typed, expected, decimals)


def test_decimals_are_the_rule_the_prompt_states():
    """"Answer to 4 decimal places" means 4 places: 3 figures of 0.6883 are not enough."""
    assert ok("0.6883", 0.6883282681, 4) and not ok("0.688", 0.6883282681, 4)
    assert not ok("3325", 3325.256730079651, 1) and ok("3325.3", 3325.256730079651, 1)
    assert ok("0.00005", 4.539580782951091e-05, 5)  # fewer figures than 3 when the places say so


@settings(max_examples=300)
@given(x=st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), d=st.integers(0, 6),
       rounding=st.sampled_from(HAND_ROUNDINGS))
def test_decimals_accept_every_hand_rounding(x, d, rounding):
    typed = Decimal(repr(x)).quantize(Decimal(1).scaleb(-d), rounding=rounding)
    assert ok(str(typed), x, d)


@settings(max_examples=300)
@given(x=st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), d=st.integers(0, 6),
       direction=st.sampled_from([-1, 1]))
def test_decimals_refuse_a_step_beyond_the_rounding(x, d, direction):
    step = Decimal(1).scaleb(-d)
    typed = Decimal(repr(x)).quantize(step, rounding=ROUND_HALF_EVEN) + direction * step
    assume(abs(Decimal(repr(x)) - typed) > step * Decimal("0.6"))
    assert not ok(str(typed), x, d)


def test_zero_and_noise_floors_still_hold():
    assert ok("0", 0.0) and ok("1e-7", 0.0) and not ok("1e-3", 0.0)
    assert ok("[0, 0.6]", [5.5e-17, 0.6]) and not ok("0", 0.25 ** 20)
    assert math.isclose(0.25 ** 20, 9.094947017729282e-13) and ok("9.09e-13", 0.25 ** 20)
