"""The row of ratings under a revealed card, with the next interval on each.

``1 Again <1m   2 Hard 6m   3 Good 1d   4 Easy 4d``: every rating is offered,
as in Anki; the verdict only picks the one Enter gives, which is underlined.
Clicking a rating posts :class:`RatingBar.Rated`, as pressing its digit does.
"""
from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from quizapp.study.srs import GOOD, RATING_NAMES

RATING_STYLES = {1: "bold red", 2: "bold yellow", 3: "bold green", 4: "bold cyan"}


def rating_segments(intervals: dict[int, str], default: int) -> list[tuple[int, Text]]:
    """Each rating's piece of the bar, in order (their widths place a click)."""
    pieces = []
    for rating in (1, 2, 3, 4):
        piece = Text()
        piece.append(f" {rating} {RATING_NAMES[rating]} ",
                     style=RATING_STYLES[rating] + (" underline" if rating == default else ""))
        piece.append(f"{intervals.get(rating, '')}   ")
        pieces.append((rating, piece))
    return pieces


class RatingBar(Widget):
    DEFAULT_CSS = "RatingBar { height: 1; padding: 0 1; }"

    intervals: reactive[dict[int, str]] = reactive(dict, layout=False)  # empty: nothing to rate yet
    default: reactive[int] = reactive(GOOD)

    @dataclass
    class Rated(Message):
        """The learner clicked a rating."""

        rating: int

    def offer(self, intervals: dict[int, str], default: int) -> None:
        self.intervals, self.default = dict(intervals), default

    def clear(self) -> None:
        self.intervals = {}

    def render(self) -> Text:
        if not self.intervals:
            return Text()
        return Text().join(piece for _, piece in rating_segments(self.intervals, self.default))

    def on_click(self, event: events.Click) -> None:
        if not self.intervals:
            return
        x = event.x - self.styles.padding.left
        for rating, piece in rating_segments(self.intervals, self.default):
            if 0 <= x < piece.cell_len:
                self.post_message(self.Rated(rating))
                return
            x -= piece.cell_len
