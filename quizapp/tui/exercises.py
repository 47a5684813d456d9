"""The coding exercises as a list: status, when each is due, open one to work on.

Opening an exercise whose card is new or due is its review: the attempt is
saved through FSRS, so an exercise solved here is not asked again tomorrow.
Opening one that is not due is practice and records nothing unless the
learner counts it in the editor (F6). Rows and the due rule are shared with
``quizapp exercise list`` (:mod:`quizapp.exercise_review`).
"""
from __future__ import annotations

import time

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header

from quizapp.tui.card_view import plain


class ExerciseListScreen(Screen):
    BINDINGS = [
        Binding("enter", "open", "Open", id="open-exercise"),
        Binding("escape,q", "app.pop_screen", "Back", id="back-exercises"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        table = DataTable(id="exercise-table", cursor_type="row", zebra_stripes=True)
        for label, width in (("Exercise", None), ("Level", 8), ("Status", 6), ("Due", 8), ("Title", None)):
            table.add_column(label, width=width)
        yield table
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Coding exercises"
        self.refresh_rows()

    def on_screen_resume(self) -> None:
        self.refresh_rows()

    def refresh_rows(self) -> None:
        from quizapp.clock import utc_now
        from quizapp.exercise_review import exercise_rows

        app = self.app
        table = self.query_one("#exercise-table", DataTable)
        row = table.cursor_row
        table.clear()
        for r in exercise_rows(app.store, app.ctx.settings, list(app.exercises.values()), utc_now()):
            table.add_row(*plain(r.id, r.level, r.status, r.due, r.title), key=r.id)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.open(event.row_key.value)

    def action_open(self) -> None:
        table = self.query_one("#exercise-table", DataTable)
        if table.row_count:
            self.open(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def open(self, exercise_id: str) -> None:
        from quizapp import exercise_review
        from quizapp.clock import utc_now

        app, opened = self.app, time.monotonic()
        settings = app.ctx.settings

        def rated(result) -> None:
            card = app.library.card(exercise_review.card_id(exercise_id))
            app.announce_leech(exercise_review.save(
                app.store, settings, card, result, utc_now(),
                duration_ms=int((time.monotonic() - opened) * 1000), via="exercise list"))
            self.refresh_rows()

        counts = exercise_review.counts(app.store, settings, exercise_id, utc_now())
        app.open_exercise(exercise_id, rated, counts=counts)
