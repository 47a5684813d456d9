"""Start-up cache of the parsed decks and exercises.

Parsing and validating every YAML file costs about 100 ms, half a bare
Textual app's whole start-up; reading the cache costs a few ms and needs
neither PyYAML nor the engines (cards hold plain data). The result is stored
in the data dir as JSON through :mod:`quizapp.content.data_codec`, never as a pickle:
the data dir is writable by other programs (learner code, in an unisolated
grade), and reading a cache must not be able to run code. It is reused while
the content files and the loader's own source files are unchanged (same
paths, sizes and modification times); any difference, or an unreadable or
unknown cache, simply means loading afresh. ``content check`` never uses
the cache.
"""
from __future__ import annotations

import contextlib
from pathlib import Path

import quizapp
from quizapp.atomic_file import write_atomically
from quizapp.content import cards
from quizapp.content.data_codec import DataCodec
from quizapp.content.deck import Deck, Library, deck_files
from quizapp.content.library import exercise_dirs, load_everything
from quizapp.errors import ContentError
from quizapp.grading import model

CACHE_NAME = "content-cache.json"
_CODEC = DataCodec(
    [Library, Deck, *cards.CARD_CLASSES, model.Exercise, model.Param, model.Case, model.RandomCases],
    extra={"ContentError": (ContentError, lambda e: {"path": e.path, "line": e.line, "message": e.message},
                            ContentError)},
)
_ROOT = Path(quizapp.__file__).parent
# The loader's own source: the top-level modules (errors, safetext, the version), the
# content package and its kinds, the exercise schema, and the engines. Not the store,
# study, commands or TUI: they only use the loaded content, so statting them would
# only slow start-up.
_LOADER_GLOBS = ((_ROOT, "*.py"), (_ROOT / "content", "**/*.py"), (_ROOT / "grading", "*.py"),
                 (_ROOT.parent / "engines", "*.py"))


def _signature(paths: list[Path]) -> tuple:
    """Everything whose change would change the loaded content."""
    files = deck_files(paths)
    for folder in exercise_dirs(paths):
        files += sorted(folder.glob("*.yaml"))
    for package, pattern in _LOADER_GLOBS:
        files += sorted(package.glob(pattern))
    stamps: list[tuple[str, int | None, int | None]] = []
    for file in files:
        try:
            info = file.stat()
        except OSError:
            stamps.append((str(file), None, None))
        else:
            stamps.append((str(file), info.st_mtime_ns, info.st_size))
    return (quizapp.__version__, tuple(stamps))


def load_cached(paths: list[Path], cache_dir: Path, *, name: str = CACHE_NAME):
    """``load_everything(paths)``, from the cache when it is still valid.

    One cache file holds one set of folders: a caller that loads another set (the
    decks shipped outside the learner's folder, for ``quizapp import``) gives its
    own ``name``, so the two never replace each other's cache at every call."""
    key = _signature(paths)
    cache = cache_dir / name
    try:
        stored_key, result = _CODEC.loads(cache.read_bytes())
        if stored_key == key:
            return result
    except (OSError, ValueError):  # missing, truncated, unknown data, another version: load afresh
        pass
    result = load_everything(paths)
    with contextlib.suppress(OSError):  # a read-only data dir only costs speed
        write_atomically(cache, _CODEC.dumps((key, result)))
    return result
