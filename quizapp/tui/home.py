"""Home: every deck with its due and new counts, and the study streak."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static
from quizapp.tui.card_view import plain


class HomeScreen(Screen):
    BINDINGS = [
        Binding("a", "app.study", "Study all", id="study-all"),
        Binding("d", "drill", "Drill", id="drill"),
        Binding("e", "app.exercises", "Exercises", id="exercises"),
        Binding("t", "app.stats", "Stats", id="stats"),
        Binding("b", "app.browse", "Browse", id="browse"),
        Binding("comma", "app.settings", "Settings", id="settings"),
        Binding("r", "refresh_counts", "Refresh", show=False, id="refresh"),
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
        self.action_refresh_counts()
        errors = self.app.library.errors
        if errors:
            lines = [f"⚠ {e}" for e in errors[:4]]
            more = len(errors) - len(lines)
            if more:
                lines.append(f"… and {more} more (see `quizapp content check`)")
            self.query_one("#deck-problems", Static).update("\n".join(lines))

    def on_screen_resume(self) -> None:
        self.action_refresh_counts()

    def action_refresh_counts(self) -> None:
        """Due/new counts and the streak, read fresh from the store."""
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

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.app.action_study([event.row_key.value])

    def action_drill(self) -> None:
        self.app.action_drill(self.app.drill_new)
