"""Browse: search every card, look at one, and suspend, bury, flag or reset it.

The search box uses the language of :mod:`quizapp.search` (the same as
``quizapp cards``) and filters as you type, after a short pause so a fast
typist does not re-run it on every key. Actions change the card's user flags
in the store at once; suspended and buried cards are then left out of study
by the session's queries. Reset asks twice, because it forgets what was learnt
(the log keeps a reset row, so the history stays honest). The preview shows
the card's memory state as Anki's card info does: stability, difficulty and
retrievability now, with the weights in use.
"""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from quizapp.errors import QuizError
from quizapp.tui.safe_static import SafeStatic  # untrusted text: shown, never obeyed

DEBOUNCE_S = 0.25
FLAGS = 5  # 0 = none, 1-4 like Anki's coloured flags
# (key, label, width): fixed widths so all six fit in 80 columns; the preview
# below the table shows a long id in full.
COLUMNS = (("id", "Card", 26), ("deck", "Deck", 12), ("kind", "Kind", 7), ("state", "State", 9),
           ("due", "Due", 7), ("lapses", "Lapses", 6))


class BrowseScreen(Screen):
    CSS_PATH = "browse.tcss"
    BINDINGS = [
        Binding("s", "suspend", "Suspend", id="browse-suspend"),
        Binding("b", "bury", "Bury", id="browse-bury"),
        Binding("f", "flag", "Flag", id="browse-flag"),
        Binding("r", "reset", "Reset", id="browse-reset"),
        Binding("slash", "focus_search", "Search", id="browse-search"),
        Binding("down", "focus_table", "Results", show=False, id="browse-results"),
        Binding("escape", "app.pop_screen", "Back", id="browse-back"),
    ]

    def __init__(self, query: str = ""):
        super().__init__()
        self.query_text = query
        self.texts: dict[str, str] = {}  # searchable text per card, kept between searches
        self.cards = {}
        self.leeches: set[str] = set()
        self.pending_reset: str | None = None
        self._debounce = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(self.query_text, placeholder="search: deck:ann* tag:cnn is:due -is:new \"a phrase\" "
                    "(Enter or ↓: results, / back here)", id="browse-query")
        table = DataTable(id="browse-table", cursor_type="row", zebra_stripes=True)
        for key, label, width in COLUMNS:
            table.add_column(label, key=key, width=width)
        yield table
        with VerticalScroll(id="browse-preview"):
            yield SafeStatic(id="browse-card")
        yield Static(id="browse-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Browse"
        self.cards = {card.id: card for card in self.app.library.cards}
        self.run_search()
        self.query_one("#browse-query", Input).focus()

    # ----- searching ----------------------------------------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(DEBOUNCE_S, self.run_search)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_text = event.value
        self.run_search()
        self.action_focus_table()

    def run_search(self) -> None:
        from quizapp.clock import utc_now
        from quizapp.search import find

        app = self.app
        try:
            matches = find(app.store, self.cards.values(), self.query_text, utc_now(),
                           app.ctx.settings.day_starts_at_hour, texts=self.texts, srs=self.srs())
        except QuizError as e:
            self.set_status(str(e))
            return
        self.leeches = app.store.leech_ids()
        table = self.query_one("#browse-table", DataTable)
        table.clear()
        now = utc_now()
        for card, state in matches:
            table.add_row(*self.cells(card, state, now), key=card.id)
        self.pending_reset = None
        self.set_status(f"{len(matches)} of {len(self.cards)} cards")
        self.show_preview()

    def cells(self, card, state, now) -> list:
        from quizapp.card_info import due_text, state_label
        from quizapp.tui.card_view import plain

        return plain(card.id, card.deck, card.kind, state_label(state, now, card.id in self.leeches),
                     due_text(state, now), state.lapses)

    def srs(self):
        """The scheduler of the settings in use now (Settings may change the weights)."""
        from quizapp.srs import Srs

        return Srs(self.app.ctx.settings, fuzzing=False)

    def set_status(self, text: str) -> None:
        self.query_one("#browse-status", Static).update(text)

    # ----- the highlighted card ----------------------------------------------
    def current_id(self) -> str | None:
        table = self.query_one("#browse-table", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value != self.pending_reset:
            self.pending_reset = None
        self.show_preview()

    def show_preview(self) -> None:
        from quizapp.card_info import answer_text, memory_text
        from quizapp.clock import utc_now

        card_id = self.current_id()
        box = self.query_one("#browse-card", Static)
        if card_id is None:
            box.update("No card matches this search.")
            return
        card, state = self.cards[card_id], self.app.store.card_state(card_id)
        text = Text()
        text.append(f"{card.id}  ·  {card.kind} · {card.level}\n", style="dim")
        text.append(card.question + "\n\n", style="bold")
        text.append(answer_text(card) + "\n\n")
        tags = ", ".join(card.tags) or "–"
        text.append(f"tags {tags}\nsource {card.source}\nreps {state.reps} · lapses {state.lapses}"
                    f" · flag {state.flag}" + (" · leech: rewrite it" if card_id in self.leeches else "")
                    + "\n" + memory_text(state, self.srs(), utc_now()), style="dim")
        box.update(text)

    # ----- actions on the highlighted card -----------------------------------
    def changed(self, card_id: str, message: str) -> None:
        """Show the card's new state in its row and the preview, and say what happened."""
        self.pending_reset = None
        self.leeches = self.app.store.leech_ids()
        table = self.query_one("#browse-table", DataTable)
        from quizapp.clock import utc_now

        cells = self.cells(self.cards[card_id], self.app.store.card_state(card_id), utc_now())
        for (key, _, _), value in zip(COLUMNS, cells):
            table.update_cell(card_id, key, value, update_width=True)
        self.show_preview()
        self.set_status(message)

    def action_suspend(self) -> None:
        card_id = self.current_id()
        if card_id is None:
            return
        suspended = not self.app.store.card_state(card_id).suspended
        self.app.store.set_flags(card_id, suspended=suspended)
        self.changed(card_id, f"{card_id} {'suspended' if suspended else 'unsuspended'}.")

    def action_bury(self) -> None:
        from quizapp.card_info import is_buried
        from quizapp.clock import day_end
        from quizapp.clock import utc_now

        card_id = self.current_id()
        if card_id is None:
            return
        now = utc_now()
        if is_buried(self.app.store.card_state(card_id), now):
            self.app.store.set_flags(card_id, buried_until=None)
            self.changed(card_id, f"{card_id} unburied.")
            return
        until = day_end(now, self.app.ctx.settings.day_starts_at_hour)
        self.app.store.set_flags(card_id, buried_until=until)
        self.changed(card_id, f"{card_id} buried until the next study day.")

    def action_flag(self) -> None:
        card_id = self.current_id()
        if card_id is None:
            return
        flag = (self.app.store.card_state(card_id).flag + 1) % FLAGS
        self.app.store.set_flags(card_id, flag=flag)
        self.changed(card_id, f"{card_id}: flag {flag}." if flag else f"{card_id}: flag removed.")

    def action_reset(self) -> None:
        from quizapp.clock import utc_now

        card_id = self.current_id()
        if card_id is None:
            return
        if self.pending_reset != card_id:
            self.pending_reset = card_id
            self.set_status(f"Press r again to reset {card_id}: it becomes new, flags cleared.")
            return
        self.pending_reset = None
        done = self.app.store.reset_card(card_id, utc_now())
        self.changed(card_id, f"{card_id} reset: it is new again." if done else f"{card_id} is already new.")

    def action_focus_search(self) -> None:
        self.query_one("#browse-query", Input).focus()

    def action_focus_table(self) -> None:
        self.query_one("#browse-table", DataTable).focus()

    def check_action(self, action: str, parameters) -> bool | None:
        """Letters typed into the search box must not act on the highlighted card."""
        if isinstance(self.focused, Input) and action in ("suspend", "bury", "flag", "reset", "focus_search"):
            return False
        return True
