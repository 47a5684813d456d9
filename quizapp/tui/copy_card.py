"""Asks before a built-in card is copied into the learner's own deck to edit it.

The decks shipped with quizapp are not edited where they are (read-only in an
install, the source in a checkout): ``e`` on one offers a copy, made by
:func:`quizapp.content.card_edit.copy_card`. The question names the card and
the file the copy goes to, says that the id and history stay, and waits for
y or Enter (copy and edit) or n or Esc (nothing happens).
"""
from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen

from quizapp.tui.safe_static import SafeStatic


class CopyCardScreen(ModalScreen[bool]):
    CSS_PATH = "copy_card.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "dismiss(True)", "Copy and edit", id="copy-yes"),
        Binding("n,escape", "dismiss(False)", "Cancel", id="copy-no"),
    ]

    def __init__(self, card_id: str, target: Path) -> None:
        super().__init__()
        self.card_id, self.target = card_id, target

    def compose(self) -> ComposeResult:
        box = Vertical(id="copy-card")
        box.border_title = "Edit a built-in card"
        box.border_subtitle = "y or Enter: copy and edit · n or Esc: cancel"
        with box:
            yield SafeStatic(
                f"{self.card_id} comes with quizapp, whose decks are not edited in place.\n\n"
                f"Copy it into your own deck file\n  {self.target}\nand edit the copy there? It keeps its id,"
                " so its review history stays; delete it from that file to get the built-in card back.",
                id="copy-card-text")
