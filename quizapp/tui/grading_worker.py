"""Grade code in a thread worker and tell the screen with a :class:`Graded` message.

The sandbox is a subprocess that may take seconds, so grading never runs on the
event loop: the editor stays usable, and a newer run cancels the older one
(``exclusive``), whose result then says nothing. A grader that fails is a
message too, with ``error`` set, so the screen shows it instead of crashing.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.dom import DOMNode
from textual.message import Message
from textual.worker import get_current_worker

if TYPE_CHECKING:
    from quizapp.grading.grader import GradeResult


@dataclass
class Graded(Message):
    source: str
    result: GradeResult | None
    error: str | None = None


def grade_in_worker(node: DOMNode, grader, exercise, source: str, file_name: str) -> None:
    """Grade ``source`` (as ``file_name``, for tracebacks); ``node`` receives :class:`Graded`
    unless a newer run replaced this one."""

    def grade() -> None:
        try:
            message = Graded(source, grader.grade(exercise, source, file_name))
        except Exception as e:  # shown in the pane; the editor stays usable
            message = Graded(source, None, str(e))
        if not get_current_worker().is_cancelled:
            node.post_message(message)

    node.run_worker(grade, thread=True, exclusive=True, exit_on_error=False, group="grade")
