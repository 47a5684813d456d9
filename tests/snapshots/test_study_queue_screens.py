"""The study queue's screens at 80x24 (issue 17): home with the new-card limit shared
out among two decks (one with its own limit), and the Custom study dialog. Everything
is fixed: the demo deck and a copy, an empty store. Regenerate after a deliberate
change with ``pytest tests/snapshots/test_study_queue_screens.py --snapshot-update``
and look at the new SVGs."""
from __future__ import annotations

from dataclasses import replace

import pytest

from quizapp.config import DeckLimit
from quizapp.content.deck import load_library
from quizapp.store.database import Store
from quizapp.tui.app import QuizApp

SMALL = (80, 24)


@pytest.fixture
def app(ctx, deck_dir):
    demo = (deck_dir / "demo.yaml").read_text(encoding="utf-8")
    (deck_dir / "other.yaml").write_text(demo.replace("deck: demo", "deck: other").replace(
        "title: Demo deck", "title: Other deck").replace("demo.", "other."), encoding="utf-8")
    ctx.settings = replace(ctx.settings, new_per_day=4, deck_limits=(DeckLimit("other", new_per_day=1),))
    with Store.open(ctx.db_path) as store:
        yield QuizApp(ctx, load_library(ctx.content_dirs), store)


def test_home_shares_the_new_card_limit_among_the_decks(snap_compare, app):
    assert snap_compare(app, terminal_size=SMALL)


def test_custom_study_dialog(snap_compare, app):
    async def open_dialog(pilot) -> None:
        await pilot.pause()
        await pilot.press("down", "c")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SMALL, run_before=open_dialog)
