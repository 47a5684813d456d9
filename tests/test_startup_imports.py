"""Start-up stays light: no torch anywhere on it, no Textual outside quizapp.tui."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

DOMAIN = [
    "quizapp.cli", "quizapp.context", "quizapp.config", "quizapp.content.deck", "quizapp.content.cards",
    "quizapp.study.review", "quizapp.store.database", "quizapp.study.srs", "quizapp.study.session",
    "quizapp.study.counts",
    "quizapp.formatting", "quizapp.grading.answers", "engines",
]


def loaded_after_import(module: str) -> set[str]:
    code = f"import json, sys, {module}; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout))


@pytest.mark.parametrize("module", DOMAIN)
def test_domain_imports_neither_torch_nor_textual(module):
    loaded = loaded_after_import(module)
    assert "torch" not in loaded
    assert not any(name == "textual" or name.startswith("textual.") for name in loaded)


def test_tui_start_path_imports_no_torch():
    loaded = loaded_after_import("quizapp.tui.app, quizapp.tui.home, quizapp.tui.study, quizapp.commands.home")
    assert "textual" in loaded and "torch" not in loaded


def test_building_the_command_line_imports_no_torch():
    code = ("import json, sys; from quizapp.cli import build_parser; build_parser();"
            " print(json.dumps(sorted(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "torch" not in json.loads(out.stdout)


def test_a_cached_start_loads_neither_pyyaml_nor_sqlite_utils(tmp_path):
    """The usual launch: decks from the content cache, a database already at the
    current schema. PyYAML only parses decks and sqlite-utils only builds tables,
    and each would add 10-40 ms before the first frame."""
    code = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from quizapp.content.cache import load_cached\n"
        "from quizapp.paths import builtin_content_dir\n"
        "from quizapp.store.database import Store\n"
        f"data = Path({str(tmp_path)!r})\n"
        "library, exercises = load_cached([builtin_content_dir()], data / 'cache')\n"
        "assert library.decks and exercises\n"
        "Store.open(data / 'quizapp.db').close()\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert {"yaml", "sqlite_utils"} <= set(json.loads(first.stdout))  # parsed and created
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert not {"yaml", "sqlite_utils"} & set(json.loads(again.stdout))
