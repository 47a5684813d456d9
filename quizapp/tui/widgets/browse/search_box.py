"""The Browse search line: says what to search for once the typist pauses.

Filtering on every key would re-run the search for each letter of a fast
typist; the box waits :data:`DEBOUNCE_S` after the last change, and Enter
searches at once.
"""
from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input

DEBOUNCE_S = 0.25
PLACEHOLDER = 'search: deck:ann* tag:cnn is:due -is:new "a phrase" (Enter or ↓: results, / back here)'


class SearchBox(Input):
    @dataclass
    class Search(Message):
        """Search for ``query``; ``submitted`` when the learner pressed Enter for the results."""

        query: str
        submitted: bool

    def __init__(self, query: str = "", **kwargs) -> None:
        super().__init__(query, placeholder=PLACEHOLDER, **kwargs)
        self._pause: Timer | None = None

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._stop_waiting()
        self._pause = self.set_timer(DEBOUNCE_S, lambda: self.post_message(self.Search(self.value, False)))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._stop_waiting()
        self.post_message(self.Search(event.value, True))

    def _stop_waiting(self) -> None:
        if self._pause is not None:
            self._pause.stop()
            self._pause = None
