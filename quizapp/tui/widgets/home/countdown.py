"""Home's countdown line: ``Interview in 12 days · ready 71 % → 93 % if you keep the plan``.

The readiness on the date comes from projecting the plan (:mod:`quizapp.study.plan`),
a few thousand fsrs answers for a full library: a thread worker does it on its own
store connection, as the stats screen's numbers are read, and reports back only
through :class:`CountdownLine.Ready`. Without an interview date the line is hidden.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message
from textual.widgets import Static

if TYPE_CHECKING:
    from quizapp.config import Settings
    from quizapp.study.readiness import TopicCard


class CountdownLine(Static):
    DEFAULT_CSS = """
    CountdownLine { height: auto; padding: 0 1; color: $text-accent; }
    """

    @dataclass
    class Ready(Message):
        """The worker's line: the countdown, or why the plan could not be read."""

        text: str

    def __init__(self, **kwargs) -> None:
        super().__init__(markup=False, **kwargs)
        self.display = False

    def refresh_plan(self, db_path: Path, cards: Sequence[TopicCard], settings: Settings) -> None:
        """Show the countdown for ``settings`` (hidden without a date), the plan read
        from the database at ``db_path``."""
        self.display = bool(settings.interview_date)
        if self.display:
            self._project(db_path, cards, settings)

    @work(thread=True, exclusive=True, exit_on_error=False, group="countdown")
    def _project(self, db_path: Path, cards: Sequence[TopicCard], settings: Settings) -> None:
        from quizapp.clock import utc_now
        from quizapp.store.database import Store
        from quizapp.study.plan import countdown_text, plan_from_store

        try:
            with Store.open(db_path) as store:
                plan = plan_from_store(store, cards, settings, utc_now())
        except Exception as error:  # one line; home stays usable
            self.post_message(self.Ready(f"Interview plan could not be read: {error}"))
        else:
            self.post_message(self.Ready("" if plan is None else countdown_text(plan)))

    def on_countdown_line_ready(self, message: Ready) -> None:
        self.update(message.text)
