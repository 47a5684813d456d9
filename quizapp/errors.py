"""Errors a user should see as one clear line (exit code 1), never a traceback."""
from __future__ import annotations

from pathlib import Path


class QuizError(Exception):
    """A failure to report to the user as a single line."""


class ContentError(QuizError):
    """A problem in a deck or exercise file, located as ``path:line``."""

    def __init__(self, path: str | Path, line: int | None, message: str):
        self.path, self.line, self.message = str(path), line, message
        super().__init__(self.location() + ": " + message)

    def __reduce__(self):
        return (type(self), (self.path, self.line, self.message))

    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    def as_dict(self) -> dict:
        return {"path": self.path, "line": self.line, "message": self.message}


class UsageError(QuizError):
    """The command line asks for something that does not exist (exit code 2)."""

    exit_code = 2
