"""The stats domain stays importable without Textual or torch (the CLI path)."""
from __future__ import annotations

import json
import subprocess
import sys


def test_stats_module_imports_neither_textual_nor_torch():
    code = "import json, sys, quizapp.study.stats, quizapp.commands.stats; print(json.dumps(sorted(sys.modules)))"
    loaded = set(json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True,
                                           text=True, check=True).stdout))
    assert "torch" not in loaded
    assert not any(name == "textual" or name.startswith("textual.") for name in loaded)
