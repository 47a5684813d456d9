"""A progress line on stderr for long exports and imports.

On a terminal the line is redrawn in place with ``\\r`` (at most a few times a
second, so a fast loop is not slowed by terminal writes); when stderr is a file
or a pipe (scripts, CI logs) only the final line is written, so logs stay short.
"""
from __future__ import annotations

import sys
import time
from typing import TextIO

_REDRAW_EVERY = 0.1  # seconds


class Progress:
    """``exporting 12/435`` style counter: call :meth:`step` per item, :meth:`done` once."""

    def __init__(self, label: str, total: int, stream: TextIO | None = None):
        self.label, self.total, self.count = label, total, 0
        self.stream = stream if stream is not None else sys.stderr
        self.live = bool(getattr(self.stream, "isatty", lambda: False)())
        self._drawn_at = 0.0

    def _line(self) -> str:
        return f"{self.label} {self.count}/{self.total}"

    def step(self, n: int = 1) -> None:
        self.count += n
        now = time.monotonic()
        if self.live and now - self._drawn_at >= _REDRAW_EVERY:
            self._drawn_at = now
            self.stream.write("\r" + self._line())
            self.stream.flush()

    def done(self) -> None:
        """Write the final count and end the line."""
        self.stream.write(("\r" if self.live else "") + self._line() + "\n")
        self.stream.flush()
