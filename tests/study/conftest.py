"""Two decks for the study queue's screens: the demo deck and a copy named other."""
from __future__ import annotations

import pytest

from quizapp.content.deck import load_library
from quizapp.store.database import Store
from quizapp.tui.app import QuizApp


@pytest.fixture
def two_decks(deck_dir):
    """deck_dir with demo (3 new cards) and other (the same 3, ids other.*)."""
    demo = (deck_dir / "demo.yaml").read_text(encoding="utf-8")
    (deck_dir / "other.yaml").write_text(
        demo.replace("deck: demo", "deck: other").replace("title: Demo deck", "title: Other deck")
        .replace("demo.", "other."), encoding="utf-8")
    return deck_dir


@pytest.fixture
def make_app(ctx, two_decks):
    """``make_app(**kwargs)`` -> QuizApp over both decks and a real store."""
    def make(**kwargs) -> QuizApp:
        return QuizApp(ctx, load_library(ctx.content_dirs), Store.open(ctx.db_path), **kwargs)
    return make
