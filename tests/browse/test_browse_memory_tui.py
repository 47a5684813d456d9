"""Browse's card info shows the memory state as Anki's does, and its search takes
prop:r (Pilot, real store). The figures are FSRS-6's defaults worked by hand:
one Good on a new card gives S = w2 = 2.3065 days and D = w4 - e^(2 w5) + 1
= 2.118 (12 % on Anki's scale); two study days later R = 91 %."""
from __future__ import annotations

from datetime import timedelta

from quizapp.clock import utc_now
from quizapp.config import Settings
from quizapp.content.deck import load_library
from quizapp.store.database import Store
from quizapp.study.srs import Srs
from quizapp.tui.app import QuizApp
from quizapp.tui.browse import BrowseScreen

from .test_browse_tui import searched, table_ids, to_results


def preview(screen) -> str:
    return str(screen.query_one("#browse-card").render())


async def test_card_info_shows_s_d_r_and_prop_r_searches(ctx):
    with Store.open(ctx.db_path) as store:
        store.record_review("demo.sigmoid", 3, utc_now() - timedelta(days=2), Srs(Settings(), fuzzing=False))
    app = QuizApp(ctx, load_library(ctx.content_dirs), Store.open(ctx.db_path))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = BrowseScreen()
        app.push_screen(screen)
        await pilot.pause()
        assert "stability — · difficulty — · retrievability —" in preview(screen)  # a new card
        await to_results(pilot, screen)
        await pilot.press("down")
        assert "demo.sigmoid" in preview(screen)
        assert "stability 2.3 days · difficulty 2.1/10 (12%) · retrievability 91%" in preview(screen)
        await pilot.press("slash", *"prop:r<0.95")
        await searched(pilot, screen)
        assert table_ids(screen) == ["demo.sigmoid"]
        await pilot.press("backspace")  # prop:r<0.9: the card is at 91 %, so none
        await searched(pilot, screen)
        assert table_ids(screen) == []
