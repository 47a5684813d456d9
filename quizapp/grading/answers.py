"""Read a typed numeric answer and judge it against the engine's value.

A small hand-written parser (never ``eval``) accepts what people type:
integers, decimals, powers of ten (``1.2e-5``, ``1.2 × 10^-5``, ``1.2x10^-5``,
``1.2*10^-5``, ``1.2 · 10^(-5)``, ``10^-3``), fractions ``a/b``, vectors and
matrices in brackets (commas or spaces), and shapes ``16x15x15`` /
``16×15×15`` / ``(16, 15, 15)``. Integers (and lists of them, e.g. shapes)
must match exactly; reals to 3 significant figures, or to the decimal places
the card asks for (the rule is in :mod:`quizapp.grading.precision`). A wrong
answer matching a known slip gets that slip's hint.
Standard library only: grading must not wait for torch.
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from quizapp.grading.precision import tolerance

_MANTISSA = r"(?:\d+(?:\.\d*)?|\.\d+)"
# "× 10^k" is told apart from the shape separator x by the "10^" after it.
_TIMES = r"\s*[x×X*·⋅]\s*"
_POWER = r"10\s*\^\s*(?:\(\s*[+-]?\d+\s*\)|[+-]?\d+)"
# A number ends where a digit or point cannot follow: "10^1.5" and "1.2.5" are typos, not two numbers.
_NUMBER = rf"[+-]?(?:{_POWER}|{_MANTISSA}(?:[eE][+-]?\d+|{_TIMES}{_POWER})?)(?![\d.])"
_WRITTEN_POWER = re.compile(rf"\s*(?P<sign>[+-]?)(?:(?P<mantissa>{_MANTISSA}){_TIMES})?"
                            rf"10\s*\^\s*\(?\s*(?P<exp>[+-]?\d+)\s*\)?\s*")
_TOKEN = re.compile(rf"\s*(?:(?P<num>{_NUMBER}(?:\s*/\s*{_NUMBER})?)|(?P<punct>[\[\]\(\),]))")
_SHAPE = re.compile(r"^\s*\d+(?:\s*[x×X*]\s*\d+)+\s*$")
_THOUSANDS = re.compile(r"^\s*-?\d{1,3}(?:,\d{3})+\s*$")
_CLOSE = {"[": "]", "(": ")"}


class AnswerSyntaxError(ValueError):
    """The text is not a number, vector, matrix or shape. The message says what in
    particular is wrong; it is empty when nothing at the start reads as a number at
    all (then the forms the card takes, :func:`accepted_forms`, say everything)."""


@dataclass(frozen=True)
class Verdict:
    correct: bool
    message: str
    parsed: Any = None
    hint: str | None = None


# --- parsing ------------------------------------------------------------------

MAX_EXPONENT = 400  # beyond float range anyway; Fraction would build 10**N exactly (slow)
MAX_DIGITS = 400


def _e_notation(text: str) -> str:
    """``1.2 × 10^-5`` (or ``10^-5``) as ``1.2e-5``, so the rest reads one notation."""
    m = _WRITTEN_POWER.fullmatch(text)
    return f"{m['sign']}{m['mantissa'] or '1'}e{m['exp']}" if m else text


def _number(text: str) -> int | float:
    text = "/".join(_e_notation(part) for part in text.split("/"))
    exponent = re.search(r"[eE][+-]?(\d+)", text)
    if (exponent and int(exponent.group(1)) > MAX_EXPONENT) or len(re.sub(r"\D", "", text)) > MAX_DIGITS:
        raise AnswerSyntaxError("too long or too large")
    if "/" in text:
        top, bottom = (Fraction(part.strip()) for part in text.split("/"))
        if bottom == 0:
            raise AnswerSyntaxError("division by zero in a fraction")
        ratio = top / bottom
        return int(ratio) if ratio.denominator == 1 else float(ratio)
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    value = float(text)
    if not math.isfinite(value):
        raise AnswerSyntaxError("too large")
    return value


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise AnswerSyntaxError(f"unexpected {text[pos:].strip()[:10]!r}" if pos else "")
        out.append(("num", m["num"]) if m["num"] else ("punct", m["punct"]))
        pos = m.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return out


def _items(tokens: list, pos: int, closer: str | None) -> tuple[list, int]:
    """Parse comma- or space-separated items up to ``closer`` (or the end)."""
    items: list = []
    expect_item, closed = True, closer is None
    while pos < len(tokens):
        kind, text = tokens[pos]
        if kind == "punct" and text == closer:
            closed, pos = True, pos + 1
            break
        if kind == "punct" and text in "])":
            raise AnswerSyntaxError(f"unmatched {text!r}")
        if text == ",":
            if expect_item:
                raise AnswerSyntaxError("a comma with no number before it")
            expect_item, pos = True, pos + 1
            continue
        if kind == "num":
            items.append(_number(text))
            pos += 1
        else:  # an opening bracket
            inner, pos = _items(tokens, pos + 1, _CLOSE[text])
            if not inner:
                raise AnswerSyntaxError("empty brackets")
            items.append(inner)
        expect_item = False
    if not closed:
        raise AnswerSyntaxError(f"missing {closer!r}")
    if len({isinstance(i, list) for i in items}) > 1:
        raise AnswerSyntaxError("mixed numbers and lists")
    return items, pos


def parse_answer(text: str) -> Any:
    """A typed answer as an int, a float, or a (nested) list of them."""
    text = text.strip().replace("−", "-")
    if not text:
        raise AnswerSyntaxError("empty answer")
    if _SHAPE.match(text):
        return [int(n) for n in re.split(r"\s*[x×X*]\s*", text.strip())]
    try:
        items, _ = _items(_tokens(text), 0, None)
    except AnswerSyntaxError:
        raise  # a ValueError too, but it already says what is wrong
    except (OverflowError, ValueError) as e:  # e.g. a fraction whose value overflows a float
        raise AnswerSyntaxError(f"cannot use that number ({e})") from None
    if not items:
        raise AnswerSyntaxError("no number found")
    return items[0] if len(items) == 1 else items


# --- comparing ----------------------------------------------------------------

def _unwrap(value: Any) -> Any:
    """[[x]] and [x] compare like x: a 1×1 map or a one-unit layer is a number.
    Applied to the whole answer only, so a column [[1], [2]] is not a row [1, 2]."""
    while isinstance(value, list) and len(value) == 1:
        value = value[0]
    return value


def _scale(value: Any) -> float:
    """The largest magnitude in an answer."""
    if isinstance(value, list):
        return max((_scale(v) for v in value), default=0.0)
    return abs(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0


def _matches(given: Any, expected: Any, decimals: int | None, scale: float) -> tuple[bool, str | None]:
    """Whether ``given`` is within tolerance of ``expected``; a shape complaint if it cannot be."""
    if isinstance(expected, list) or isinstance(given, list):
        if not (isinstance(expected, list) and isinstance(given, list)):
            want = f"{len(expected)} values" if isinstance(expected, list) else "a single number"
            return False, f"expected {want}"
        if len(given) != len(expected):
            return False, f"expected {len(expected)} values, got {len(given)}"
        results = [_matches(g, e, decimals, scale) for g, e in zip(given, expected, strict=True)]
        problem = next((p for _, p in results if p), None)
        return all(ok for ok, _ in results), problem
    if isinstance(expected, bool) or not isinstance(expected, (int, float)):
        return given == expected, None
    if isinstance(expected, int):
        return given == expected, None
    return abs(given - expected) <= tolerance(expected, decimals, scale), None


def _judge(given: Any, expected: Any, decimals: int | None) -> tuple[bool, str | None]:
    given, expected = _unwrap(given), _unwrap(expected)
    return _matches(given, expected, decimals, _scale(expected))


def show_expected(value: Any, decimals: int | None) -> str:
    """The expected answer as the card asks for it: ``decimals`` places when the prompt
    names them (-0.5850 for 4), else six significant figures. The verdict and the
    worked answer both write it so, so a learner can check their digits against it."""
    if isinstance(value, list):
        return "[" + ", ".join(show_expected(v, decimals) for v in value) + "]"
    if isinstance(value, float):
        return f"{value:.{decimals}f}" if decimals is not None else f"{value:.6g}"
    return str(value)


def accepted_forms(expected: Any) -> str:
    """What to type for an answer like ``expected``, as examples, for the message
    that refuses an unreadable answer (the module docstring lists every form)."""
    value = _unwrap(expected)
    if not isinstance(value, list):
        whole = isinstance(value, int) and not isinstance(value, bool)
        return "a whole number like 3136" if whole else "a number like 0.25, -3e-4, 1.2 × 10^-5 or 1/3"
    if any(isinstance(v, list) for v in value):
        return "a matrix, row by row, like [[1, 0.5], [-2, 3]]"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        return "whole numbers like 16x15x15 or [16, 15, 15]"
    return "a list of numbers like [0.25, -3e-4, 1/3]"


def _mistake_fields(mistake: Any) -> tuple[Any, str]:
    if isinstance(mistake, tuple):
        return mistake
    return mistake.value, mistake.hint


def check_answer(given: str, expected: Any, *, decimals: int | None = None,
                 mistakes: Iterable[Any] = ()) -> Verdict:
    """Judge the typed text ``given`` against ``expected`` (number or nested list).

    ``mistakes`` holds objects with ``value`` and ``hint`` (or ``(value, hint)``
    pairs): a wrong answer that matches one gets its hint.
    """
    text = given.strip()
    if isinstance(expected, int) and not isinstance(expected, bool) and _THOUSANDS.match(text):
        text = text.replace(",", "")
    try:
        parsed = parse_answer(text)
    except AnswerSyntaxError as e:
        why = f" ({e})" if str(e) else ""
        return Verdict(False, f"Could not read {given.strip()!r}{why}: type {accepted_forms(expected)}.")
    ok, problem = _judge(parsed, expected, decimals)
    if ok:
        return Verdict(True, f"Correct: {show_expected(expected, decimals)}.", parsed)
    message = f"Not quite: expected {show_expected(expected, decimals)}" + (f" ({problem})." if problem else ".")
    for mistake in mistakes:
        value, hint = _mistake_fields(mistake)
        if _judge(parsed, value, decimals)[0]:
            return Verdict(False, message, parsed, hint)
    return Verdict(False, message, parsed)
