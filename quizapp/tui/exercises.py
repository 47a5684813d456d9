"""The coding exercises as a list: status, when each is due, open one to work on.

Opening an exercise whose card is new or due is its review: the attempt is
saved through FSRS, so an exercise solved here is not asked again tomorrow.
Opening one that is not due is practice and records nothing unless the
learner counts it in the editor (F6). Rows and the due rule are shared with
``quizapp exercise list`` (:mod:`quizapp.study.exercise_review`); the screen sets
:attr:`ExerciseListScreen.listed` and the table, bound to it, shows them.
"""
from __future__ import annotations

import time
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.widgets import Header

from quizapp.tui.base import QuizScreen
from quizapp.tui.widgets.exercise.exercise_table import ExerciseTable
from quizapp.tui.widgets.footer import Footer


class ExerciseListScreen(QuizScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="open-exercise"),
        Binding("escape,q", "app.pop_screen", "Back", id="back-exercises"),
    ]
    listed: reactive[tuple] = reactive(tuple, init=False)

    def compose(self) -> ComposeResult:
        yield Header()
        self.table = ExerciseTable(id="exercise-table").data_bind(ExerciseListScreen.listed)
        yield self.table
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Coding exercises"
        self.refresh_rows()

    def on_screen_resume(self) -> None:
        self.refresh_rows()

    def refresh_rows(self) -> None:
        from quizapp.clock import utc_now
        from quizapp.study.exercise_review import exercise_rows

        app = self.app
        self.listed = tuple(exercise_rows(app.store, app.ctx.settings, list(app.exercises.values()), utc_now()))

    def action_open(self) -> None:
        self.table.choose_highlighted()

    def on_exercise_table_chosen(self, message: ExerciseTable.Chosen) -> None:
        from quizapp.clock import utc_now
        from quizapp.study import exercise_review

        app, opened, exercise_id = self.app, time.monotonic(), message.exercise_id
        settings = app.ctx.settings

        def rated(result) -> None:
            card = app.library.card(exercise_review.card_id(exercise_id))
            app.announce_leech(exercise_review.save(
                app.store, settings, card, result, utc_now(),
                duration_ms=int((time.monotonic() - opened) * 1000), via="exercise list"))
            self.refresh_rows()

        counts = exercise_review.counts(app.store, settings, exercise_id, utc_now())
        app.open_exercise(exercise_id, rated, counts=counts)
