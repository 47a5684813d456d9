"""Untrusted text made safe for a terminal: every control character shown, none obeyed.

Text from decks, import files and the learner's own programs can hold terminal
commands: ESC sequences (OSC 0 sets the window title, OSC 52 writes the
clipboard, CSI 2 J clears the screen), C1 controls (U+009B is a one-character
CSI), BEL, backspace, or a bare carriage return that overwrites what was printed.
:func:`visible` swaps each for one printable stand-in (ESC becomes ``␛``, BEL
``␇``, DEL ``␡``, a C1 control ``�``), so the reader sees that something was there
and the terminal receives only text. Newline and tab stay; ``\\r\\n`` becomes
``\\n``. One character for one keeps the styles of a Rich ``Text`` in place.
Rich markup is a different matter and stays text too (widgets and ``Text`` are
built with markup off).

It is applied at both ends, on purpose:

- where text enters, in the YAML loader (so decks, exercises and imported decks,
  which are written as YAML and read back): cards are stored, cached, searched
  and exported clean, and ``content check`` can point at the ``path:line``;
- where untrusted text leaves, in the CLI's card listing, grading output and every
  message on stderr (:func:`say`: file and deck names are untrusted too) and
  in the TUI's card and output widgets: text that never went through the
  loader (a learner's program output and error messages, answers merged from
  an imported review log, a content cache written by an older version) is
  covered too, and a future path that forgets the first end is still safe.
"""
from __future__ import annotations

import re
import sys

_CONTROLS = [c for c in (*range(0x20), 0x7F, *range(0x80, 0xA0)) if c not in (0x09, 0x0A)]
_CONTROL = re.compile("[" + re.escape("".join(map(chr, _CONTROLS))) + "]")
# Unicode's "control pictures" for C0 (␀ … ␟) and DEL (␡); C1 has none, so U+FFFD.
_STAND_INS = {c: chr(0x2400 + c) if c < 0x20 else "\u2421" if c == 0x7F else "\ufffd" for c in _CONTROLS}


def visible(text: str) -> str:
    """``text`` with every control character but newline and tab made visible."""
    if not _CONTROL.search(text):
        return text
    return text.replace("\r\n", "\n").translate(_STAND_INS)


def say(message: str) -> None:
    """``quizapp: message`` on stderr, made :func:`visible`: the one way the command line
    tells the user something beside its output (errors, warnings, notes)."""
    print(f"quizapp: {visible(message)}", file=sys.stderr)


def first_control(text: str) -> str | None:
    """The first control character of ``text`` as ``U+001B``, or None: for warnings."""
    found = _CONTROL.search(text.replace("\r\n", "\n"))
    return f"U+{ord(found.group()):04X}" if found else None


def visible_data(value):
    """``value`` (JSON-shaped) with every string in it :func:`visible`: ``--json``
    output is read by programs that may print the strings, so it is cleaned as
    data rather than as the JSON text (which escapes C0 but passes C1 through)."""
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, dict):
        return {visible_data(k): visible_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [visible_data(v) for v in value]
    return value
