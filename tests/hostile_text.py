"""A deck whose text holds terminal commands, and the check that none got through.

Used by the loader, CLI and TUI tests of :mod:`quizapp.safetext`: whatever the
path, what reaches the terminal must be text.
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
