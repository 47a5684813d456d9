"""Start-up cache of the parsed decks and exercises.

Parsing and validating every YAML file costs about 100 ms, half a bare
Textual app's whole start-up; unpickling costs about 2 ms and needs neither
PyYAML nor the engines (cards hold plain data). The result is pickled in the data dir
and reused while the content files and the loader's own source files are
unchanged (same paths, sizes and modification times); any difference, or
an unreadable cache, simply means loading afresh. ``content check`` never
uses the cache.
"""
from __future__ import annotations

import os
import pickle
from pathlib import Path

import quizapp
from quizapp.deck import deck_files
from quizapp.library import exercise_dirs, load_everything

CACHE_NAME = "content-cache.pickle"
_LOADER_PACKAGES = (Path(quizapp.__file__).parent, Path(quizapp.__file__).parent.parent / "engines")


def _signature(paths: list[Path]) -> tuple:
    """Everything whose change would change the loaded content."""
    files = deck_files(paths)
    for folder in exercise_dirs(paths):
        files += sorted(folder.glob("*.yaml"))
    for package in _LOADER_PACKAGES:
        files += sorted(package.glob("*.py")) + sorted(package.glob("grading/*.py"))
    stamps = []
    for file in files:
        try:
            info = file.stat()
        except OSError:
            stamps.append((str(file), None, None))
        else:
            stamps.append((str(file), info.st_mtime_ns, info.st_size))
    return (quizapp.__version__, tuple(stamps))


def load_cached(paths: list[Path], cache_dir: Path):
    """``load_everything(paths)``, from the cache when it is still valid."""
    key = _signature(paths)
    cache = cache_dir / CACHE_NAME
    try:
        stored_key, result = pickle.loads(cache.read_bytes())
        if stored_key == key:
            return result
    except Exception:  # missing, truncated, or from another version: load afresh
        pass
    result = load_everything(paths)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        partial = cache.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(pickle.dumps((key, result), protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(partial, cache)
    except OSError:
        pass  # a read-only data dir only costs speed
    return result
