"""Browse's table as drawn at 80 and 200 columns: columns fit the terminal, a cut cell
ends in an ellipsis, and a flag shows in Anki's colour."""
from __future__ import annotations

from quizapp.content.deck import load_library
from quizapp.store.database import Store
from quizapp.tui.app import QuizApp
from quizapp.tui.browse import BrowseScreen
from quizapp.tui.widgets.browse.flag_style import FLAG_STYLES
from screen_helpers import wait_for

from .test_browse_tui import to_results

LONG_ID = "interview-prep.why-batch-normalisation-lets-deeper-networks-train-faster"
DECK = f"""\
deck: interview-prep
title: Long names
cards:
  - id: {LONG_ID}
    kind: qa
    level: basic
    source: Batch normalisation
    front: Why does batch normalisation let a deeper network train with a larger learning rate?
    back: It keeps each layer's inputs at a steady scale.
  - id: interview-prep.short
    kind: qa
    level: basic
    source: Dropout
    front: What does dropout do at test time?
    back: Nothing; the weights were scaled in training.
"""


def table_lines(screen) -> list[str]:
    """The table's lines as drawn: the header, then one per visible row."""
    table = screen.table
    return [table.render_line(y).text for y in range(table.row_count + 1)]


async def open_browse(ctx, deck_dir, size):
    (deck_dir / "prep.yaml").write_text(DECK, encoding="utf-8")
    app = QuizApp(ctx, load_library(ctx.content_dirs), Store.open(ctx.db_path))
    return app, app.run_test(size=size)


async def test_columns_fit_200_and_80_columns_and_cut_cells_end_in_an_ellipsis(ctx, deck_dir):
    app, running = await open_browse(ctx, deck_dir, (200, 50))
    async with running as pilot:
        screen = BrowseScreen()
        app.push_screen(screen)
        await pilot.pause()
        header, *rows = table_lines(screen)
        assert header.split() == ["Card", "Question", "Deck", "Kind", "State", "Due", "Lapses"]
        long_row = next(r for r in rows if LONG_ID in r)  # the whole id, at 200 columns
        assert "Why does batch normalisation let a deeper network train" in long_row
        assert len(header.rstrip()) >= 190  # the columns span the width, none left half empty

        await pilot.resize_terminal(80, 24)
        # The columns are refitted to the new width a few frames after the resize.
        narrow = ["Card", "Deck", "Kind", "State", "Due", "Lapses"]  # "Lapses" whole
        await wait_for(pilot, lambda: table_lines(screen)[0].split() == narrow)
        header, *rows = table_lines(screen)
        assert len(header) <= 80 - screen.table.styles.scrollbar_size_vertical
        long_row = next(r for r in rows if r.startswith(" interview-prep.why-"))
        card_cell = long_row[:screen.table.widths["id"] + 2].strip()
        assert card_cell.endswith("…") and LONG_ID.startswith(card_cell[:-1])
        assert " interview-prep.short " in "\n".join(rows)  # what fits is not cut


async def test_a_flag_is_drawn_in_its_anki_colour(ctx, deck_dir):
    app, running = await open_browse(ctx, deck_dir, (120, 30))
    async with running as pilot:
        screen = BrowseScreen()
        app.push_screen(screen)
        await pilot.pause()
        await to_results(pilot, screen)
        await pilot.press("f", "f")  # flag 1 (red), then 2 (orange)
        card_id = screen.table.card_id
        assert app.store.card_state(card_id).flag == 2
        id_cell, state_cell = (screen.table.get_cell(card_id, key) for key in ("id", "state"))
        assert id_cell.style == FLAG_STYLES[2] == "bold #f76b15"
        assert state_cell.plain == "new, orange flag"
        assert [state_cell.plain[s.start:s.end] for s in state_cell.spans if s.style == FLAG_STYLES[2]] == [
            "orange flag"]
        assert "orange flag" in str(screen.query_one("#browse-card").render())
        assert str(screen.query_one("#browse-status").render()) == f"{card_id}: orange flag."
