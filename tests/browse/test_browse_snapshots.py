"""How Browse looks at 80x24 with its results in focus (columns fitted, a flag in its
colour, the card keys in the footer) and the question before a built-in card is
copied to edit it. Regenerate with ``--snapshot-update`` and look at the SVGs."""
from __future__ import annotations

from pathlib import Path

from quizapp.content.deck import load_library
from quizapp.store.database import Store
from quizapp.tui.app import QuizApp
from quizapp.tui.browse import BrowseScreen
from quizapp.tui.copy_card import CopyCardScreen

SMALL = (80, 24)


async def _results(pilot) -> BrowseScreen:
    await pilot.pause()
    screen = BrowseScreen()
    pilot.app.push_screen(screen)
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    return screen


def test_browse_results_with_a_flagged_and_a_suspended_card(snap_compare, ctx):
    with Store.open(ctx.db_path) as store:
        store.set_flags("demo.sigmoid", flag=3)
        store.set_flags("demo.relu", suspended=True, flag=1)
    app = QuizApp(ctx, load_library(ctx.content_dirs), Store.open(ctx.db_path))
    assert snap_compare(app, terminal_size=SMALL, run_before=_results)


def test_asking_to_copy_a_built_in_card(snap_compare, ctx):
    app = QuizApp(ctx, load_library(ctx.content_dirs), Store.open(ctx.db_path))

    async def ask(pilot) -> None:
        await _results(pilot)
        target = Path("/home/learner/.local/share/quizapp/decks/demo.yaml")  # fixed, unlike tmp_path
        pilot.app.push_screen(CopyCardScreen("demo.what-is-ann", target))
        await pilot.pause()

    assert snap_compare(app, terminal_size=SMALL, run_before=ask)
