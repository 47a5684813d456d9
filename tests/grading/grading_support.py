"""Helpers shared by the grading tests (``from .grading_support import ...``)."""
from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from quizapp.grading import grader as grader_module

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"


class RecordingWorker(grader_module.Worker):
    """A real Worker that remembers its process group, to check nothing is left."""

    started: ClassVar[list] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        RecordingWorker.started.append(self)
