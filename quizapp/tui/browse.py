"""Browse: search every card, look at one, and suspend, bury, flag or reset it.

The search box uses the language of :mod:`quizapp.search.query` (the same as
``quizapp cards``) and filters once the typist pauses. The screen shows and
forwards: :class:`~quizapp.search.browser.CardBrowser` searches and acts on the
highlighted card (through :mod:`quizapp.study.card_flags`, at once; suspended and
buried cards are then left out of study), and asks twice before a reset, which
forgets what was learnt. ``e`` opens the card's YAML in the learner's editor
(:meth:`QuizApp.edit_card`) and searches the reloaded decks. The widgets show
what the screen sets: the table and the preview say what is highlighted by
messages, the status line is bound to :attr:`BrowseScreen.status`.
"""
from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.widgets import Header, Input

from quizapp.clock import utc_now
from quizapp.errors import QuizError
from quizapp.search.browser import CardBrowser
from quizapp.tui.base import QuizScreen
from quizapp.tui.widgets.browse.card_preview import CardPreview, Shown
from quizapp.tui.widgets.browse.card_table import CardTable, row_cells
from quizapp.tui.widgets.browse.search_box import DEBOUNCE_S, SearchBox
from quizapp.tui.widgets.footer import Footer
from quizapp.tui.widgets.note import Note

__all__ = ["DEBOUNCE_S", "BrowseScreen"]
CARD_ACTIONS = ("act", "edit", "focus_search")  # never while typing a search


class BrowseScreen(QuizScreen):
    CSS_PATH = "browse.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "act('suspend')", "Suspend", id="browse-suspend"),
        Binding("b", "act('bury')", "Bury", id="browse-bury"),
        Binding("f", "act('flag')", "Flag", id="browse-flag"),
        Binding("r", "act('reset')", "Reset", id="browse-reset"),  # asks first: CardBrowser.act
        Binding("e", "edit", "Edit", id="browse-edit"),
        Binding("slash", "focus_search", "Search", id="browse-search"),
        Binding("down", "focus_table", "Results", show=False, id="browse-results"),
        Binding("escape", "app.pop_screen", "Back", id="browse-back"),
    ]
    status: reactive[str] = reactive("")

    def __init__(self, query: str = ""):
        super().__init__()
        self.query_text = query

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
        self.browser = CardBrowser(self.app.store, self.app.library.cards, lambda: self.app.ctx.settings)
        self.run_search()
        self.search.focus()

    def on_search_box_search(self, message: SearchBox.Search) -> None:
        self.query_text = message.query
        self.run_search()
        if message.submitted:
            self.action_focus_table()

    def run_search(self) -> None:
        now = utc_now()
        try:
            matches = self.browser.search(self.query_text, now)
        except QuizError as e:
            self.status = str(e)
            return
        leeches = self.browser.leeches
        self.table.show([(card.id, row_cells(card, state, card.id in leeches, now)) for card, state in matches])
        self.status = f"{len(matches)} of {len(self.browser.cards)} cards"

    def on_card_table_highlighted(self, message: CardTable.Highlighted) -> None:
        self.browser.highlighted(message.card_id)
        self.show_preview(message.card_id)

    def show_preview(self, card_id: str | None) -> None:
        self.preview.shown = None if card_id is None else Shown(*self.browser.facts(card_id), self.browser.srs(),
                                                                 utc_now())

    def action_act(self, action: str) -> None:
        """Suspend, bury, flag or reset the highlighted card; show its new row and what happened."""
        card_id = self.table.card_id
        if card_id is None:
            return
        now = utc_now()
        self.status = self.browser.act(action, card_id, now)
        self.table.update_card(card_id, row_cells(*self.browser.facts(card_id), now))
        self.show_preview(card_id)

    def action_edit(self) -> None:
        """The highlighted card's YAML in the learner's editor; the decks reload after."""
        if self.table.card_id is not None:
            self.app.edit_card(self.table.card_id, self.edited)

    def edited(self, card) -> None:
        """The decks were reloaded: search them again, the edited card highlighted."""
        self.browser.reload(self.app.library.cards)
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
