"""Before a mock interview from home: how many minutes, which decks, which levels.

Every deck and level is ticked to begin with (a mock covers everything unless
the learner narrows it); Space ticks and unticks, Tab moves between the
minutes, the decks, the levels and the buttons, Enter in the minutes or on
Start begins, Esc cancels. The options are checked by
:meth:`~quizapp.study.mock_plan.MockOptions.problem` (the same words as
``quizapp mock``), and a problem is shown under the lists instead of starting.
"""
from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, SelectionList

from quizapp.content.cards import LEVELS
from quizapp.study.mock_plan import DEFAULT_MINUTES, MockOptions
from quizapp.tui.safe_static import SafeStatic
from quizapp.tui.start_dialog import StartDialog


class MockSetupScreen(StartDialog[MockOptions]):
    CSS_PATH = "mock.tcss"
    START_ID, PROBLEM_ID = "mock-start", "mock-setup-problem"

    def compose(self) -> ComposeResult:
        box = Vertical(id="mock-setup")
        box.border_title = "Mock interview"
        box.border_subtitle = "Space ticks · Enter starts · Esc cancels"
        with box:
            with Horizontal(id="mock-minutes-row"):
                yield Label("Minutes", id="mock-minutes-label")
                yield Input(str(DEFAULT_MINUTES), type="integer", id="mock-minutes")
            with Horizontal(id="mock-lists"):
                decks = [(deck.name, deck.name, True) for deck in self.app.library.decks]
                yield SelectionList[str](*decks, id="mock-decks")
                yield SelectionList[str](*((level, level, True) for level in LEVELS), id="mock-levels")
            yield SafeStatic(id="mock-setup-problem")
            with Horizontal(id="mock-buttons"):
                yield Button("Start", variant="primary", id="mock-start")
                yield Button("Cancel", id="mock-cancel")

    def on_mount(self) -> None:
        self.query_one("#mock-decks").border_title = "Decks"
        self.query_one("#mock-levels").border_title = "Levels"
        self.query_one("#mock-minutes", Input).focus()

    def chosen(self) -> MockOptions | str:
        """The options as ticked, or the one line saying why they cannot start a mock."""
        minutes = self.query_one("#mock-minutes", Input).value.strip()
        decks = self.query_one("#mock-decks", SelectionList).selected
        levels = self.query_one("#mock-levels", SelectionList).selected
        if not minutes.isdigit():
            return "Minutes: a whole number, e.g. 30"
        if not decks or not levels:
            return "Tick at least one deck and one level."
        every_deck = len(decks) == len(self.app.library.decks)
        options = MockOptions(int(minutes), () if every_deck else tuple(decks),
                              () if len(levels) == len(LEVELS) else tuple(levels))
        problem = options.problem()
        return options if problem is None else problem.replace("--minutes", "Minutes")
