"""Browse with Pilot: type a search, act on a card, read the result back from SQLite."""
from __future__ import annotations

import sqlite3

from quizapp.content.deck import load_library
from quizapp.store.database import Store
from quizapp.study.session import StudySession
from quizapp.tui.app import QuizApp
from quizapp.tui.browse import DEBOUNCE_S, BrowseScreen
from screen_helpers import wait_for


def make_app(ctx) -> QuizApp:
    return QuizApp(ctx, load_library(ctx.content_dirs), Store.open(ctx.db_path))


def state_row(ctx, card_id: str):
    with sqlite3.connect(ctx.db_path) as db:
        return db.execute("SELECT suspended, buried_until, flag FROM card_state WHERE card_id = ?",
                          (card_id,)).fetchone()


def table_ids(screen) -> list[str]:
    table = screen.query_one("#browse-table")
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def open_browse(app, pilot, query: str) -> BrowseScreen:
    screen = BrowseScreen()
    app.push_screen(screen)
    await pilot.pause()
    assert table_ids(screen) == ["demo.what-is-ann", "demo.sigmoid", "demo.relu"]  # empty search: all
    await pilot.press(*query)
    await searched(pilot, screen)
    return screen


async def searched(pilot, screen: BrowseScreen) -> None:
    """Wait until the table shows the search for what the box holds: the box searches
    DEBOUNCE_S after the last key, so a fixed pause either wastes time or, under load, is too short."""
    for _ in range(int(10 / 0.05)):
        if screen.query_text == screen.search.value:
            return
        await pilot.pause(0.05)
    raise AssertionError(f"no search for {screen.search.value!r} within 10 s (debounce {DEBOUNCE_S} s)")


async def to_results(pilot, screen: BrowseScreen) -> None:
    """Enter in the box, as a learner goes to the results: the table takes focus one
    message later, and Pilot's idle check (process time against wall time) can pass
    before that on a loaded machine, so a key pressed at once would be typed into the box."""
    await pilot.press("enter")
    await wait_for(pilot, lambda: screen.focused is screen.table, seconds=10)


async def test_search_suspend_and_the_card_leaves_study(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_browse(app, pilot, "kind:cloze or kind:qa -is:suspended")
        assert table_ids(screen) == ["demo.what-is-ann", "demo.sigmoid"]
        assert state_row(ctx, "demo.what-is-ann") is None  # typing "s" in the box did not suspend
        assert "weighted sums" in str(screen.query_one("#browse-card").render())
        await to_results(pilot, screen)
        await pilot.press("down")  # second row
        assert "1 / (1 + e^(−z))" in str(screen.query_one("#browse-card").render())
        await pilot.press("s")
        assert state_row(ctx, "demo.sigmoid") == (1, None, 0)
        assert "suspended" in str(screen.query_one("#browse-table").get_cell("demo.sigmoid", "state"))
        session = StudySession(app.store, app.library.cards, app.ctx.settings)
        queued = []
        while (card := session.current()) is not None:
            queued.append(card.id)
            session.answer(4)
        assert queued == ["demo.what-is-ann", "demo.relu"]
        await pilot.press("s")
        assert state_row(ctx, "demo.sigmoid")[0] == 0
        await pilot.press("escape")
        assert not isinstance(app.screen, BrowseScreen)


async def test_bury_flag_and_malformed_search(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_browse(app, pilot, "deck:demo")
        await to_results(pilot, screen)
        await pilot.press("b", "f", "f")
        suspended, buried_until, flag = state_row(ctx, "demo.what-is-ann")
        assert (suspended, flag) == (0, 2) and buried_until is not None
        assert StudySession(app.store, app.library.cards, app.ctx.settings).remaining()[0] == 2
        await pilot.press("f", "f", "f")  # 2 -> 3 -> 4 -> 0
        assert state_row(ctx, "demo.what-is-ann")[2] == 0
        await pilot.press("b")  # unbury
        assert state_row(ctx, "demo.what-is-ann")[1] is None
        await pilot.press("slash")
        # Pasted, as one change: typed key by key, a loaded machine can let the debounce
        # pass between two keys and search "deck:demo k" (no rows) before the bad query.
        screen.search.value += " kind:essay"
        await searched(pilot, screen)
        status = str(screen.query_one("#browse-status").render())
        assert status.startswith("search: 'kind:essay': kind must be one of")
        assert table_ids(screen) == ["demo.what-is-ann", "demo.sigmoid", "demo.relu"]  # rows kept


async def test_reset_progress_asks_twice(ctx):
    app = make_app(ctx)
    session = StudySession(app.store, app.library.cards, app.ctx.settings)
    session.answer(4)  # demo.what-is-ann learnt
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_browse(app, pilot, "is:new")
        assert table_ids(screen) == ["demo.sigmoid", "demo.relu"]
        await pilot.press("slash", *["backspace"] * len("is:new"))
        await searched(pilot, screen)
        await to_results(pilot, screen)
        await pilot.press("r")
        assert "Press r again" in str(screen.query_one("#browse-status").render())
        assert app.store.card_state("demo.what-is-ann").reps == 1  # not yet
        await pilot.press("r")
        assert state_row(ctx, "demo.what-is-ann") is None
        assert [r["kind"] for r in app.store.reviews("demo.what-is-ann")] == ["qa", "reset"]
        assert str(screen.query_one("#browse-table").get_cell("demo.what-is-ann", "state")) == "new"
