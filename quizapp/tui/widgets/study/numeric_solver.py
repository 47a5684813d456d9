"""Solves the numeric card on screen with its engine, in a thread, once PyTorch is loaded.

Not drawn: it owns the worker so a screen does not. The screen calls
:meth:`NumericSolver.solve` when a numeric card is shown and passes on the
app's ``engines`` when they change (:meth:`engines_changed`); the answer comes
back as :class:`NumericSolver.Solved`, or :class:`NumericSolver.Unchecked`
with the reason there is none (torch missing, the engine failed). A solve for
a card no longer on screen is dropped: :meth:`solve` and :meth:`cancel` forget
the one before.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message
from textual.widget import Widget
from textual.worker import Worker, WorkerState

from quizapp.study.review import NumericResult, Prompt, solve_numeric

if TYPE_CHECKING:
    from quizapp.tui.app import Engines


class NumericSolver(Widget):
    DEFAULT_CSS = "NumericSolver { display: none; }"

    @dataclass
    class Solved(Message):
        result: NumericResult

    @dataclass
    class Unchecked(Message):
        why: str

    def __init__(self, device: str, **kwargs):
        super().__init__(**kwargs)
        self.device = device
        self._prompt: Prompt | None = None  # waiting for the engines, or being solved
        self._worker: Worker[NumericResult] | None = None

    def solve(self, prompt: Prompt, engines: Engines) -> None:
        self._prompt, self._worker = prompt, None
        self.engines_changed(engines)

    def cancel(self) -> None:
        self._prompt, self._worker = None, None

    @property
    def waiting(self) -> bool:
        """A card waits for the engines to load (nothing is solving it yet)."""
        return self._prompt is not None and self._worker is None

    def engines_changed(self, engines: Engines) -> None:
        """Start the waiting solve once torch is loaded; say why not if it cannot be."""
        prompt = self._prompt
        if prompt is None or self._worker is not None:
            return
        if engines.error:
            self._prompt = None
            self.post_message(self.Unchecked(engines.error))
        elif engines.ready:
            self._worker = self.run_worker(lambda: solve_numeric(prompt, self.device), name="solve", group="solve",
                                           thread=True, exclusive=True, exit_on_error=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = self._worker
        if worker is None or event.worker is not worker or worker.state not in (WorkerState.SUCCESS,
                                                                                WorkerState.ERROR):
            return
        self.cancel()
        if worker.state == WorkerState.ERROR:
            self.post_message(self.Unchecked(f"The engine failed on this card: {worker.error}"))
        else:
            assert worker.result is not None  # a solve that succeeded returned its NumericResult
            self.post_message(self.Solved(worker.result))
