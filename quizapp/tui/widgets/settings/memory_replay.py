"""Recomputes every card's memory state from the log after the weights change.

New weights (Apply, or a save that switches personal weights on or off) give
every card a new stability and difficulty, due dates kept, as Anki does
(:mod:`quizapp.study.memory_states`). The replay takes about a second per
45,000 reviews, so it runs in a thread worker with its own store connection,
one at a time, each with the settings in use when it starts: of two quick
changes the later one wins. Not drawn: it reports by :class:`MemoryReplay.Done`.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message
from textual.widget import Widget

from quizapp.errors import QuizError

if TYPE_CHECKING:
    from quizapp.config import Settings

_REPLAYING = threading.Lock()  # one replay at a time, whichever screen started it


class MemoryReplay(Widget):
    DEFAULT_CSS = "MemoryReplay { display: none; }"

    @dataclass
    class Done(Message):
        cards: int | None  # cards whose memory state was replayed; None on error
        error: str | None

    def __init__(self, db_path: Path, settings: Callable[[], Settings], **kwargs) -> None:
        """``settings()``: the settings in use now (read when a replay starts)."""
        super().__init__(**kwargs)
        self.db_path, self.settings = db_path, settings

    @work(thread=True, exit_on_error=False, group="recompute")
    def replay(self) -> None:
        from quizapp.store.database import Store
        from quizapp.study.memory_states import recompute_memory_states

        try:
            with _REPLAYING, Store.open(self.db_path) as store:
                cards = recompute_memory_states(store, self.settings())
        except QuizError as e:
            self.post_message(self.Done(None, str(e)))
        else:
            self.post_message(self.Done(cards, None))
