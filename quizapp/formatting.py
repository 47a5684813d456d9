"""Turn engine values and card templates into short, readable terminal text."""
from __future__ import annotations

import re
from typing import Any

# A placeholder takes the spaces before it and a mark after it, which a table on lines of its own drops.
_PLACEHOLDER = re.compile(r"\{\{|\}\}|(?P<before>[ \t]*)\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)\}(?P<after>[.,;]?[ \t]*)")

_PLAIN_DECIMAL = re.compile(r"-?\d+(?:\.\d+)?")


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
    """Numbers, vectors ``[a, b]``, matrices ``[[..], [..]]``, dicts and text, on one line.

    A dict inside a list is bracketed as ``(kernel=3, stride=1)`` so that
    neighbouring entries stay apart (a prompt shows a list of layers as a
    :func:`layer_table` instead).
    """
    if isinstance(value, (int, float)):
        return format_number(value, digits)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(format_value(v, digits, nested=True) for v in value) + "]"
    if isinstance(value, dict):
        text = ", ".join(f"{k}={format_value(v, digits, nested=True)}" for k, v in value.items())
        return f"({text})" if nested else text
    return str(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _on_the_point(numbers: list[str], among: list[str] | None = None) -> list[str]:
    """Written numbers padded to line up on the decimal point with each other, or
    with all of ``among`` (a matrix's columns share its widths): ``-1`` beside
    ``0.25`` reads ``-1.00``, unless one has an exponent (then spaces pad instead)."""
    among = numbers if among is None else among
    whole = max((len(text.partition(".")[0]) for text in among), default=0)
    places = max((len(text.partition(".")[2]) for text in among), default=0)
    parts = [text.partition(".") for text in numbers]
    if all(_PLAIN_DECIMAL.fullmatch(text) for text in among):
        return [f"{left:>{whole}}" + (f".{right:0<{places}}" if places else "") for left, _, right in parts]
    width = max(len(dot + right) for text in among for _, dot, right in [text.partition(".")])
    return [f"{left:>{whole}}{dot + right:<{width}}" for left, dot, right in parts]


_MISSING = object()  # a key this layer lacks: a blank cell


def _is_vector(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(map(_is_number, value))


def _is_matrix(value: Any) -> bool:
    """Rows of numbers, all as long (a ragged one is written as it is)."""
    return isinstance(value, list) and bool(value) and all(map(_is_vector, value)) \
        and len({len(row) for row in value}) == 1


def _column(values: list[Any]) -> list[list[str]]:
    """One key's cells down the table, each as its lines: numbers and vectors a value
    a line (so a layer's ``b`` sits beside the row of ``W`` it is added to), lined
    up on the point down the column; matrices a row a line, their columns all as
    wide; anything else on one line."""
    present = [value for value in values if value is not _MISSING]
    if all(_is_number(v) or _is_vector(v) for v in present):
        cells = [[] if v is _MISSING else [format_number(x) for x in (v if isinstance(v, list) else [v])]
                 for v in values]
        aligned = iter(_on_the_point([text for cell in cells for text in cell]))
        return [[next(aligned) for _ in cell] for cell in cells]
    if all(map(_is_matrix, present)):
        among = [format_number(x) for matrix in present for row in matrix for x in row]
        return [[] if v is _MISSING else
                ["[" + ", ".join(row) + "]" for row in zip(*(_on_the_point([format_number(x) for x in column], among)
                                                            for column in zip(*v, strict=True)), strict=True)]
                for v in values]
    return [[] if v is _MISSING else [format_value(v)] for v in values]


def _is_layer_list(value: Any) -> bool:
    """A list of mappings, such as an MLP's ``layers``: shown as a :func:`layer_table`."""
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def layer_table(layers: list[dict]) -> str:
    """Layers as a small aligned plain-text table, instead of a repr on one line: a
    layer to a row, numbered from 1 as the worked steps number them, and a column
    per key, blank where a layer lacks it (``negative_slope`` beside a tanh)."""
    headers = ["layer", *dict.fromkeys(key for layer in layers for key in layer)]
    columns = [_column(list(range(1, len(layers) + 1)))]
    columns += [_column([layer.get(key, _MISSING) for layer in layers]) for key in headers[1:]]
    widths = [max([len(header), *(len(line) for cell in column for line in cell)])
              for header, column in zip(headers, columns, strict=True)]
    rows = [headers]
    for cells in zip(*columns, strict=True):  # one layer: each column's lines for it
        rows += [[cell[i] if i < len(cell) else "" for cell in cells] for i in range(max(map(len, cells)))]
    return "\n".join(("  " + "  ".join(f"{text:<{width}}" for text, width in zip(row, widths, strict=True))).rstrip()
                     for row in rows)


def template_names(template: str) -> tuple[set[str], bool]:
    """The ``{name}`` placeholders :func:`render_prompt` fills in ``template``, and whether a
    brace is left over (a lone ``{`` or ``}``: a typo, as a brace is written ``{{``)."""
    names = {m.group("name") for m in _PLACEHOLDER.finditer(template) if m.group("name")}
    rest = _PLACEHOLDER.sub("", template)
    return names, "{" in rest or "}" in rest


def render_prompt(template: str, params: dict) -> str:
    """Fill ``{name}`` placeholders from the parameters; ``{{``/``}}`` are braces.

    A list of layers becomes a :func:`layer_table` on lines of its own, in
    place of the spaces before it and the mark after it (the sentence goes on
    below). Unknown names are left as written so that a typo shows up in the
    card instead of crashing a review.
    """

    def fill(match: re.Match) -> str:
        token, name = match.group(0), match.group("name")
        if name is None:
            return token[0]  # {{ or }}
        if name not in params:
            return token
        value = params[name]
        if _is_layer_list(value):
            return f"\n{layer_table(value)}\n"
        return f"{match.group('before')}{format_value(value)}{match.group('after')}"

    return _PLACEHOLDER.sub(fill, template)
