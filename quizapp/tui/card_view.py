"""Text for the study screen and Browse: answers and options.

Plain functions returning Rich ``Text`` so they are easy to test and reuse.
"""
from __future__ import annotations

from rich.table import Table
from rich.text import Text


def plain(*values) -> list[Text]:
    """Table cells as plain Text: DataTable reads a str cell as markup, and deck
    titles or card ids with [brackets] must show as written, not crash the app."""
    return [Text(str(value)) for value in values]


def answer_text(prompt, solution=None) -> Text:
    """The revealed answer of any kind (``solution``: a numeric card's engine answer)."""
    return spans_text(prompt.card.answer_spans(solution))


def spans_text(spans) -> Text:
    """A card's styled answer pieces (:meth:`Card.answer_spans`) as one Text."""
    text = Text()
    for piece, style in spans:
        text.append(piece, style=style)
    return text


def choice_lines(prompt, selected: set[int], revealed: bool) -> Table:
    """The options as a grid, so a long option wraps under its own text."""
    card = prompt.card
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for i, option in enumerate(prompt.options):
        style, mark = "", ""
        if revealed:
            right = option in card.correct
            mark = " ✓" if right else (" ✗" if i in selected else "")
            style = "green" if right else ("red" if i in selected else "dim")
        box = "[x]" if i in selected else "[ ]"
        grid.add_row(Text(f"  {'abcdefgh'[i]}) {box}", style=style), Text(option + mark, style=style))
    return grid

