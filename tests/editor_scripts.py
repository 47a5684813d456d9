"""Real editor processes for the $EDITOR hand-off tests: small executable Python scripts."""
from __future__ import annotations

import sys


def editor_script(folder, name: str, does: str):
    """An executable editor: Python that ``does`` something to ``p``, the file it is given."""
    script = folder / name
    script.write_text(f"#!{sys.executable}\nimport sys, pathlib\np = pathlib.Path(sys.argv[-1])\n{does}\n")
    script.chmod(0o755)
    return script
