"""The coding exercises as a list: status, when each is due, open one to practise.

Practising from the list is a review like any other: the attempt's rating is
saved through FSRS, so an exercise solved here is not asked again tomorrow.
"""
from __future__ import annotations

import time

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header

from quizapp.library import EXERCISE_DECK
from quizapp.srs import AGAIN
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

        app, now = self.app, utc_now()
        from quizapp.card_info import due_text
        from quizapp.srs import CardState

        ids = [f"{EXERCISE_DECK}.{ex_id}" for ex_id in app.exercises]
        states, outcomes = app.store.card_states(ids), app.store.last_outcomes(ids)
        table = self.query_one("#exercise-table", DataTable)
        row = table.cursor_row
        table.clear()
        for ex_id, exercise in app.exercises.items():
            card_id = f"{EXERCISE_DECK}.{ex_id}"
            state = states.get(card_id, CardState(card_id))
            status = "new" if card_id not in outcomes else ("passed" if outcomes[card_id] else "failed")
            table.add_row(*plain(ex_id, exercise.level, status, due_text(state, now), exercise.title), key=ex_id)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.open(event.row_key.value)

    def action_open(self) -> None:
        table = self.query_one("#exercise-table", DataTable)
        if table.row_count:
            self.open(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def open(self, exercise_id: str) -> None:
        app = self.app
        opened = time.monotonic()

        def rated(rating: int) -> None:
            from quizapp.clock import utc_now
            from quizapp.session import record_answer
            from quizapp.srs import Srs

            card, settings = app.library.card(f"{EXERCISE_DECK}.{exercise_id}"), app.ctx.settings
            app.announce_leech(record_answer(
                app.store, Srs(settings), settings, card, rating, utc_now(),
                duration_ms=int((time.monotonic() - opened) * 1000), correct=rating != AGAIN))
            self.refresh_rows()

        app.open_exercise(exercise_id, rated)
