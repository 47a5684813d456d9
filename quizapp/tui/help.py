"""`?`: every key, read from the bindings of the app and of each screen.

Nothing here is written by hand except the screen titles and the few keys that
are not bindings (typing an answer, option letters), so a binding added to a
screen shows up here by itself. Keys are a column of their own, and
descriptions wrap inside theirs, so the table reads at 80x24 and scrolls
(↑/↓, PgUp/PgDn) when it is longer than the terminal. Esc or ? closes it;
other keys scroll or do nothing.
"""
from __future__ import annotations

from importlib import import_module
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

# (title, "module:Screen", keys that are not bindings); the app's own bindings come last.
SCREENS = (
    ("Home", "quizapp.tui.home:HomeScreen", ()),
    ("Study", "quizapp.tui.study:StudyScreen",
     (("a–h", "choice: pick an option (toggles when several are right)"),
      ("type", "numeric: 0.6883, 1e-3, 3/4, [1, 2], 16x15x15; Enter checks"))),
    ("Exercise editor", "quizapp.tui.exercise:ExerciseScreen", ()),
    ("Exercises", "quizapp.tui.exercises:ExerciseListScreen", ()),
    ("Browse", "quizapp.tui.browse:BrowseScreen", (("type", "search: deck:ann* tag:cnn is:due -is:new"),)),
    ("Stats", "quizapp.tui.stats_screen:StatsScreen", ()),
    ("Settings", "quizapp.tui.settings:SettingsScreen", ()),
    ("Drill summary", "quizapp.tui.summary:SummaryScreen", ()),
    ("Mock interview", "quizapp.tui.mock:MockScreen",
     (("a–h", "choice: pick an option (toggles when several are right)"),
      ("type", "after Tab: what you would say; numeric: the number; Enter shows or checks"))),
    ("Mock report", "quizapp.tui.mock_report:MockReportScreen", ()),
)


def key_rows(app, bindings) -> list[tuple[str, str]]:
    """``(keys, description)`` rows: one per description, its keys joined by ``/``,
    in the order first bound (a binding without a description is not a key to learn)."""
    rows: dict[str, list[str]] = {}
    for binding in Binding.make_bindings(bindings):
        if binding.description:
            keys = rows.setdefault(binding.description, [])
            key = app.get_key_display(binding)
            if key not in keys:
                keys.append(key)
    return [("/".join(keys), description) for description, keys in rows.items()]


def sections(app) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every screen's keys, then the keys that work anywhere."""
    found = []
    for title, where, extra in SCREENS:
        module, name = where.split(":")
        screen = getattr(import_module(module), name)
        found.append((title, key_rows(app, screen.BINDINGS) + list(extra)))
    palette = Binding(app.COMMAND_PALETTE_BINDING, "command_palette", "Command palette")
    found.append(("Anywhere", key_rows(app, [*type(app).BINDINGS, palette])))
    return found


def key_table(app) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True, min_width=14)
    table.add_column(ratio=1)
    for title, rows in sections(app):
        table.add_row(Text(title, style="bold underline"), "")
        for keys, description in rows:
            table.add_row(Text(keys), Text(description))  # Text: a "[1, 2]" is not markup
        table.add_row("", "")
    return table


class HelpScreen(ModalScreen):
    CSS_PATH = "help.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close", id="help-close"),
        Binding("question_mark", "dismiss", "Close", show=False, id="help-close-question"),
    ]

    def compose(self) -> ComposeResult:
        self.box = VerticalScroll(id="help")
        self.box.border_title = "Keys"
        self.box.border_subtitle = "↑/↓ PgUp/PgDn scroll · Esc or ? close"
        with self.box:
            yield Static(key_table(self.app), id="help-keys", markup=False)

    def on_mount(self) -> None:
        self.box.focus()
