"""The help screen is built from the bindings, fits 80x24 by scrolling, keeps its
columns, and only Esc or ? close it."""
from __future__ import annotations

from rich.console import Console

from quizapp.content.deck import load_library
from quizapp.store.database import Store
from quizapp.tui.app import QuizApp
from quizapp.tui.browse import BrowseScreen
from quizapp.tui.help import HelpScreen, key_table, sections
from quizapp.tui.home import HomeScreen


def make_app(ctx) -> QuizApp:
    return QuizApp(ctx, load_library(ctx.content_dirs), Store.open(ctx.db_path))


async def test_every_described_binding_is_listed_and_columns_hold(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        listed = dict(sections(app))
        assert ("s", "Suspend") in listed["Browse"] and ("^s", "Save") in listed["Settings"]
        assert ("esc/q", "Back") in listed["Stats"] and ("^p", "Command palette") in listed["Anywhere"]
        for screen in (BrowseScreen, HomeScreen):
            described = {b.description for b in screen.BINDINGS if b.description}
            title = "Browse" if screen is BrowseScreen else "Home"
            assert described == {d for _, d in listed[title]} - {"search: deck:ann* tag:cnn is:due -is:new"}
        keys = {k for rows in listed.values() for k, _ in rows}
        console = Console(width=74, record=True)
        console.print(key_table(app))
        for line in console.export_text().splitlines():
            head = line[:14].strip()
            # a wrapped description never reaches the key column
            assert head == "" or head in keys or any(t.startswith(head) for t in listed), line


async def test_help_scrolls_at_80x24_and_closes_only_on_escape_or_question_mark(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        box = help_screen.query_one("#help")
        assert box.max_scroll_y > 0 and box.has_focus  # longer than the terminal: it scrolls
        await pilot.press("pagedown")
        await pilot.wait_for_scheduled_animations()  # the page scrolls smoothly
        assert box.scroll_y > 0
        await pilot.press("a", "q", "enter")  # home's keys do nothing under the help
        assert app.screen is help_screen
        await pilot.press("question_mark")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("question_mark", "escape")
        assert isinstance(app.screen, HomeScreen)
