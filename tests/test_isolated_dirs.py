"""The suite never reads or writes the developer's own config, data or cache."""
from __future__ import annotations

import os
import pwd
import subprocess
import sys
from pathlib import Path

import pytest

from quizapp import computed_cache, paths
from quizapp.grading import expected_cache

REAL_HOME = Path(pwd.getpwuid(os.getuid()).pw_dir)
CACHE_AT_COLLECTION = computed_cache.folder("expected")  # module-level code runs before any fixture


def test_default_dirs_are_the_tests_own(isolated_user_dirs):
    assert not any(name.startswith("QUIZAPP_") for name in os.environ)
    assert paths.config_file().is_relative_to(isolated_user_dirs)
    assert paths.data_dir().is_relative_to(isolated_user_dirs)
    assert Path.home() == isolated_user_dirs / "home"
    assert not expected_cache.default_dir().is_relative_to(REAL_HOME)


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


@pytest.fixture(scope="session")
def cache_of_a_session_fixture() -> Path:
    """Session fixtures are set up before the autouse function fixture of their first test."""
    return computed_cache.folder("expected")


def test_collection_and_session_fixtures_use_the_tests_cache_too(cache_of_a_session_fixture):
    """A session-scoped grader computed its cache folder before the per-test dirs existed and
    wrote the developer's ~/.cache; and collection-time code (decks loaded at import) read it."""
    for folder in (CACHE_AT_COLLECTION, cache_of_a_session_fixture):
        assert not folder.is_relative_to(REAL_HOME), folder
        assert folder == expected_cache.default_dir()  # one cache per worker: subprocesses find it warm
