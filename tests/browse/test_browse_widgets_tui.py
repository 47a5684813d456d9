"""Browse's widgets report by messages: a burst of typing is one search, and an
empty result empties the preview and says so in the status line."""
from __future__ import annotations

from quizapp.search import query as search
from quizapp.tui.browse import DEBOUNCE_S, BrowseScreen

from .test_browse_tui import make_app, table_ids


async def test_typing_fast_searches_once_and_no_match_is_said(ctx, monkeypatch):
    app = make_app(ctx)
    queries = []
    real_find = search.find
    monkeypatch.setattr(search, "find", lambda store, cards, query, *a, **k: queries.append(query)
                        or real_find(store, cards, query, *a, **k))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = BrowseScreen()
        app.push_screen(screen)
        await pilot.pause()
        text = "tag:nothing-has-this"
        for end in range(1, len(text) + 1):  # a burst of typing, independent of machine load
            screen.search.value = text[:end]
        await pilot.pause(DEBOUNCE_S + 0.2)
        assert queries == ["", "tag:nothing-has-this"]  # the opening search, then one for the burst
        assert table_ids(screen) == []
        assert str(screen.query_one("#browse-card").render()) == "No card matches this search."
        assert str(screen.query_one("#browse-status").render()) == "0 of 3 cards"
        await pilot.press("r")  # typed into the box, not a reset of a card
        assert screen.browser.pending_reset is None and screen.focused is screen.search
