"""`c` on home: Custom study, as Anki's dialog: study a search, review ahead, cram.

The search box starts as ``deck:NAME`` for the deck highlighted on home (Anki's
dialog works on the current deck) and narrows every choice; the days box is for
review ahead. What the choices mean is :mod:`quizapp.study.custom`'s; a search
that does not parse, an unknown deck or a day count out of range is that
module's one line under the boxes, and nothing starts. Enter in a box or on
Start begins, Esc cancels; ↑/↓ pick the choice once it has the focus (Tab).
"""
from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, RadioButton, RadioSet

from quizapp.errors import UsageError
from quizapp.study.custom import CustomStudy
from quizapp.tui.safe_static import SafeStatic
from quizapp.tui.start_dialog import StartDialog

CHOICES = (  # (id, label): what each choice is, in the words of Anki's dialog
    ("custom-search", "Study a search (answers reschedule as usual)"),
    ("custom-ahead", "Review ahead: reviews due within the days below"),
    ("custom-cram", "Cram: every card once, the schedule stays as it is"),
)


class CustomStudyScreen(StartDialog[CustomStudy]):
    CSS_PATH = "custom_study.tcss"
    START_ID, PROBLEM_ID = "custom-start", "custom-problem"

    def __init__(self, deck: str | None = None) -> None:
        super().__init__()
        self.deck = deck

    def compose(self) -> ComposeResult:
        box = Vertical(id="custom-study")
        box.border_title = "Custom study"
        box.border_subtitle = "Enter starts · Esc cancels"
        with box:
            with RadioSet(id="custom-kind"):
                for i, (choice, label) in enumerate(CHOICES):
                    yield RadioButton(label, value=i == 0, id=choice)
            with Horizontal(classes="custom-row"):
                yield Label("Search")
                yield Input(f"deck:{self.deck}" if self.deck else "", placeholder="deck:cnn is:due prop:r<0.9",
                            id="custom-search-box")
            with Horizontal(classes="custom-row"):
                yield Label("Days")
                yield Input("1", type="integer", id="custom-days")
            yield SafeStatic(id="custom-problem")
            with Horizontal(id="custom-buttons"):
                yield Button("Start", variant="primary", id="custom-start")
                yield Button("Cancel", id="custom-cancel-button")

    def on_mount(self) -> None:
        self.query_one("#custom-kind", RadioSet).focus()

    def chosen(self) -> CustomStudy | str:
        """The session as filled in, or the one line saying why it cannot start."""
        pressed = self.query_one("#custom-kind", RadioSet).pressed_button
        kind = pressed.id if pressed is not None else CHOICES[0][0]
        days = self.query_one("#custom-days", Input).value.strip()
        if kind == "custom-ahead" and not days.isdigit():
            return "Days: a whole number of days, e.g. 3"
        custom = CustomStudy(search=self.query_one("#custom-search-box", Input).value.strip(),
                             ahead_days=int(days) if kind == "custom-ahead" else None, cram=kind == "custom-cram")
        try:
            custom.check(self.app.library)
        except UsageError as e:
            return str(e)
        return custom
