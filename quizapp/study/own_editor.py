"""Hand the code to the learner's own editor ($VISUAL, $EDITOR, else vi) and read it back.

Some learners write faster in their own editor than in a text box. The code
goes to a temporary ``<exercise>.py`` (so the editor highlights Python) and the
file, as the editor leaves it, comes back; the caller puts it in its editor and
keeps it as the draft. Nothing here knows about terminals: the TUI hands the
terminal over around the call (:mod:`quizapp.tui.own_editor`). Every failure
(no such editor, a non-zero exit, a file that cannot be read back) is one
sentence in :attr:`Edited.problem`, never an exception, so the editor screen
says it and goes on.
"""
from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Edited:
    """The file as the editor left it, or why there is nothing to load."""

    text: str | None
    problem: str | None = None


def editor_command(environ: Mapping[str, str]) -> list[str]:
    """VISUAL, else EDITOR, else ``vi``, split as a shell would (``code --wait`` is two words).
    Raises ValueError for a value a shell could not split (an open quote)."""
    for name in ("VISUAL", "EDITOR"):
        value = environ.get(name, "").strip()
        if value:
            return shlex.split(value)
    return ["vi"]


def edit_outside(text: str, file_name: str, environ: Mapping[str, str] = os.environ) -> Edited:
    """Open ``text`` as ``file_name`` in the learner's editor; wait for it to exit."""
    try:
        command = editor_command(environ)
    except ValueError as e:
        return Edited(None, f"Could not read VISUAL/EDITOR ({e}).")
    try:
        with tempfile.TemporaryDirectory(prefix="quizapp-edit-") as folder:
            path = Path(folder) / file_name
            path.write_text(text, encoding="utf-8")
            return _run(command, path)
    except OSError as e:  # no room in the temporary folder
        return Edited(None, f"Could not write the code for your editor ({e}).")


def _run(command: list[str], path: Path) -> Edited:
    try:
        finished = subprocess.run([*command, str(path)], check=False)
    except OSError as e:  # not installed, not executable
        return Edited(None, f"Could not start your editor {command[0]!r} ({e.strerror or e}); "
                            "set VISUAL or EDITOR to one that is installed.")
    if finished.returncode != 0:
        return Edited(None, f"{command[0]} exited with status {finished.returncode}: "
                            "the code in the editor is unchanged.")
    try:
        return Edited(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        return Edited(None, f"Could not read back what your editor saved ({e}).")
