"""The study core must load without Textual or torch (fast start, usable headless)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORE = ["quizapp.clock", "quizapp.study.srs", "quizapp.store.database", "quizapp.store.queries",
        "quizapp.store.migrations", "quizapp.study.session", "quizapp.study.counts"]


def test_core_imports_neither_torch_nor_textual():
    code = ("import sys\n" + "".join(f"import {m}\n" for m in CORE) +
            "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('torch', 'textual'))\n"
            "print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout
