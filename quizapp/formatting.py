"""Turn engine values and card templates into short, readable terminal text."""
from __future__ import annotations

import re
from typing import Any

_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}")


def format_number(value: float | int, digits: int = 4) -> str:
    """Integers as they are; reals without float noise: ``digits`` decimals from 1
    up, ``digits`` significant digits below 1 (so 0.00034567 stays 0.0003457),
    scientific notation outside [1e-4, 1e6)."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return str(value)
    if value != 0 and (abs(value) >= 1e6 or abs(value) < 1e-4):
        return f"{value:.{digits}e}"
    text = f"{value:.{max(digits, 1)}g}" if abs(value) < 1 else f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_value(value: Any, digits: int = 4, nested: bool = False) -> str:
    """Numbers, vectors ``[a, b]``, matrices ``[[..], [..]]``, dicts and text.

    A dict inside a list (a layer of ``layers``) is bracketed as
    ``(kernel=3, stride=1)`` so that neighbouring entries stay apart.
    """
    if isinstance(value, (int, float)):
        return format_number(value, digits)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(format_value(v, digits, nested=True) for v in value) + "]"
    if isinstance(value, dict):
        text = ", ".join(f"{k}={format_value(v, digits, nested=True)}" for k, v in value.items())
        return f"({text})" if nested else text
    return str(value)


def render_prompt(template: str, params: dict) -> str:
    """Fill ``{name}`` placeholders from the parameters; ``{{``/``}}`` are braces.

    Unknown names are left as written so that a typo shows up in the card
    instead of crashing a review.
    """

    def fill(match: re.Match) -> str:
        token = match.group(0)
        if token in ("{{", "}}"):
            return token[0]
        name = match.group(1)
        return format_value(params[name]) if name in params else token

    return _PLACEHOLDER.sub(fill, template)
