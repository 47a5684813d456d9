"""Custom study from home (issue 17): `c` opens Anki's Custom Study dialog on the
highlighted deck; a cram session says so in its title, shows every card once, brings
an Again back and leaves every schedule as it was; a bad search is one line."""
from __future__ import annotations

import sqlite3

from textual.widgets import Input, RadioSet

from quizapp.study.attempt import CHOOSE
from quizapp.study.custom import CustomStudy
from quizapp.tui.custom_study import CustomStudyScreen
from quizapp.tui.home import HomeScreen
from quizapp.tui.study import StudyScreen
from quizapp.tui.widgets.study.rating_bar import RatingBar


def _log(ctx) -> list[tuple]:
    with sqlite3.connect(ctx.db_path) as db:
        return db.execute("SELECT card_id, rating, mode FROM reviews ORDER BY id").fetchall()


def _states(ctx) -> list[tuple]:
    with sqlite3.connect(ctx.db_path) as db:
        return db.execute("SELECT card_id, state, due FROM card_state ORDER BY card_id").fetchall()


async def _answer(pilot, rating: str) -> None:
    """Show the answer of the card on screen (a choice card: pick a, check) and rate it."""
    keys = ("a", "enter") if pilot.app.screen.attempt.answered_by == CHOOSE else ("space",)
    await pilot.press(*keys, rating)
    await pilot.pause()


async def _choose(pilot, index: int) -> None:
    """Press the custom study choice ``index`` (0 search, 1 ahead, 2 cram) as a learner does."""
    kind = pilot.app.screen.query_one("#custom-kind", RadioSet)
    kind.focus()
    await pilot.pause()
    for _ in range(index):
        await pilot.press("down")
    await pilot.press("enter")


async def test_cram_from_home_shows_every_card_once_and_moves_no_schedule(ctx, make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down", "c")  # on the other deck
        assert isinstance(app.screen, CustomStudyScreen)
        assert app.screen.query_one("#custom-search-box", Input).value == "deck:other"
        await _choose(pilot, 2)
        await pilot.click("#custom-start")
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)
        assert app.screen.title == "Cram: deck:other"
        first = app.screen.prompt.card.id
        await pilot.press("space")
        bar = str(app.screen.query_one(RatingBar).render())
        assert bar.split() == ["1", "Again", "1m", "2", "Hard", "10m", "3", "Good", "done", "4", "Easy", "done"]
        await pilot.press("1")  # Again: back in the session after the other two
        shown = [first]
        for _ in range(3):
            await pilot.pause()
            shown.append(app.screen.prompt.card.id)
            await _answer(pilot, "3")
        assert isinstance(app.screen, HomeScreen)
    assert sorted(shown) == sorted([first, "other.relu", "other.sigmoid", "other.what-is-ann"])
    assert shown[-1] == first
    assert [mode for *_, mode in _log(ctx)] == ["cram"] * 4
    assert all(state == 0 and due is None for _, state, due in _states(ctx))  # every card still new


async def test_home_counts_are_the_same_after_a_cram(ctx, make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        before = [row[:3] for row in app.screen.rows]
        app.action_study([], CustomStudy(cram=True, decks=("demo",)))
        await pilot.pause()
        for _ in range(3):
            await _answer(pilot, "4")
        assert isinstance(app.screen, HomeScreen)
        assert [row[:3] for row in app.screen.rows] == before


async def test_a_bad_search_is_one_line_in_the_dialog_and_nothing_starts(ctx, make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        box = app.screen.query_one("#custom-search-box", Input)
        box.value = "(deck:demo"
        box.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CustomStudyScreen)
        problem = str(app.screen.query_one("#custom-problem").render())
        assert problem == "search: unclosed '(' (add the matching ')')"
        box.value = "deck:nope"
        await pilot.press("enter")
        assert "unknown deck(s): nope (decks: demo, other)" in str(app.screen.query_one("#custom-problem").render())
        await _choose(pilot, 1)
        box.value = "deck:demo"
        app.screen.query_one("#custom-days", Input).value = "0"
        await pilot.click("#custom-start")
        assert str(app.screen.query_one("#custom-problem").render()).startswith("review ahead: a whole number")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and _log(ctx) == []


async def test_a_search_session_reschedules_and_says_what_it_studies(ctx, make_app):
    app = make_app(mode="study", custom=CustomStudy(search="deck:demo is:new kind:qa"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)
        assert app.screen.title == "Custom study: deck:demo is:new kind:qa"
        assert app.screen.prompt.card.id == "demo.what-is-ann"
        await pilot.press("space", "3")
        await pilot.pause()
        assert _log(ctx) == [("demo.what-is-ann", 3, None)]
        assert _states(ctx)[0][1] == 1  # rescheduled: in learning now
