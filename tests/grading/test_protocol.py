"""The result protocol treats the worker's lines as untrusted: forged, oversized
or malformed records are rejected (the verdict ``crashed``), never an error or a
huge allocation in the app."""
from __future__ import annotations

import json

import pytest

from quizapp.grading import protocol
from quizapp.grading.cases import decode


def lines(*records) -> bytes:
    return b"".join((r if isinstance(r, bytes) else json.dumps(r).encode()) + b"\n" for r in records)


GOOD = [{"case": 0, "value": {"__nd__": [[1.0, 2.0]], "dtype": "float64", "shape": [1, 2]}},
        {"case": 1, "value": {"__tuple__": [3, {"__nd__": 1.5, "dtype": "float32", "shape": []}]}},
        {"case": 2, "error": "Traceback..."}, {"done": True}]


def test_valid_records_pass_through_and_decode():
    parsed = protocol.parse(lines(*GOOD), 3)
    assert parsed.problem == "" and len(parsed.records) == 4
    assert decode(parsed.records[0]["value"]).shape == (1, 2)


FORGED = {
    "a 2 GB string dtype in a 100-byte line": {"case": 0,
                                               "value": {"__nd__": [1], "dtype": "S2000000000", "shape": [1]}},
    "a void dtype": {"case": 0, "value": {"__nd__": [1], "dtype": "V1000000000", "shape": [1]}},
    "a shape far larger than the data": {"case": 0, "value": {"__nd__": [1.0], "dtype": "float64",
                                                              "shape": [100000, 100000]}},
    "data not matching the shape": {"case": 0, "value": {"__nd__": [[1.0], [2.0, 3.0]], "dtype": "float64",
                                                         "shape": [2, 1]}},
    "an int out of its dtype's range": {"case": 0, "value": {"__nd__": [300], "dtype": "int8", "shape": [1]}},
    "a string in a float array": {"case": 0, "value": {"__nd__": ["x"], "dtype": "float64", "shape": [1]}},
    "a load_error that is not text": {"load_error": {"lines": ["x"]}},
    "a load_error too long": {"load_error": "x" * (protocol.MAX_TEXT + 1)},
    "an unknown record": {"passed": True},
    "extra keys": {"case": 0, "value": 1, "verdict": "passed"},
    "a case that was not asked for": {"case": 7, "value": 1},
    "a case index that is a bool": {"case": True, "value": 1},
    "an unknown tag": {"case": 0, "value": {"__pickle__": "..."}},
    "done that is not true": {"done": 1},
}


@pytest.mark.parametrize("name", sorted(FORGED))
def test_forged_records_are_rejected(name):
    parsed = protocol.parse(lines(FORGED[name], {"done": True}), 3)
    assert parsed.problem and parsed.records == []


@pytest.mark.parametrize("raw", [
    b"not json\n", b"[" * 100_000 + b"\n", b"\xff\xfe\n", b'{"case": 0, "value": ' + b"9" * 5000 + b"}\n",
    lines({"case": 0, "value": 1}, {"case": 0, "value": 2}),  # twice
    lines({"done": True}, {"case": 0, "value": 1}),  # after the end
    lines([1, 2, 3]),
])
def test_malformed_lines_are_rejected(raw):
    assert protocol.parse(raw, 3).problem


def test_too_many_numbers_are_rejected_without_building_them():
    big = {"case": 0, "value": [0.0] * (protocol.MAX_ELEMENTS + 1)}
    assert "numbers" in protocol.parse(lines(big), 1).problem
    assert protocol.parse(b"x" * (protocol.RESULT_LIMIT + 1), 1).problem


def test_a_huge_integer_is_not_compared_but_not_malformed():
    parsed = protocol.parse(lines({"case": 0, "value": 10 ** 100}, {"done": True}), 1)
    assert parsed.problem == "" and "__unsupported__" in parsed.records[0]["value"]
