"""StartDialog: a small form that starts something (a custom study, a mock interview).

What the learner filled in is checked by the domain, in its words; a problem is
shown under the form and nothing starts, otherwise the dialog hands back what
to start. Enter in a box or on the Start button begins, any other button or
Esc cancels. A dialog defines :meth:`chosen` and composes its boxes, a
:class:`SafeStatic` with id ``PROBLEM_ID`` and a Start button with id ``START_ID``.
"""
from __future__ import annotations

from typing import ClassVar, Generic, TypeVar

from textual import getters
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Button, Input

from quizapp.tui.app import QuizApp
from quizapp.tui.safe_static import SafeStatic

Chosen = TypeVar("Chosen")


class StartDialog(ModalScreen[Chosen | None], Generic[Chosen]):
    app = getters.app(QuizApp)
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Cancel", id="start-dialog-cancel")]
    START_ID: ClassVar[str]
    PROBLEM_ID: ClassVar[str]

    def chosen(self) -> Chosen | str:
        """What to start as filled in, or the one line saying why it cannot start."""
        raise NotImplementedError

    def start(self) -> None:
        chosen = self.chosen()
        if isinstance(chosen, str):
            self.query_one(f"#{self.PROBLEM_ID}", SafeStatic).update(chosen)
        else:
            self.dismiss(chosen)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == self.START_ID:
            self.start()
        else:
            self.dismiss(None)
