"""The suite never reads or writes the developer's own config, data or cache."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from quizapp import paths
from quizapp.grading import expected_cache


def test_default_dirs_are_the_tests_own(isolated_user_dirs, tmp_path_factory):
    assert not any(name.startswith("QUIZAPP_") for name in os.environ)
    assert paths.config_file().is_relative_to(isolated_user_dirs)
    assert paths.data_dir().is_relative_to(isolated_user_dirs)
    assert Path.home() == isolated_user_dirs / "home"
    assert expected_cache.default_dir().is_relative_to(tmp_path_factory.getbasetemp())


def test_a_subprocess_inherits_them(isolated_user_dirs):
    code = "from quizapp import paths; print(paths.config_file()); print(paths.data_dir())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert all(Path(line).is_relative_to(isolated_user_dirs) for line in out.stdout.splitlines())


@pytest.mark.parametrize("run", [1, 2])
def test_each_test_has_fresh_dirs(isolated_user_dirs, run):
    """What one run writes, the next never sees."""
    assert not paths.config_file().exists() and not paths.data_dir().exists()
    paths.config_file().parent.mkdir(parents=True)
    paths.config_file().write_text("new_per_day = 3\n", encoding="utf-8")
