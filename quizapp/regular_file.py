"""Reading a file the user named or put in a folder: a regular file, never a FIFO or device.

Opening a FIFO for reading waits for a writer, so a pipe named ``deck.yaml`` in a
content folder hung start-up; ``/dev/zero`` read without end. The file is opened
without waiting (``O_NONBLOCK``, which a regular file ignores) and checked with
``fstat`` on what was opened, so a swap between a check and the open cannot slip past.
Callers turn the :class:`OSError` into their own message, with its ``strerror``.
"""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

NOT_REGULAR = "not a regular file (a FIFO, device or socket)"


def read_regular(path: Path | str, limit: int | None = None) -> bytes:
    """The bytes of ``path`` (at most ``limit``). Raises :class:`IsADirectoryError` for a
    folder, :class:`OSError` (``EINVAL``, :data:`NOT_REGULAR`) for anything else that
    is not a regular file, and the open's own :class:`OSError` (missing, no permission)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(mode):
            raise OSError(errno.EINVAL, NOT_REGULAR, str(path))
        with os.fdopen(fd, "rb", closefd=False) as f:
            return f.read() if limit is None else f.read(limit)
    finally:
        os.close(fd)
