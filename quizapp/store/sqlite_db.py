"""sqlite-utils' ``Database``, imported without pandas and NumPy.

When they are installed (the FSRS optimizer brings pandas), sqlite-utils
imports both at module level just to map their scalar types for inserts:
about 300 ms whenever the schema is created or migrated (a first launch).
The migrations only write plain Python values, so both are hidden while
sqlite-utils loads; either can still be imported normally afterwards.
"""
from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

_OPTIONAL = ("pandas", "numpy")


def _load_database_class() -> type[sqlite_utils.Database]:
    hidden = [name for name in _OPTIONAL if name not in sys.modules]
    for name in hidden:
        # None makes `import name` raise ImportError (typeshed types the values as modules only)
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        from sqlite_utils import Database
    finally:
        for name in hidden:
            if sys.modules.get(name, False) is None:
                del sys.modules[name]
    return Database


Database = _load_database_class()
