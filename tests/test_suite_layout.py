"""pytest imports test files by basename (tests/ has no packages): keep them unique."""
from __future__ import annotations

from collections import Counter
from pathlib import Path


def test_test_module_names_are_unique():
    names = Counter(p.name for p in Path(__file__).parent.rglob("test_*.py"))
    assert [name for name, n in names.items() if n > 1] == []
