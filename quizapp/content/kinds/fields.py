"""Reading one field of a YAML card, reporting a bad value at its line.

The readers a kind names in ``REQUIRED`` and calls for its optional fields;
``problems`` is the loader's collector (anything with ``add(line, message)``),
so every kind words the same mistake the same way.
"""
from __future__ import annotations

from typing import Any


def text(card, key: str, problems) -> str | None:
    """A non-empty string (a number is taken as its text), stripped; None if absent or bad."""
    value = card.get(key)
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        problems.add(card.line_of(key), f"{key}: expected non-empty text")
        return None
    return value.strip()


def text_list(card, key: str, problems) -> tuple[str, ...]:
    """A non-empty list of non-empty texts."""
    value = card.get(key)
    if not isinstance(value, list) or not value:
        problems.add(card.line_of(key), f"{key}: expected a non-empty list")
        return ()
    items = tuple(str(v).strip() for v in value if isinstance(v, (str, int, float)) and str(v).strip())
    if len(items) != len(value):
        problems.add(card.line_of(key), f"{key}: every entry must be non-empty text")
    return items


def plain_data(value: Any) -> Any:
    """The same data as plain ``dict``/``list``, without the YAML loader's types.

    Cards and exercises keep only plain values, so they store in the start-up
    cache without PyYAML and dump back to YAML.
    """
    if isinstance(value, dict):
        return {str(k): plain_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain_data(v) for v in value]
    return value
