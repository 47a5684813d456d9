"""Small shared pieces for the engine tests: solving on CPU and number strategies."""
from __future__ import annotations

from hypothesis import strategies as st

from engines import get_engine


def solve(name: str, params: dict, device: str = "cpu"):
    return get_engine(name).solve(params, device)


def dec(lo: float = -2.0, hi: float = 2.0):
    """One-decimal numbers, like the exercises use."""
    return st.integers(round(lo * 10), round(hi * 10)).map(lambda v: v / 10)


def vec(n: int, lo: float = -2.0, hi: float = 2.0):
    return st.lists(dec(lo, hi), min_size=n, max_size=n)


def mat(rows: int, cols: int, lo: float = -2.0, hi: float = 2.0):
    return st.lists(vec(cols, lo, hi), min_size=rows, max_size=rows)
