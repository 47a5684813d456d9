"""Parsing and judging typed numeric answers."""
from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.grading.answers import Verdict, check_answer, parse_answer


@pytest.mark.parametrize("text, value", [
    ("42", 42), ("-7", -7), ("+3", 3), ("0.5", 0.5), ("-.25", -0.25), ("5.", 5.0), ("1e-3", 0.001),
    ("2.5E4", 25000.0), ("-1.5e+2", -150.0), ("3/4", 0.75), ("-1/2", -0.5), ("6/3", 2), ("1.5/0.5", 3),
    ("−0.5", -0.5), ("  12  ", 12),
    ("[1, 2.5]", [1, 2.5]), ("[1 2.5]", [1, 2.5]), ("[[1,2],[3,4]]", [[1, 2], [3, 4]]),
    ("[[1 2] [3 4]]", [[1, 2], [3, 4]]), ("1, 2, 3", [1, 2, 3]), ("[0.5, -1e-2]", [0.5, -0.01]),
    ("16x15x15", [16, 15, 15]), ("16×15×15", [16, 15, 15]), ("16 x 15 x 15", [16, 15, 15]),
    ("(16, 15, 15)", [16, 15, 15]), ("(16 15 15)", [16, 15, 15]), ("[1/2, 1/4]", [0.5, 0.25]),
])
def test_parses(text, value):
    assert parse_answer(text) == value


@pytest.mark.parametrize("text", ["", "abc", "[1, 2", "1, 2]", "[]", "[1,,2]", "1/0", "2**3", "__import__('os')",
                                  "1e999", "[1, [2]]", "[[1], 2]", "ten"])
def test_unparseable_input_says_what_is_accepted(text):
    verdict = check_answer(text, 1.0)
    assert not verdict.correct and verdict.parsed is None
    assert verdict.message.startswith(f"Could not read {text!r}")
    assert verdict.message.endswith(": type a number like 0.25, -3e-4, 1.2 × 10^-5 or 1/3.")


@pytest.mark.parametrize("expected, forms", [
    (0.6883, "a number like 0.25, -3e-4, 1.2 × 10^-5 or 1/3"),
    ([[0.6883]], "a number like 0.25, -3e-4, 1.2 × 10^-5 or 1/3"),  # a 1×1 map is a number
    (3136, "a whole number like 3136"),
    ([16, 15, 15], "whole numbers like 16x15x15 or [16, 15, 15]"),
    ([0.5, -0.25], "a list of numbers like [0.25, -3e-4, 1/3]"),
    ([[1.0, 2.0], [3.0, 4.0]], "a matrix, row by row, like [[1, 0.5], [-2, 3]]"),
])
def test_an_unreadable_answer_gets_one_sentence_naming_the_forms_the_card_takes(expected, forms):
    """Issue 17: one sentence, the examples chosen by what the card's answer is."""
    assert check_answer("ten", expected).message == f"Could not read 'ten': type {forms}."


def test_an_unreadable_answer_says_what_in_particular_was_wrong():
    assert check_answer("[1, 2", [1.0, 2.0]).message == (
        "Could not read '[1, 2' (missing ']'): type a list of numbers like [0.25, -3e-4, 1/3].")
    assert check_answer("2**3", 8).message == (
        "Could not read '2**3' (unexpected '**3'): type a whole number like 3136.")
    assert check_answer("1e999", 1.0).message.startswith("Could not read '1e999' (too long or too large):")


def test_integers_are_exact():
    assert check_answer("3136", 3136).correct
    assert check_answer("3136.0", 3136).correct
    assert check_answer("3,136", 3136).correct  # thousands separator for an integer answer
    assert not check_answer("3137", 3136).correct
    assert not check_answer("3136.4", 3136).correct


def test_reals_to_three_significant_figures():
    assert check_answer("0.6883", 0.6883282681).correct
    assert check_answer("0.688", 0.6883282681).correct
    assert not check_answer("0.69", 0.6883282681).correct
    # The 1e-6 floor holds for an answer of exactly 0; a tiny non-zero answer is
    # judged relative to itself (see test_zero_is_not_a_tiny_answer).
    assert check_answer("0.0000005", 0.0).correct and not check_answer("0.001", 0.0).correct
    assert not check_answer("0", 1e-9).correct


def test_requested_rounding_is_accepted():
    assert check_answer("0.69", 0.6883282681, decimals=2).correct
    assert check_answer("0.7", 0.6883282681, decimals=1).correct
    assert not check_answer("0.68", 0.6883282681, decimals=2).correct
    assert check_answer("0.814", 0.8139539961, decimals=3).correct
    assert not check_answer("0.813", 0.8139539961, decimals=3).correct  # the notes' truncation is not accepted


def test_shapes_and_vectors():
    assert check_answer("16x15x15", [16, 15, 15]).correct
    assert check_answer("(16, 15, 15)", [16, 15, 15]).correct
    assert not check_answer("16x15", [16, 15, 15]).correct
    assert "3 values" in check_answer("16x15", [16, 15, 15]).message
    assert check_answer("[0.55, 0.525]", [0.549834, 0.524979], decimals=3).correct
    assert check_answer("[[1, 2], [3, 4]]", [[1.0, 2.0], [3.0, 4.0]]).correct
    assert not check_answer("[[1, 2], [3, 5]]", [[1.0, 2.0], [3.0, 4.0]]).correct
    assert check_answer("4", [[4.0]]).correct and check_answer("[0.81]", 0.8139, decimals=2).correct


def test_mistake_gets_its_hint():
    class Slip:  # the shape of engines.base.Mistake
        value, hint = [16, 14, 14], "Add 1 after dividing by the stride."

    verdict = check_answer("16x14x14", [16, 15, 15], mistakes=[Slip()])
    assert verdict == Verdict(False, verdict.message, [16, 14, 14], "Add 1 after dividing by the stride.")
    assert "16, 15, 15" in verdict.message
    assert check_answer("0.3", 0.6, mistakes=[(0.3, "halved")]).hint == "halved"
    assert check_answer("0.4", 0.6, mistakes=[(0.3, "halved")]).hint is None
    assert check_answer("0.6", 0.6, mistakes=[(0.6, "never shown")]).hint is None


def test_imports_neither_torch_numpy_nor_textual():
    code = "import json, sys, quizapp.grading.answers; print(json.dumps(sorted(sys.modules)))"
    loaded = set(json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                           check=True).stdout))
    assert not loaded & {"torch", "numpy", "textual"}


finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12)


@settings(max_examples=200)
@given(x=finite)
def test_repr_round_trips(x):
    assert check_answer(repr(x), x).correct
    assert check_answer(f"{x:e}", x).correct


@settings(max_examples=200)
@given(x=st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), d=st.integers(0, 6))
def test_fixed_decimals_are_accepted_at_that_rounding(x, d):
    assert check_answer(f"{x:.{d}f}", x, decimals=d).correct


@settings(max_examples=100)
@given(dims=st.lists(st.integers(1, 4096), min_size=1, max_size=5),
       style=st.sampled_from(["x", "×", "tuple", "list", "spaces"]))
def test_shapes_in_all_notations(dims, style):
    text = {"x": "x".join, "×": " × ".join, "tuple": lambda d: "(" + ", ".join(d) + ")",
            "list": lambda d: "[" + ",".join(d) + "]",
            "spaces": lambda d: "[" + " ".join(d) + "]"}[style](map(str, dims))
    assert check_answer(text, dims if len(dims) > 1 else dims[0]).correct


@settings(max_examples=100)
@given(rows=st.lists(st.lists(finite, min_size=2, max_size=2), min_size=1, max_size=3))
def test_matrices_round_trip(rows):
    text = "[" + ", ".join("[" + " ".join(repr(v) for v in row) + "]" for row in rows) + "]"
    assert check_answer(text, rows).correct


@settings(max_examples=100)
@given(a=st.integers(-1000, 1000), b=st.integers(1, 1000))
def test_fractions(a, b):
    assert check_answer(f"{a}/{b}", a / b).correct
    assert math.isclose(parse_answer(f"{a}/{b}"), a / b)


def test_zero_is_not_a_tiny_answer():
    """A vanishing-gradient answer like 0.25²⁰ is about its size: 0 is wrong."""
    assert not check_answer("0", 0.25 ** 20).correct
    assert not check_answer("1e-9", 0.25 ** 20).correct
    assert check_answer("9.095e-13", 0.25 ** 20).correct


def test_float_noise_beside_larger_entries_is_ignored():
    assert check_answer("[0, 0.6]", [5.5e-17, 0.6]).correct


def test_a_column_is_not_a_row():
    assert not check_answer("[1, 2]", [[1], [2]]).correct
    assert check_answer("[[1], [2]]", [[1], [2]]).correct
    assert check_answer("0.5", [[0.5]]).correct  # a 1×1 map is still a number


@pytest.mark.parametrize("typed", ["1e400/3", "1e10000000/7", "9" * 5000])
def test_absurd_numbers_are_refused_quickly(typed):
    import time

    start = time.perf_counter()
    verdict = check_answer(typed, 1.0)
    assert not verdict.correct and verdict.parsed is None and time.perf_counter() - start < 1


# --- powers of ten: e-notation and "× 10^" -------------------------------------

@pytest.mark.parametrize("text", ["1.2e-5", "1.2E-5", "1.2 × 10^-5", "1.2x10^-5", "1.2X10^-5", "1.2*10^-5",
                                  "1.2 · 10^(-5)", "1.2×10^−5", "12 × 10^-6", "1.2 x 10 ^ ( -5 )"])
def test_powers_of_ten_in_every_notation(text):
    assert parse_answer(text) == 1.2e-5


@pytest.mark.parametrize("text, value", [
    ("10^-3", 0.001), ("10^3", 1000), ("-10^2", -100), ("10^(-2)", 0.01), ("3 × 10^2", 300), ("2.5x10^+3", 2500),
    ("[1.2 × 10^-5, 3e-4]", [1.2e-5, 3e-4]), ("[1.2x10^-5 3*10^2]", [1.2e-5, 300]),
    ("[[10^-3, 2 · 10^1], [1, 2]]", [[0.001, 20], [1, 2]]), ("(1 x 10^2, 2)", [100, 2]),
])
def test_powers_of_ten_in_scalars_vectors_and_matrices(text, value):
    assert parse_answer(text) == value


@pytest.mark.parametrize("text, shape", [("16x15x15", [16, 15, 15]), ("2x10", [2, 10]), ("10x10", [10, 10]),
                                         ("3 × 10 × 10", [3, 10, 10])])
def test_a_shape_stays_a_shape_next_to_powers_of_ten(text, shape):
    assert parse_answer(text) == shape


@pytest.mark.parametrize("text", ["10^", "1.2x10^", "1.2 × 10^(-5", "1.2 × 10", "2 × 3^2", "10^1.5", "10^99999",
                                  "1.2.5", "1e-3.5"])
def test_broken_powers_of_ten_are_refused(text):
    verdict = check_answer(text, 1.0)
    assert not verdict.correct and verdict.parsed is None


def test_the_advice_names_both_power_notations():
    message = check_answer("abc", 1.0).message
    assert "-3e-4" in message and "1.2 × 10^-5" in message
