"""The line above a mock interview's question: time left, where the mock is, and pauses.

``⏱ 24:13 left · question 3 of 9 · concepts · cnn · advanced`` (``⏸ 24:13 paused, p
resumes · ...`` while paused). The screen sets
what it shows from :class:`quizapp.study.mock.MockInterview` once a second and
after every answer; the last minute shows in the error colour, a pause in the
warning colour.
"""
from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from quizapp.study.mock_timer import clock_text

LOW_S = 60  # the last minute is shown in red


class ClockBar(Widget):
    DEFAULT_CSS = """
    ClockBar { height: 1; padding: 0 1; color: $text-muted; }
    ClockBar.-low { color: $error; }
    ClockBar.-paused { color: $warning; }
    """

    remaining_s: reactive[float] = reactive(0.0)
    paused: reactive[bool] = reactive(False)
    where: reactive[str] = reactive("")  # question number, section, deck, level

    def show(self, remaining_s: float, paused: bool, where: str | None = None) -> None:
        self.remaining_s, self.paused = remaining_s, paused
        if where is not None:
            self.where = where
        self.set_class(paused, "-paused")
        self.set_class(not paused and remaining_s <= LOW_S, "-low")

    def render(self) -> Text:
        icon, state = ("⏸", "paused, p resumes") if self.paused else ("⏱", "left")
        return Text(f"{icon} {clock_text(self.remaining_s)} {state} · {self.where}", no_wrap=True,
                    overflow="ellipsis")
