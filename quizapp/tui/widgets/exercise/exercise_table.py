"""The exercise list's table: shows its ``listed`` reactive, says which one was chosen.

Setting ``listed`` refills the table and keeps the cursor on the same line, so
the list can be re-read after each attempt without the learner losing their
place; Enter or a click posts :class:`ExerciseTable.Chosen`.
"""
from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message
from textual.reactive import reactive
from textual.widgets import DataTable

from quizapp.tui.card_view import plain

# The title first: at 80 columns it is what a learner reads (after a 33-character id it
# kept 15); the id, which `quizapp exercise start` takes, ends the row.
COLUMNS = (("Title", None), ("Level", 8), ("Status", 6), ("Due", 8), ("Exercise", None))


class ExerciseTable(DataTable):
    listed: reactive[tuple] = reactive(tuple, init=False)  # quizapp.study.exercise_review.ExerciseRow rows

    @dataclass
    class Chosen(Message):
        exercise_id: str

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        for label, width in COLUMNS:
            self.add_column(label, width=width)

    def watch_listed(self, rows: tuple) -> None:
        line = self.cursor_row
        self.clear()
        for r in rows:
            self.add_row(*plain(r.title, r.level, r.status, r.due, r.id), key=r.id)
        if self.row_count:
            self.move_cursor(row=min(line, self.row_count - 1))

    def choose_highlighted(self) -> None:
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value if self.row_count else None
        if key is not None:  # every row is keyed by its exercise id
            self.post_message(self.Chosen(key))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.Chosen(event.row_key.value))
