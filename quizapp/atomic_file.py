"""Replacing a file whole or not at all: the one way quizapp writes its own files.

A temp file in the same folder (so ``os.replace`` is a rename on one file system),
written, then renamed over the target: a crash or a full disk mid-write leaves the
old file as it was, never half a file. The temp name is unique (``mkstemp``), so
two threads or processes writing the same file never share one, and a failed
write removes its temp file. ``durable`` also fsyncs the data before the rename,
for files whose loss would lose the learner's work (answers kept while the
database was unavailable, settings, mock reports); caches and records that only
save time skip the cost.
"""
from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def _mode_for(path: Path) -> int:
    """The mode the new file gets: the replaced file's, else what a plain create gives."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        return 0o666 & ~_umask()


def _umask() -> int:
    """The process's umask, read without setting it (os.umask would change it for every
    thread for a moment); Linux shows it in /proc since 4.7."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


def write_atomically(path: Path, data: str | bytes, *, durable: bool = False) -> None:
    """Make ``path`` hold exactly ``data`` (text is UTF-8), creating its folder if
    needed. Raises OSError; the old file is then untouched. A symlink is followed:
    the file it names is replaced (the rename would otherwise replace the link)."""
    path = Path(os.path.realpath(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, _mode_for(path))  # mkstemp's 0600 would replace the file's own mode
        with os.fdopen(fd, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
            if durable:
                f.flush()
                os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
