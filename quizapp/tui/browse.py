"""Browse: search every card, look at one, and suspend, bury, flag or reset it.

The search box uses the language of :mod:`quizapp.search.query` (the same as
``quizapp cards``) and filters once the typist pauses. The keys act on the
highlighted card through :mod:`quizapp.study.card_flags`, at once; suspended and
buried cards are then left out of study by the session's queries. Reset asks
twice, because it forgets what was learnt. ``e`` opens the card's YAML in the
learner's editor (:meth:`QuizApp.edit_card`) and searches the reloaded decks. The screen holds the state (the
cards, the search, the status line) and its widgets show it: the table and the
preview say what is highlighted by messages, the status line is bound to
:attr:`BrowseScreen.status`.
"""
from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.widgets import Footer, Header, Input

from quizapp.errors import QuizError
from quizapp.study import card_flags
from quizapp.tui.base import QuizScreen
from quizapp.tui.widgets.browse.card_preview import CardPreview, Shown
from quizapp.tui.widgets.browse.card_table import CardTable, row_cells
from quizapp.tui.widgets.browse.search_box import DEBOUNCE_S, SearchBox
from quizapp.tui.widgets.note import Note

__all__ = ["DEBOUNCE_S", "BrowseScreen"]
CARD_ACTIONS = ("suspend", "bury", "flag", "reset", "edit", "focus_search")  # never while typing a search


class BrowseScreen(QuizScreen):
    CSS_PATH = "browse.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "suspend", "Suspend", id="browse-suspend"),
        Binding("b", "bury", "Bury", id="browse-bury"),
        Binding("f", "flag", "Flag", id="browse-flag"),
        Binding("r", "reset", "Reset", id="browse-reset"),
        Binding("e", "edit", "Edit", id="browse-edit"),
        Binding("slash", "focus_search", "Search", id="browse-search"),
        Binding("down", "focus_table", "Results", show=False, id="browse-results"),
        Binding("escape", "app.pop_screen", "Back", id="browse-back"),
    ]
    status: reactive[str] = reactive("")

    def __init__(self, query: str = ""):
        super().__init__()
        self.query_text = query
        self.texts: dict[str, str] = {}  # searchable text per card, kept between searches
        self.cards: dict = {}
        self.leeches: set[str] = set()
        self.pending_reset: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        self.search = SearchBox(self.query_text, id="browse-query")
        self.table = CardTable(id="browse-table")
        self.preview = CardPreview(id="browse-preview")
        yield from (self.search, self.table, self.preview)
        yield Note(id="browse-status").data_bind(note=BrowseScreen.status)
        yield Footer(compact=True)  # eight keys: the full-width spacing would cut "? Help" at 80 columns

    def on_mount(self) -> None:
        self.title = "Browse"
        self.cards = {card.id: card for card in self.app.library.cards}
        self.run_search()
        self.search.focus()

    def on_search_box_search(self, message: SearchBox.Search) -> None:
        self.query_text = message.query
        self.run_search()
        if message.submitted:
            self.action_focus_table()

    def run_search(self) -> None:
        from quizapp.clock import utc_now
        from quizapp.search.query import find

        app, now = self.app, utc_now()
        try:
            matches = find(app.store, self.cards.values(), self.query_text, now,
                           app.ctx.settings.day_starts_at_hour, texts=self.texts, srs=self.srs())
        except QuizError as e:
            self.status = str(e)
            return
        self.leeches = app.store.leech_ids()
        self.pending_reset = None
        self.table.show([(card.id, row_cells(card, state, card.id in self.leeches, now)) for card, state in matches])
        self.status = f"{len(matches)} of {len(self.cards)} cards"

    def srs(self):
        """The scheduler of the settings in use now (Settings may change the weights)."""
        from quizapp.study.srs import Srs

        return Srs(self.app.ctx.settings, fuzzing=False)

    def on_card_table_highlighted(self, message: CardTable.Highlighted) -> None:
        if message.card_id != self.pending_reset:
            self.pending_reset = None
        self.show_preview(message.card_id)

    def show_preview(self, card_id: str | None) -> None:
        from quizapp.clock import utc_now

        if card_id is None:
            self.preview.shown = None
            return
        self.preview.shown = Shown(self.cards[card_id], self.app.store.card_state(card_id),
                                   card_id in self.leeches, self.srs(), utc_now())

    def act(self, change) -> None:
        """Apply ``change(card_id)`` to the highlighted card; show its new row and what happened."""
        from quizapp.clock import utc_now

        card_id = self.table.card_id
        if card_id is None:
            return
        self.pending_reset = None
        message = change(card_id)
        self.leeches = self.app.store.leech_ids()
        state = self.app.store.card_state(card_id)
        self.table.update_card(card_id, row_cells(self.cards[card_id], state, card_id in self.leeches, utc_now()))
        self.show_preview(card_id)
        self.status = message

    def action_suspend(self) -> None:
        self.act(lambda card_id: card_flags.toggle_suspended(self.app.store, card_id))

    def action_bury(self) -> None:
        from quizapp.clock import utc_now

        hour = self.app.ctx.settings.day_starts_at_hour
        self.act(lambda card_id: card_flags.toggle_buried(self.app.store, card_id, utc_now(), hour))

    def action_flag(self) -> None:
        self.act(lambda card_id: card_flags.next_flag(self.app.store, card_id))

    def action_reset(self) -> None:
        """Press twice: the first press only asks."""
        from quizapp.clock import utc_now

        card_id = self.table.card_id
        if card_id is not None and self.pending_reset != card_id:
            self.pending_reset = card_id
            self.status = f"Press r again to reset {card_id}: it becomes new, flags cleared."
            return
        self.act(lambda card_id: card_flags.reset(self.app.store, card_id, utc_now()))

    def action_edit(self) -> None:
        """The highlighted card's YAML in the learner's editor; the decks reload after."""
        if self.table.card_id is not None:
            self.app.edit_card(self.table.card_id, self.edited)

    def edited(self, card) -> None:
        """The decks were reloaded: search them again, the edited card highlighted."""
        self.cards = {c.id: c for c in self.app.library.cards}
        self.texts.clear()
        self.run_search()
        if card is not None and not self.table.select(card.id):
            self.status = f"{card.id} was saved; it no longer matches this search."

    def action_focus_search(self) -> None:
        self.search.focus()

    def action_focus_table(self) -> None:
        self.table.focus()

    def check_action(self, action: str, parameters) -> bool | None:
        """Letters typed into the search box must not act on the highlighted card."""
        return not (isinstance(self.focused, Input) and action in CARD_ACTIONS)
