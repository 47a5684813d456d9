"""Home shows per deck what today will actually bring (issue 17): the top limit shared
out among the decks, each deck's own limit under it, and 'Study all' studies exactly
those cards, new ones mixed across decks."""
from __future__ import annotations

from dataclasses import replace

from quizapp.config import DeckLimit
from quizapp.tui.home import HomeScreen
from quizapp.tui.study import StudyScreen


def _rows(app) -> dict[str, tuple[int, int]]:
    return {row.name: (row.due, row.new) for row in app.screen.rows}


def _shown_text(app, index: int) -> list[str]:
    return str(app.screen.query_one("#decks").get_option_at_index(index).prompt).split()[:4]


async def test_the_new_limit_is_shared_among_the_decks_and_study_all_mixes_them(ctx, make_app):
    ctx.settings = replace(ctx.settings, new_per_day=4)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert _rows(app) == {"demo": (0, 2), "other": (0, 2)}  # was 'New 3' on each, 6 for a limit of 4
        assert _shown_text(app, 0) == ["demo", "0", "2", "3"] and _shown_text(app, 1) == ["other", "0", "2", "3"]
        await pilot.press("a")
        assert isinstance(app.screen, StudyScreen)
        decks = []
        for _ in range(4):
            decks.append(app.screen.prompt.card.deck)
            await pilot.press("space", "4")
            await pilot.pause()
        assert decks == ["demo", "other", "demo", "other"]
        assert isinstance(app.screen, HomeScreen)  # the four cards were all of today's
        assert _rows(app) == {"demo": (0, 0), "other": (0, 0)}


async def test_a_decks_own_limit_holds_under_the_top_one(ctx, make_app):
    ctx.settings = replace(ctx.settings, new_per_day=4, deck_limits=(DeckLimit("other", new_per_day=1),))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert _rows(app) == {"demo": (0, 3), "other": (0, 1)}
        await pilot.press("down", "enter")  # other alone: its own limit of one
        assert app.screen.queue.remaining() == (1, 0, 0)
        await pilot.press("space", "4")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert _rows(app) == {"demo": (0, 3), "other": (0, 0)}


async def test_every_key_of_home_fits_in_the_footer_at_80_columns(ctx, make_app):
    """The full-width footer cut Browse, Settings and Quit at 80 columns (d Drill is named
    on the line above the decks, so it has no footer entry)."""
    from textual.widgets._footer import FooterKey

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        keys = {key.key: key.region for key in app.screen.query(FooterKey)}
        assert {"a", "c", "m", "e", "t", "b", "comma", "q", "question_mark"} <= set(keys)
        assert "d drill" in str(app.screen.query_one("#streak").render())
        cut = [(key, region.x, region.right) for key, region in keys.items() if not 0 < region.width <= 80 - region.x]
        assert not cut, cut
