"""Hostile decks, for the tests and benchmarks/bench_hostile_decks.py.

An alias bomb, a card template to nest or stretch, and a deck whose text holds
terminal commands with the check that none got through: whatever the path,
what reaches the terminal must be text.
"""
from __future__ import annotations

import re

# OSC 0 (window title), OSC 52 (clipboard), CSI clear screen + home, C1 CSI, BEL,
# backspace, carriage return, DEL: YAML's double-quoted escapes write them.
ESCAPES = r"\e]0;pwned\a \e]52;c;aGVsbG8=\a \e[2J\e[H \x9b31m \a \b \r \x7f"

ESCAPE_DECK = f"""\
deck: esc
title: "Escapes \\e]0;deck title\\a"
cards:
  - id: esc.card
    kind: qa
    level: basic
    source: "{ESCAPES}"
    front: "Front {ESCAPES} end"
    back: "Back {ESCAPES} end"
    more: "More {ESCAPES} end"
"""

# C0 but newline and tab, DEL, C1: what must never reach a terminal.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def controls(text: str) -> list[str]:
    """The control characters in ``text`` (empty when it is safe to print)."""
    return CONTROL.findall(text)


CARD = """\
  - id: bomb.a
    kind: qa
    source: s
    front: f
    back: b
    level: {level}
"""


def alias_bomb() -> str:
    """Nine anchors of nine aliases each: under 800 bytes, 9**9 strings once expanded."""
    lines = ["deck: bomb", 'l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 9):
        lines.append(f"l{n}: &l{n} [" + ",".join([f"*l{n - 1}"] * 9) + "]")
    return "\n".join(lines) + "\ncards:\n" + CARD.format(level="*l8")
