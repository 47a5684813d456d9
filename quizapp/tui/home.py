"""Home: every deck with its due and new counts, and the study streak.

The counts are what "Study all" brings today from each deck after every daily
limit (:func:`quizapp.study.counts.deck_counts`), so the rows add up to it; ``c``
opens Custom study (:mod:`quizapp.tui.custom_study`) on the highlighted deck.

The deck list is an ``OptionList`` of fixed-width rows under a header line,
not a ``DataTable``: a DataTable lays its rows out on idle, so they reach the
terminal a frame or two after the screen (about 25 ms of start-up), while an
option list draws them in the first frame.
"""
from __future__ import annotations

from typing import ClassVar, NamedTuple

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from quizapp.tui.base import QuizScreen
from quizapp.tui.widgets.footer import Footer
from quizapp.tui.widgets.home.countdown import CountdownLine

COLUMNS = ("Deck", "Due", "New", "Cards", "Title")


class DeckRow(NamedTuple):
    name: str
    due: int
    new: int
    cards: int
    title: str


def row_cells(row: DeckRow | tuple[str, ...], name_width: int) -> Text:
    """One line of the deck list: name, three right-aligned counts, the title.

    Plain ``Text`` (never markup), so a title with [brackets] shows as written.
    Used for the header too, so the columns line up.
    """
    name, due, new, cards, title = (str(cell) for cell in row)
    return Text(f"{name:<{name_width}}  {due:>5}  {new:>5}  {cards:>5}  {title}",
                no_wrap=True, overflow="ellipsis")


class HomeScreen(QuizScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "app.study", "Study all", id="study-all"),
        Binding("d", "drill", "Drill", show=False, id="drill"),  # the line above the decks names it
        Binding("c", "custom_study", "Custom", id="custom-study"),
        Binding("m", "app.mock", "Mock", id="mock"),
        Binding("e", "app.exercises", "Code", tooltip="Coding exercises", id="exercises"),
        Binding("t", "app.stats", "Stats", id="stats"),
        Binding("b", "app.browse", "Browse", id="browse"),
        Binding("comma", "app.settings", "Settings", id="settings"),
        Binding("r", "refresh", "Refresh counts and settings", show=False, id="refresh"),
        # Not Esc: Esc steps back on every other screen, so pressed once too often it must not quit.
        Binding("q", "app.quit", "Quit", id="quit-home"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[DeckRow] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="streak", markup=False)
        yield CountdownLine(id="countdown")  # the interview date, when one is set
        yield Static(id="deck-header", markup=False)
        yield OptionList(id="decks", compact=True)
        yield Static(id="deck-problems", markup=False)
        # Nine keys and Help: with the full-width spacing or the palette entry (ctrl+p still opens
        # it, ? lists it) Browse, Settings and Quit were cut at 80 columns; d Drill is on the line above.
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        errors = self.app.library.errors
        if errors:
            lines = [f"⚠ {e}" for e in errors[:4]]
            more = len(errors) - len(lines)
            if more:
                lines.append(f"… and {more} more (see `quizapp content check`)")
            self.query_one("#deck-problems", Static).update("\n".join(lines))

    def on_screen_resume(self) -> None:
        """Counts are read whenever home comes back (after studying, settings...)."""
        self.action_refresh_counts()

    def action_refresh(self) -> None:
        """r: the config file read again (a date set from the shell with ``quizapp plan
        --date`` while the app is open), then the counts."""
        self.app.reread_settings()
        self.action_refresh_counts()

    def action_refresh_counts(self) -> None:
        """Due/new counts and the streak, read fresh from the store."""
        from quizapp.clock import utc_now
        from quizapp.study.counts import deck_counts
        from quizapp.study.stats import streak_text

        app, now = self.app, utc_now()
        counts = deck_counts(app.store, app.library.cards, app.ctx.settings, now)
        self.rows = [DeckRow(deck.name, *counts.get(deck.name, (0, 0)), len(deck.cards), deck.title)
                     for deck in app.library.decks]
        width = max([len(COLUMNS[0]), *(len(row.name) for row in self.rows)])
        self.query_one("#deck-header", Static).update(row_cells(COLUMNS, width))
        decks = self.query_one("#decks", OptionList)
        highlighted = decks.highlighted
        decks.set_options(Option(row_cells(row, width), id=row.name) for row in self.rows)
        if self.rows:
            decks.highlighted = min(highlighted or 0, len(self.rows) - 1)
        streak = app.store.history.streak_days(now, app.ctx.settings.day_starts_at_hour)
        total_due = sum(row.due for row in self.rows)
        self.query_one("#streak", Static).update(
            f"🔥 {streak_text(streak)} · {total_due} due today · Enter study · a all · d drill · ? keys"
        )
        self.query_one(CountdownLine).refresh_plan(app.store.path, app.library.cards, app.ctx.settings)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:  # every deck row has its name as id
            self.app.action_study([event.option.id])

    def action_custom_study(self) -> None:
        """Anki's Custom Study dialog, on the highlighted deck; the session it sets up opens on Start."""
        from quizapp.tui.custom_study import CustomStudyScreen

        decks = self.query_one("#decks", OptionList)
        option = None if decks.highlighted is None else decks.get_option_at_index(decks.highlighted)

        def chosen(custom) -> None:
            if custom is not None:
                self.app.action_study(list(custom.decks), custom)

        self.app.push_screen(CustomStudyScreen(option.id if option else None), chosen)

    def action_drill(self) -> None:
        self.app.action_drill(self.app.drill_new)
