"""The interchange code stays off the start-up path: registering the commands loads
neither genanki nor torch, and no interchange module imports Textual or torch."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

MODULES = ["anki", "anki_fields", "anki_import", "anki_sched", "anki_text", "cardmap", "csv_json", "merge",
           "note_mods", "numeric", "progress", "userdecks"]


def _loaded(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "; print(json.dumps(sorted(sys.modules)))"],
                         capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout.splitlines()[-1]))


def test_command_modules_register_without_heavy_imports():
    loaded = _loaded("import json, sys, argparse; from quizapp.commands import export, import_cmd; "
                     "sub = argparse.ArgumentParser().add_subparsers(); export.register(sub); import_cmd.register(sub)")
    assert not {"anki", "genanki", "torch", "yaml", "quizapp.interchange"} & loaded


@pytest.mark.parametrize("module", MODULES)
def test_interchange_module_imports_no_torch_or_textual(module):
    loaded = _loaded(f"import json, sys, quizapp.interchange.{module}")
    assert "torch" not in loaded and "textual" not in loaded
