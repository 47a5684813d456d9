"""Settings > Optimize now: fit personal FSRS weights, then offer them.

The fit runs in a thread worker on its own store connection and reports only
by messages (progress, then the result). Leaving the screen removes the panel,
which cancels its worker; the fit stops at its next progress report. After
the fit, the same worker runs the desired-retention helper (FSRS simulator
workload for retentions 0.70-0.97 and the least work per memorised card), shown
under the comparison. Nothing is written here: Apply posts
:class:`OptimizePanel.Apply` and the screen saves.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Button, ProgressBar
from textual.worker import get_current_worker

from quizapp.errors import QuizError
from quizapp.tui.widgets.note import Note

if TYPE_CHECKING:
    from quizapp.study.optimizer import OptimizeResult, RetentionAdvice


class _Cancelled(Exception):
    """Raised from the progress callback to stop a fit nobody is waiting for."""


class OptimizePanel(Vertical):
    running: reactive[bool] = reactive(False, init=False)
    offer: reactive[bool] = reactive(False, init=False)  # Apply is shown: the fit beat the weights in use
    said: reactive[str] = reactive("")

    @dataclass
    class Progress(Message):
        fraction: float
        stage: str

    @dataclass
    class Finished(Message):
        result: OptimizeResult | None
        error: str | None
        advice: RetentionAdvice | None = None

    @dataclass
    class Apply(Message):
        """The learner pressed Apply: save ``result.parameters``."""

        result: OptimizeResult

    def __init__(self, db_path: Path, settings=None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.db_path = db_path
        self.settings = settings  # quizapp.config.Settings: study-day start, limits, weights in use
        self.result: OptimizeResult | None = None
        self.advice: RetentionAdvice | None = None
        self._start = Button("Optimize now", id="optimize")
        self._apply = Button("Apply", id="apply", variant="success")
        self._progress = ProgressBar(total=1.0, id="optimize-progress", show_eta=False)

    def compose(self) -> ComposeResult:
        with Horizontal(classes="setting"):
            yield self._start
            yield self._apply
        yield self._progress
        yield Note(id="optimize-result").data_bind(note=OptimizePanel.said)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button is self._start:
            self.running, self.offer, self.said = True, False, "loading your reviews…"
            self.fit()
        elif event.button is self._apply and self.result is not None:
            self.post_message(self.Apply(self.result))

    def watch_running(self, running: bool) -> None:
        self._start.disabled = running
        self._progress.set_class(running, "-shown")

    def watch_offer(self, offer: bool) -> None:
        self._apply.set_class(offer, "-shown")

    @work(thread=True, exclusive=True, exit_on_error=False, group="optimize")
    def fit(self) -> None:
        from fsrs.scheduler import DEFAULT_PARAMETERS

        from quizapp.config import Settings
        from quizapp.store.database import Store
        from quizapp.study.optimizer import optimize, retention_workload

        worker = get_current_worker()

        def report(fraction: float, stage: str) -> None:
            if worker.is_cancelled:
                raise _Cancelled
            self.post_message(self.Progress(fraction, stage))

        settings = self.settings or Settings()
        try:
            with Store.open(self.db_path) as store:
                rows = store.reviews()
            result = optimize(rows, lambda f, stage: report(0.8 * f, stage),
                              day_starts_at_hour=settings.day_starts_at_hour)
            weights = result.parameters if result.better else (settings.fsrs_parameters or DEFAULT_PARAMETERS)
            advice = retention_workload(weights, rows=rows, settings=settings,
                                        progress=lambda f, stage: report(0.8 + 0.2 * f, stage))
        except _Cancelled:
            return
        except QuizError as e:
            self.post_message(self.Finished(None, str(e)))
        except Exception as e:  # shown on screen, never a crash of the app
            self.post_message(self.Finished(None, f"optimizer failed: {type(e).__name__}: {e}"))
        else:
            self.post_message(self.Finished(result, None, advice))

    def on_optimize_panel_progress(self, message: Progress) -> None:
        message.stop()
        self._progress.update(progress=message.fraction)
        self.said = message.stage

    def on_optimize_panel_finished(self, message: Finished) -> None:
        message.stop()
        self.running, self.result, self.advice = False, message.result, message.advice
        if message.result is None:
            self.said = message.error or ""
        else:
            lines = message.result.summary_lines()
            if message.advice is not None:
                current = self.settings.desired_retention if self.settings else None
                lines += ["", *message.advice.summary_lines(current)]
            self.said = "\n".join(lines)
        self.offer = bool(self.result and self.result.better)
