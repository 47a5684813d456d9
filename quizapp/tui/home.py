"""Home: every deck with its due and new counts, and the study streak."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static
from quizapp.tui.card_view import plain


class HomeScreen(Screen):
    BINDINGS = [
        Binding("enter", "study_selected", "Study deck", id="study-deck"),
        Binding("a", "study_all", "Study all", id="study-all"),
        Binding("d", "drill", "Drill", id="drill"),
        Binding("e", "exercises", "Exercises", id="exercises"),
        Binding("t", "stats", "Stats", id="stats"),
        Binding("b", "app.browse", "Browse", id="browse"),
        Binding("comma", "app.settings", "Settings", id="settings"),
        Binding("r", "refresh", "Refresh", show=False, id="refresh"),
        Binding("q,escape", "app.quit", "Quit", id="quit-home"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="streak", markup=False)
        table = DataTable(id="decks", cursor_type="row", zebra_stripes=True)
        table.add_columns("Deck", "Due", "New", "Cards", "Title")
        yield table
        yield Static(id="deck-problems", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_counts()
        errors = self.app.library.errors
        if errors:
            lines = [f"⚠ {e}" for e in errors[:4]]
            more = len(errors) - len(lines)
            if more:
                lines.append(f"… and {more} more (see `quizapp content check`)")
            self.query_one("#deck-problems", Static).update("\n".join(lines))

    def on_screen_resume(self) -> None:
        self.refresh_counts()

    def refresh_counts(self) -> None:
        from quizapp.clock import utc_now
        from quizapp.session_counts import deck_counts

        app, now = self.app, utc_now()
        counts = deck_counts(app.store, app.library.cards, app.ctx.settings, now)
        table = self.query_one("#decks", DataTable)
        row = table.cursor_row
        table.clear()
        for deck in app.library.decks:
            due, new = counts.get(deck.name, (0, 0))
            table.add_row(*plain(deck.name, due, new, len(deck.cards), deck.title), key=deck.name)
        if app.library.decks:
            table.move_cursor(row=min(row, len(app.library.decks) - 1))
        streak = app.store.streak_days(now, app.ctx.settings.day_starts_at_hour)
        total_due = sum(due for due, _ in counts.values())
        self.query_one("#streak", Static).update(
            f"🔥 {streak}-day streak · {total_due} due today · Enter study · a all · d drill · e code · ? keys"
        )

    def action_study_selected(self) -> None:
        table = self.query_one("#decks", DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            self.app.action_study([key])

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.app.action_study([event.row_key.value])

    def action_study_all(self) -> None:
        self.app.action_study([])

    def action_drill(self) -> None:
        self.app.action_drill(self.app.drill_new)

    def action_exercises(self) -> None:
        self.app.action_exercises()

    def action_stats(self) -> None:
        self.app.action_stats()

    def action_refresh(self) -> None:
        self.refresh_counts()
