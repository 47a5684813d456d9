"""How close a typed real must be to the engine's value, and the line that says so.

The rule and its description live together so that what the prompt promises is
what the checker accepts:

- an integer answer (a count, a size, a shape, an index) must be exact;
- a card with ``decimals: d`` accepts any answer within half a unit in the d-th
  decimal place, so every hand rounding to d places (half up, half even, half
  down: they differ only on a 5) is right;
- otherwise an answer within half a unit in the third significant figure of the
  expected value is right: every rounding of it to 3 or more figures passes,
  fewer figures (0.04 for 0.041234) or a wrong third figure do not.

The default is a tolerance, not "equal after both are rounded to 3 figures":
that rule would refuse 0.0412 for 0.04125 (stored as 0.0412500000000000019…, so
it rounds up) and the more precise 0.04125 for 0.041249, because two values
either side of a 5 round apart however close they are.
Standard library only: this runs at start-up, before torch is loaded.
"""
from __future__ import annotations

from decimal import Decimal

SIGNIFICANT_FIGURES = 3


def precision_line(decimals: int | None, exact: bool) -> str:
    """The sentence shown under a numeric prompt: how precise an answer must be.

    ``exact`` says the answer is a whole number (it wins over ``decimals``,
    because an integer answer is never rounded).
    """
    if exact:
        return "Exact integer answer."
    if decimals is None:
        return f"{SIGNIFICANT_FIGURES} significant figures are enough."
    if decimals == 0:
        return "Answer to the nearest whole number."
    return f"Answer to {decimals} decimal place{'s' if decimals != 1 else ''}."


ZERO_FLOOR = 1e-6  # an expected 0 (nothing to take figures of) accepts |answer| ≤ 1e-6
NOISE_FLOOR = 1e-6  # relative to the largest entry: float noise (5e-17 for 0) beside it is ignored
SLACK = 1e-13  # relative: a hand rounding exactly on a half is not lost to float error (a few hundred ulps)


def _half_unit_in_figure(value: float, figures: int) -> float:
    """Half a unit in the ``figures``-th significant figure of ``value`` (0 for 0).
    The exponent comes from the exact decimal value, not log10, which can be off
    by one next to a power of ten."""
    if value == 0:
        return 0.0
    return 0.5 * 10.0 ** (Decimal(abs(value)).adjusted() - figures + 1)


def tolerance(expected: float, decimals: int | None, scale: float) -> float:
    """How far a typed real may be from ``expected`` (see the module docstring).

    Figures need floors that decimal places do not: an expected 0 has no
    figures, so it accepts ``ZERO_FLOOR``; and ``scale``, the largest magnitude
    in the whole answer, gives a vector's entries a shared ``NOISE_FLOOR · scale``,
    so 0 is right for a 5e-17 next to 0.6, while a lone tiny answer
    (0.25²⁰ ≈ 9e-13) is still judged by its own figures and 0 does not match it.
    """
    if decimals is not None:
        allowed = 0.5 * 10.0 ** -decimals
    else:
        floor = NOISE_FLOOR * scale if scale else ZERO_FLOOR
        allowed = max(_half_unit_in_figure(expected, SIGNIFICANT_FIGURES), floor)
    return allowed + SLACK * (allowed + abs(expected))
