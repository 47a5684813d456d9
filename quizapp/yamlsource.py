"""Read YAML content files safely, keeping line numbers for error messages.

Only PyYAML's SafeLoader is used, so tags that would construct Python objects
are refused. Mappings come back as :class:`LineDict`, which remembers the line
of the mapping and of each key, so validators can say ``path:line: message``.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from quizapp.errors import ContentError


class LineDict(dict):
    """A dict that knows the 1-based line of itself and of each of its keys."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


# libyaml's parser when present (several times faster on start-up); the
# constructor is SafeConstructor either way.
_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeBase):
    """Safe loader that records lines and rejects duplicate keys."""

    def construct_mapping(self, node, deep=False):
        seen: dict = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                raise yaml.constructor.ConstructorError(
                    None, None, "mapping keys must be plain scalars", key_node.start_mark
                )
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen[key] = key_node.start_mark.line + 1
        mapping = LineDict(super().construct_mapping(node, deep=True))
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = seen
        return mapping


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _LineLoader.construct_mapping
)


def _mark_line(error: yaml.YAMLError) -> int | None:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    return mark.line + 1 if mark is not None else None


def _describe(error: yaml.YAMLError) -> str:
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    if "could not determine a constructor" in problem or "python/" in problem:
        found = re.search(r"tag '([^']+)'", problem)
        tag = found.group(1).replace("tag:yaml.org,2002:", "!!") if found else "?"
        return f"YAML tag {tag} is not allowed (content files are data only)"
    context = getattr(error, "context", None)
    return f"{context}: {problem}" if context and "duplicate" not in problem else problem


def load_yaml(path: str | Path):
    """Parse one YAML file, raising ContentError with ``path:line`` on any problem."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise ContentError(path, None, f"cannot read: {e.strerror or e}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise ContentError(
            path, line, f"not valid UTF-8 (byte 0x{raw[e.start]:02x}); save the file as UTF-8"
        ) from None
    for number, line in enumerate(text.splitlines(), 1):
        if line[: len(line) - len(line.lstrip(" \t"))].count("\t"):
            raise ContentError(path, number, "tab used for indentation; YAML needs spaces")
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as e:
        raise ContentError(path, _mark_line(e), _describe(e)) from None
