"""Every test folder is a package, so test modules are imported by their package path
(``grading.test_cli``), never by a bare basename that another folder might share."""
from __future__ import annotations

import importlib.machinery
import sys
from pathlib import Path

TESTS = Path(__file__).parent
ROOT_HELPERS = {p.stem for p in TESTS.glob("*.py")}


def _test_folders() -> list[Path]:
    return sorted({p.parent for p in TESTS.rglob("*.py")} - {TESTS})


def test_every_test_folder_is_a_package():
    assert [str(d.relative_to(TESTS)) for d in _test_folders() if not (d / "__init__.py").exists()] == []


def test_a_test_package_shadows_no_other_module():
    """tests/ is on sys.path (pythonpath in pyproject.toml): a folder named like an
    installed package, a standard module or a helper next to it would hide it."""
    elsewhere = [p for p in sys.path if Path(p or ".").resolve() != TESTS.resolve()]
    shadowing = []
    for folder in (d for d in _test_folders() if d.parent == TESTS):
        name = folder.name
        if name in ROOT_HELPERS or name in sys.stdlib_module_names:
            shadowing.append(name)
            continue
        spec = importlib.machinery.PathFinder.find_spec(name, elsewhere)
        if spec is not None and spec.loader is not None:  # a namespace folder (content/) hides nothing
            shadowing.append(name)
    assert shadowing == []
