"""Text for the study screen: answers, options, worked steps, the rating bar.

Plain functions returning Rich ``Text`` so they are easy to test and reuse.
"""
from __future__ import annotations

from rich.table import Table
from rich.text import Text

from quizapp.cards import ChoiceCard, ClozeCard, QACard
from quizapp.formatting import format_value

RATING_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
RATING_STYLES = {1: "bold red", 2: "bold yellow", 3: "bold green", 4: "bold cyan"}


def plain(*values) -> list[Text]:
    """Table cells as plain Text: DataTable reads a str cell as markup, and deck
    titles or card ids with [brackets] must show as written, not crash the app."""
    return [Text(str(value)) for value in values]


def answer_text(prompt) -> Text:
    card = prompt.card
    if isinstance(card, QACard):
        return Text(card.back, style="bold")
    if isinstance(card, ClozeCard):
        text = Text()
        for piece, is_gap in _cloze_pieces(card):
            text.append(piece, style="bold reverse" if is_gap else "")
        return text
    if isinstance(card, ChoiceCard):
        return Text(card.explain or "", style="italic")
    return Text("")


def _cloze_pieces(card: ClozeCard):
    marker = "\x00"
    filled = card.revealed(lambda answer: f"{marker}{answer}{marker}")
    for i, piece in enumerate(filled.split(marker)):
        if piece:
            yield piece, i % 2 == 1


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


def steps_text(result) -> Text:
    text = Text()
    text.append(f"Answer: {format_value(result.expected)}\n", style="bold green")
    for step in result.steps:
        text.append(f"  {step.label}: ", style="bold")
        text.append(f"{format_value(step.value)}\n")
    text.append(f"(checked by PyTorch on {result.device})", style="dim")
    return text


def rating_bar(intervals: dict, default: int) -> Text:
    """``1 Again <1m   2 Hard 6m   3 Good 1d   4 Easy 4d``; Enter's rating is underlined.

    Every rating stays available, as in Anki: the verdict only picks ``default``."""
    text = Text()
    for rating in (1, 2, 3, 4):
        style = RATING_STYLES[rating] + (" underline" if rating == default else "")
        text.append(f" {rating} {RATING_NAMES[rating]} ", style=style)
        text.append(f"{intervals.get(rating, '')}   ")
    return text
