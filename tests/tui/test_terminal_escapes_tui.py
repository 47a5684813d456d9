"""The study screen draws card text as text: no control character reaches the terminal.

Two ways in: a deck file (cleaned by the loader, which also warns), and a card
that never met the loader (as from a cache written by an older version), which
only the screen's own widgets can clean.
"""
from __future__ import annotations

from hostile_text import ESCAPE_DECK, controls
from quizapp.content.cards import Deck, QACard
from quizapp.content.deck import Library, load_library
from quizapp.store.database import Store
from quizapp.tui.app import QuizApp

RAW = "Raw \x1b]0;pwned\x07 \x1b]52;c;aGVsbG8=\x07 \x1b[2J\x1b[H \x9b31m \x07 \x08 \r \x7f end"


def drawn(screen, *ids: str) -> str:
    """The text of every segment the widgets draw, line by line."""
    lines = []
    for widget_id in ids:
        widget = screen.query_one(widget_id)
        for y in range(widget.size.height):
            lines.append("".join(segment.text for segment in widget.render_line(y)))
    return "\n".join(lines)


async def study_and_read(ctx, library: Library) -> str:
    app = QuizApp(ctx, library, Store.open(ctx.db_path), mode="study", decks=["esc"])
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("space", "m")
        await pilot.pause()
        return drawn(app.screen, "#question", "#answer", "#more")


async def test_a_deck_with_escapes_draws_only_text(ctx, deck_dir):
    (deck_dir / "esc.yaml").write_text(ESCAPE_DECK, encoding="utf-8")
    text = await study_and_read(ctx, load_library(ctx.content_dirs))
    assert "Front ␛]0;pwned␇" in text and "Back ␛]0;pwned␇" in text and "More ␛]0;pwned␇" in text
    assert controls(text) == []


async def test_a_card_that_bypassed_the_loader_draws_only_text(ctx):
    card = QACard(id="esc.raw", deck="esc", kind="qa", level="basic", source="s",
                  front="Front " + RAW, back="[bold]Back[/bold] " + RAW, more="More " + RAW)
    text = await study_and_read(ctx, Library(decks=[Deck("esc", "Esc", "", "-", (card,))]))
    assert "Front Raw ␛]0;pwned␇" in text and "[bold]Back[/bold] Raw ␛]0;pwned" in text
    assert "More Raw ␛]0;pwned␇" in text and "�31m" in text
    assert controls(text) == []
