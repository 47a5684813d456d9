"""Editing a card where it is written: its YAML file at its line, in the learner's editor.

A card in the learner's own decks (the user deck folder, a ``--content`` folder)
is edited in place. A built-in card lives inside the install, read-only in a
real install and part of the source in a checkout, and so does a card of any
file the learner cannot write: it is first copied into the learner's own deck
folder, into ``<deck>.yaml`` there, a file of ``overrides: true``
(:mod:`quizapp.content.overrides`) that holds only the cards they changed. The
copy keeps the card's id, so its review history stays, and its text exactly as
written (block scalars, comments), only re-indented. A card copied before is not
copied twice: its copy is opened again, even while that file has an error, so
the learner's unfinished edit is where they left it.

The editor is ``$VISUAL``, else ``$EDITOR``, else ``vi``, run as ``EDITOR +LINE
FILE``: vi, vim, neovim, nano, emacs, micro and kakoune all read ``+LINE``.
"""
from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from quizapp.atomic_file import write_atomically
from quizapp.content.cards import Card
from quizapp.errors import ContentError, QuizError

INDENT = "  - "  # how each card of a copy file starts
HEADER = """\
# Your own versions of built-in cards of the deck {deck!r}, copied here
# to edit them (e in Browse, or after an answer is shown). Each card below
# replaces the card of its id in that deck and keeps its review history;
# delete a card here to get the built-in one back.
deck: {deck}
overrides: true
cards:
"""


@dataclass(frozen=True)
class Where:
    """A file and a line in it (1-based) to open the editor at."""

    path: Path
    line: int


def is_builtin(card: Card, builtin_dir: Path) -> bool:
    return Path(card.path).resolve().is_relative_to(builtin_dir.resolve())


def needs_copy(card: Card, builtin_dir: Path) -> bool:
    """Whether the card must be copied into the learner's own decks before editing."""
    return is_builtin(card, builtin_dir) or not os.access(card.path, os.W_OK)


def location(card: Card) -> Where:
    return Where(Path(card.path), max(card.line, 1))


def copy_target(card: Card, user_dir: Path) -> Path:
    return user_dir / f"{card.deck}.yaml"


def not_copyable(card: Card) -> str | None:
    """Why ``card`` cannot be copied to edit it, or None: an exercise's card is built
    from its exercise file, which an overrides deck cannot replace."""
    from quizapp.content.library import EXERCISE_DECK

    if card.deck != EXERCISE_DECK:
        return None
    return (f"{card.id} is a built-in coding exercise: those are not copied;"
            " write your own in an exercises/ folder of a --content folder")


def copy_card(card: Card, user_dir: Path) -> Where:
    """Copy ``card`` into its copy file in ``user_dir`` (made when missing) and say
    where the copy starts; a card copied before is found, not copied again."""
    from quizapp.content.deck import load_deck

    refusal = not_copyable(card)
    if refusal:
        raise QuizError(refusal)
    target = copy_target(card, user_dir)
    before = target.read_text(encoding="utf-8") if target.exists() else None
    if before is not None:
        found = _line_of_id(before, card.id)
        if found is not None:
            return Where(target, found)
    text = before if before is not None else HEADER.format(deck=card.deck)
    text += "" if text.endswith("\n") else "\n"
    start = text.count("\n") + 1
    _write(target, text + card_text(card))
    copied, errors = load_deck(target)
    if errors or copied is None or card.id not in {c.id for c in copied.cards}:
        _put_back(target, before)
        reason = errors[0] if errors else f"{card.id} did not load from the copy"
        raise QuizError(f"{card.id} was not copied: {reason}")
    return Where(target, start)


def card_text(card: Card) -> str:
    """The card's YAML item as written in its file, re-indented to start ``  - ``."""
    import yaml

    source = Path(card.path).read_text(encoding="utf-8")
    lines = source.splitlines()
    items = _card_items(yaml.compose(source, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
    for index, item in enumerate(items):
        if _id_of(item) == card.id:
            first = item.start_mark.line
            last = items[index + 1].start_mark.line if index + 1 < len(items) else _end_line(item)
            block = lines[first:last]
            while block and not block[-1].strip():
                block.pop()
            return _reindent(block, item.start_mark.column)
    raise ContentError(card.path, card.line, f"card {card.id!r} is no longer in this file; reload the decks")


def editor_command(where: Where, environ: Mapping[str, str] = os.environ) -> list[str]:
    """The learner's editor (:func:`quizapp.study.own_editor.editor_command`) at ``where``."""
    from quizapp.study.own_editor import editor_command as own_editor

    try:
        return [*own_editor(environ), f"+{where.line}", str(where.path)]
    except ValueError as e:
        raise QuizError(f"cannot read VISUAL/EDITOR ({e})") from None


def run_editor(command: list[str], *, attached: bool) -> int:
    """Run the editor and wait for it; its exit status. ``attached``: it has the
    terminal (the app is suspended); otherwise it runs with no terminal at all,
    which only an editor that needs none (a GUI one with a wait flag, a script) can use."""
    stream = None if attached else subprocess.DEVNULL  # None: the terminal the app had
    try:
        return subprocess.run(command, check=False, stdin=stream, stdout=stream, stderr=stream).returncode
    except OSError as e:
        raise QuizError(f"cannot start the editor {command[0]!r} ({e.strerror or e});"
                        " set VISUAL or EDITOR to the editor you use") from None


def problems_in(path: Path, errors: list[ContentError]) -> list[ContentError]:
    """The problems a load found in the file at ``path``."""
    resolved = path.resolve()
    return [e for e in errors if Path(e.path).resolve() == resolved]


def _card_items(root) -> list:
    """The item nodes of the file's ``cards:`` list."""
    import yaml

    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if isinstance(key, yaml.ScalarNode) and key.value == "cards" and isinstance(value, yaml.SequenceNode):
                return list(value.value)
    return []


def _id_of(item) -> str | None:
    import yaml

    if isinstance(item, yaml.MappingNode):
        for key, value in item.value:
            if isinstance(key, yaml.ScalarNode) and key.value == "id" and isinstance(value, yaml.ScalarNode):
                return value.value
    return None


def _end_line(item) -> int:
    """The line after the item's last (0-based, exclusive)."""
    mark = item.end_mark
    return mark.line + (1 if mark.column else 0)


def _reindent(block: list[str], column: int) -> str:
    """Move the item from ``column`` to after ``INDENT``, its inner indentation kept."""
    shift = len(INDENT) - column
    out = [INDENT + block[0][column:]]
    for line in block[1:]:
        spaces = len(line) - len(line.lstrip(" "))
        out.append(" " * shift + line if shift >= 0 else line[min(spaces, -shift):])
    return "\n".join(out) + "\n"


def _line_of_id(text: str, card_id: str) -> int | None:
    """The line of ``id: card_id`` in a copy file (read as text: it may not parse now)."""
    pattern = re.compile(rf"^\s*(?:-\s+)?id:\s*[\"']?{re.escape(card_id)}[\"']?\s*(?:#.*)?$")
    return next((n for n, line in enumerate(text.splitlines(), 1) if pattern.match(line)), None)


def _write(path: Path, text: str) -> None:
    try:
        write_atomically(path, text, durable=True)
    except OSError as e:
        raise QuizError(f"{path}: cannot write the copy ({e.strerror or e})") from None


def _put_back(path: Path, before: str | None) -> None:
    if before is None:
        path.unlink(missing_ok=True)
    else:
        path.write_text(before, encoding="utf-8")
