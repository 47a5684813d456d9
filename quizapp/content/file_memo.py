"""What each content file loaded into, kept for the life of the process.

A process loads the same files more than once: the app loads every deck again
after a card edit, and ``quizapp import`` loads the shipped decks besides the
learner's. Only an edited file has changed, so the others come from here instead
of being parsed and checked again (PyYAML and the checks of the built-in content
take about 0.3 s). A file is known by its path and its bytes, not its modification
time, which the kernel keeps in ticks of a few milliseconds (an edit within one
tick would be missed). Only the latest version of each path is kept, and only what
a regular file under the loader's size limit gave: anything else is loaded as
usual each time. What is kept is immutable (frozen dataclasses, tuples), so every
load shares it, as the reviews of one session share one library.
"""
from __future__ import annotations

import functools
import hashlib
import os
import stat
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def _digest(path: Path) -> bytes | None:
    """The digest of a regular file's bytes; None for anything else (a FIFO is not even opened)."""
    from quizapp.content.yamlsource import MAX_BYTES  # only ever called to load, which parses YAML

    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            return None
        with open(path, "rb") as f:
            return hashlib.blake2b(f.read(MAX_BYTES + 1), digest_size=16).digest()
    except OSError:
        return None


def by_content(load: Callable[[Path], T]) -> Callable[[Path], T]:
    """``load(path)``, computed again only when the file's bytes differ from the last load."""
    latest: dict[str, tuple[bytes, T]] = {}
    lock = threading.Lock()  # loads run in the TUI's worker threads too

    @functools.wraps(load)
    def loaded(path: Path) -> T:
        before = _digest(path)
        if before is None:
            return load(path)
        with lock:
            kept = latest.get(str(path))
        if kept is not None and kept[0] == before:
            return kept[1]
        result = load(path)
        if _digest(path) == before:  # not rewritten while it was loading
            with lock:
                latest[str(path)] = (before, result)
        return result

    return loaded
