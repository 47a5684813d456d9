"""The Browse results: one row per card, and which card is highlighted.

Columns have fixed widths so all six fit in 80 columns; the preview below the
table shows a long id in full.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from textual.message import Message
from textual.widgets import DataTable

COLUMNS = (("id", "Card", 26), ("deck", "Deck", 12), ("kind", "Kind", 7), ("state", "State", 9),
           ("due", "Due", 7), ("lapses", "Lapses", 6))


def row_cells(card, state, leech: bool, now: datetime) -> list:
    """A card's cells, plain text (an id or deck name is never read as markup)."""
    from quizapp.search.card_info import due_text, state_label
    from quizapp.tui.card_view import plain

    return plain(card.id, card.deck, card.kind, state_label(state, now, leech), due_text(state, now), state.lapses)


class CardTable(DataTable):
    @dataclass
    class Highlighted(Message):
        """The card under the cursor changed; ``card_id`` None when no card matches."""

        card_id: str | None

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        for key, label, width in COLUMNS:
            self.add_column(label, key=key, width=width)

    @property
    def card_id(self) -> str | None:
        if not self.row_count:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value

    def show(self, rows: list[tuple[str, list]]) -> None:
        """Replace the rows with ``(card_id, cells)`` pairs, cursor on the first."""
        self.clear()
        for card_id, cells in rows:
            self.add_row(*cells, key=card_id)
        self.post_message(self.Highlighted(self.card_id))

    def update_card(self, card_id: str, cells: list) -> None:
        for (key, _, _), value in zip(COLUMNS, cells, strict=True):
            self.update_cell(card_id, key, value, update_width=True)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.post_message(self.Highlighted(event.row_key.value))
