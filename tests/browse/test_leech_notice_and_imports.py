"""The study screen tells the learner when an answer made a leech; the new domain
modules stay free of Textual and torch."""
from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import timedelta

from quizapp.clock import utc_now
from quizapp.config import Settings
from quizapp.content.deck import load_library
from quizapp.store.database import Store
from quizapp.study.srs import Srs
from quizapp.tui.app import QuizApp
from quizapp.tui.study import StudyScreen


async def test_study_screen_warns_about_a_new_leech(ctx):
    ctx.settings = replace(Settings(), leech_lapses=1)
    store = Store.open(ctx.db_path)
    store.record_review("demo.what-is-ann", 4, utc_now() - timedelta(days=60), Srs(ctx.settings))
    app = QuizApp(ctx, load_library(ctx.content_dirs), store, mode="study", decks=["demo"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)
        assert app.screen.prompt.card.id == "demo.what-is-ann"  # the due review comes first
        await pilot.press("space", "1")
        messages = [n.message for n in app._notifications]
        assert ("demo.what-is-ann is a leech: lapsed 1 times, suspended. Rewrite it or unsuspend it"
                " in Browse.") in messages
        assert app.screen.prompt.card.id != "demo.what-is-ann"
        assert store.card_state("demo.what-is-ann").suspended and store.resets.leech_ids() == {"demo.what-is-ann"}


def test_search_modules_import_neither_textual_nor_torch():
    modules = ["quizapp.search.query", "quizapp.search.card_info", "quizapp.store.resets", "quizapp.commands.cards"]
    code = ("import sys\n" + "".join(f"import {m}\n" for m in modules) +
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('torch', 'textual')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
