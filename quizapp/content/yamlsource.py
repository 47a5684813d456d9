"""Read YAML content files safely, keeping line numbers for error messages.

Only PyYAML's SafeLoader is used, so tags that would construct Python objects
are refused. Mappings come back as :class:`LineDict`, which remembers the line
of the mapping and of each key, so validators can say ``path:line: message``.

A content file is data written by people, and some arrive from elsewhere (an
import, a shared folder), so the loader also bounds what a file can cost before
anything is built from it: its size, its line length, its nesting depth, and no
aliases at all. An alias reuses a node, so nine anchors of nine aliases each is
a 742-byte file that expands into 9**9 strings the moment anything prints or
copies the value (88 s and 3.5 GB for one error message). Every string also
passes through :func:`quizapp.safetext.visible`, so a card cannot carry terminal
commands; each string changed that way is a warning at its line.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from yaml.nodes import MappingNode, SequenceNode

from quizapp.errors import ContentError
from quizapp.regular_file import read_regular
from quizapp.safetext import first_control, visible

MAX_BYTES = 2 << 20  # 2 MiB: sixty times the largest built-in deck
MAX_LINE = 20_000  # characters; the built-in decks stay under 400
MAX_DEPTH = 32  # the built-in content nests at most 9 deep (mlp layers of matrices)


class LineDict(dict):
    """A dict that knows the 1-based line of itself and of each of its keys."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A list that knows the 1-based line of each of its items, so an item that is
    not a mapping (a stray string where a card should be) can still be located."""

    item_lines: list

    def line_at(self, index: int) -> int:
        return self.item_lines[index]


# libyaml's parser when present (several times faster on start-up); the
# constructor is SafeConstructor either way.
if TYPE_CHECKING:
    _SafeBase = yaml.SafeLoader
else:
    _SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeBase):
    """Safe loader that records lines (of mappings, their keys and list items), rejects
    duplicate keys and makes control characters visible (each string so changed is
    kept in ``warnings``)."""

    def __init__(self, text: str, path: Path):
        super().__init__(text)
        self.path = path
        self.warnings: list[ContentError] = []

    def construct_text(self, node):
        text = self.construct_scalar(node)
        control = first_control(text)
        if control is None:
            return text
        self.warnings.append(ContentError(
            self.path, node.start_mark.line + 1,
            f"control character {control} in text: shown as a symbol, never sent to the terminal"))
        return visible(text)

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

    def construct_line_list(self, node):
        items = LineList(self.construct_sequence(node, deep=True))
        items.item_lines = [child.start_mark.line + 1 for child in node.value]
        return items


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _LineLoader.construct_mapping
)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _LineLoader.construct_line_list)
_LineLoader.add_constructor("tag:yaml.org,2002:str", _LineLoader.construct_text)


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


def _read_text(path: Path) -> str:
    """The file as text, reading at most :data:`MAX_BYTES` + 1 bytes (so a 100 MB
    file costs nothing to refuse; a FIFO or device is refused unread)."""
    try:
        raw = read_regular(path, MAX_BYTES + 1)
    except OSError as e:
        raise ContentError(path, None, f"cannot read: {e.strerror or e}") from None
    if len(raw) > MAX_BYTES:
        raise ContentError(path, None, f"larger than {MAX_BYTES >> 20} MiB; a deck is a few dozen KB"
                                       " (split it into several decks)")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise ContentError(
            path, line, f"not valid UTF-8 (byte 0x{raw[e.start]:02x}); save the file as UTF-8"
        ) from None


def _check_lines(path: Path, text: str) -> None:
    """Tabs in indentation (YAML refuses them, with a worse message) and overlong lines."""
    for number, line in enumerate(text.splitlines(), 1):
        if len(line) > MAX_LINE:
            raise ContentError(path, number, f"line is {len(line):,} characters long (at most {MAX_LINE:,});"
                                             " spread long text over several lines with `>`")
        if line[: len(line) - len(line.lstrip(" \t"))].count("\t"):
            raise ContentError(path, number, "tab used for indentation; YAML needs spaces")


def _alias_line(text: str) -> int | None:
    """The line of the first alias. Only the error path pays for this second parse;
    events hold no expanded values, so it stays as cheap as the first."""
    for event in yaml.parse(text, Loader=_SafeBase):
        if isinstance(event, yaml.AliasEvent):
            return None if event.start_mark is None else event.start_mark.line + 1
    return None


def _check_shape(path: Path, text: str, root) -> None:
    """Refuse aliases and deep nesting in the composed node graph, before any value
    is built: an alias is a node reached twice (the walk visits each node once, so
    a bomb costs no more than its text), and nesting beyond :data:`MAX_DEPTH` would
    only serve to overflow the recursive constructor."""
    seen: set[int] = set()
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            raise ContentError(path, _alias_line(text),
                               "YAML aliases (*name) are not allowed in content files; write the value out")
        seen.add(id(node))
        if depth > MAX_DEPTH:
            raise ContentError(path, node.start_mark.line + 1, f"nested more than {MAX_DEPTH} levels deep")
        if isinstance(node, MappingNode):
            stack.extend((child, depth + 1) for pair in node.value for child in pair)
        elif isinstance(node, SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)


def load_yaml(path: str | Path):
    """Parse one YAML file, raising ContentError with ``path:line`` on any problem."""
    return load_yaml_with_warnings(path)[0]


def load_yaml_with_warnings(path: str | Path) -> tuple[object, list[ContentError]]:
    """:func:`load_yaml` plus the warnings: strings whose control characters were
    made visible (the file still loads; ``content check`` shows where)."""
    path = Path(path)
    text = _read_text(path)
    _check_lines(path, text)
    loader = _LineLoader(text, path)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, []
        _check_shape(path, text, node)
        return loader.construct_document(node), loader.warnings
    except yaml.YAMLError as e:
        raise ContentError(path, _mark_line(e), _describe(e)) from None
    except RecursionError:  # PyYAML's pure-Python composer, without libyaml's depth limit
        raise ContentError(path, None, f"nested more than {MAX_DEPTH} levels deep") from None
    finally:
        loader.dispose()
