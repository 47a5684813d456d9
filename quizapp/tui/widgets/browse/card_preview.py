"""The Browse preview: the highlighted card in full, with its memory state.

It shows what its ``shown`` reactive holds, so the screen sets facts and never
touches the text; the memory line reads as Anki's card info (stability,
difficulty, retrievability now, with the weights in use).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.reactive import reactive

from quizapp.tui.safe_static import SafeStatic  # card text: shown, never obeyed
from quizapp.tui.widgets.browse.flag_style import FLAG_STYLES

if TYPE_CHECKING:
    from quizapp.content.cards import Card
    from quizapp.study.srs import CardState, Srs

NOTHING = "No card matches this search."


@dataclass(frozen=True)
class Shown:
    """What the preview shows: a card, its state, whether it is a leech, as of ``now``."""

    card: Card
    state: CardState
    leech: bool
    srs: Srs
    now: datetime


def preview_text(shown: Shown) -> Text:
    from quizapp.search.card_info import answer_text, memory_text
    from quizapp.study.card_flags import flag_name

    card, state = shown.card, shown.state
    text = Text()
    text.append(f"{card.id}  ·  {card.kind} · {card.level}\n", style="dim")
    text.append(card.question + "\n\n", style="bold")
    text.append(answer_text(card) + "\n\n")
    tags = ", ".join(card.tags) or "–"
    text.append(f"tags {tags}\nsource {card.source}\nreps {state.reps} · lapses {state.lapses}", style="dim")
    if state.flag:
        text.append(" · ", style="dim")
        text.append(flag_name(state.flag), style=FLAG_STYLES[state.flag])
    text.append((" · leech: rewrite it" if shown.leech else "") + "\n" + memory_text(state, shown.srs, shown.now),
                style="dim")
    return text


class CardPreview(VerticalScroll):
    shown: reactive[Shown | None] = reactive(None, always_update=True, init=False)

    def compose(self) -> ComposeResult:
        self._text = SafeStatic(NOTHING, id="browse-card")
        yield self._text

    def watch_shown(self, shown: Shown | None) -> None:
        self._text.update(NOTHING if shown is None else preview_text(shown))
