"""The Browse results: one row per card, and which card is highlighted.

The columns fit the terminal (:func:`~quizapp.tui.widgets.browse.columns.fit`):
the table keeps every row's cells, question included, and lays the columns out
again when its width or its longest cells change, so a wide terminal shows the
whole id and the question, and a narrow one cuts with ``…``. A flagged card's
id and flag are drawn in the flag's colour, as Anki colours a flagged row.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import DataTable

from quizapp.tui.widgets.browse.columns import LABELS, fit
from quizapp.tui.widgets.browse.flag_style import FLAG_STYLES

Cells = dict[str, Text]


def _cell(value, style: str = "") -> Text:
    """Plain text (an id or deck name is never read as markup), cut with ``…``."""
    return Text(str(value), style=style, no_wrap=True, overflow="ellipsis", end="")


def row_cells(card, state, leech: bool, now: datetime) -> Cells:
    """A card's cells by column key."""
    from quizapp.search.card_info import due_text, first_line, state_label
    from quizapp.study.card_flags import flag_name

    flag_style = FLAG_STYLES[state.flag]
    label = _cell(state_label(state, now, leech))
    if state.flag:
        label.highlight_words([flag_name(state.flag)], flag_style)
    return {"id": _cell(card.id, flag_style), "question": _cell(first_line(card.question)), "deck": _cell(card.deck),
            "kind": _cell(card.kind), "state": label, "due": _cell(due_text(state, now)),
            "lapses": _cell(state.lapses)}


class CardTable(DataTable):
    @dataclass
    class Highlighted(Message):
        """The card under the cursor changed; ``card_id`` None when no card matches."""

        card_id: str | None

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.rows_shown: dict[str, Cells] = {}  # card id -> cells, in table order
        self.widths: dict[str, int] = {}  # column key -> width as laid out now

    @property
    def card_id(self) -> str | None:
        if not self.row_count:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value

    def show(self, rows: list[tuple[str, Cells]]) -> None:
        """Replace the rows with ``(card_id, cells)`` pairs, cursor on the first."""
        self.rows_shown = dict(rows)
        self.lay_out(force=True)
        self.post_message(self.Highlighted(self.card_id))

    def update_card(self, card_id: str, cells: Cells) -> None:
        self.rows_shown[card_id] = cells
        if not self.lay_out():  # the same columns: change the one row in place
            for key in self.widths:
                self.update_cell(card_id, key, cells[key])

    def select(self, card_id: str) -> bool:
        """Put the cursor on ``card_id``; False when it is not in the table."""
        if card_id not in self.rows_shown:
            return False
        self.move_cursor(row=self.get_row_index(card_id), animate=False)
        return True

    def on_resize(self, event: events.Resize) -> None:
        self.lay_out()

    def lay_out(self, force: bool = False) -> bool:
        """Build the columns for the width there is; False when they would not change
        (and nothing was rebuilt, unless ``force``). The cursor stays on its card."""
        longest = {key: max((cells[key].cell_len for cells in self.rows_shown.values()), default=0)
                   for key in LABELS}
        widths = fit(self.size.width - self.styles.scrollbar_size_vertical, longest)
        if widths == self.widths and not force:
            return False
        current = self.card_id if not force else None
        self.widths = widths
        self.clear(columns=True)
        for key, width in widths.items():
            self.add_column(LABELS[key], key=key, width=width)
        for card_id, cells in self.rows_shown.items():
            self.add_row(*(cells[key] for key in widths), key=card_id)
        if current is not None:
            self.select(current)
        return True

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.post_message(self.Highlighted(event.row_key.value))
