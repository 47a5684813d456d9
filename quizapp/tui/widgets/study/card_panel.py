"""The card on the study screen: question, options, answer and "more", drawn from
a :class:`quizapp.study.attempt.ReviewAttempt` (so the screen never decides
what a card shows: the attempt's state does).
"""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll

from quizapp.study.attempt import CHOOSE, ReviewAttempt
from quizapp.tui.card_view import answer_text, choice_lines
from quizapp.tui.safe_static import SafeStatic  # card text and verdicts: shown, never obeyed


class CardPanel(VerticalScroll):
    """The card in a round border, the question in bold; the rest of the screen is the screen's."""

    DEFAULT_CSS = """
    CardPanel {
        width: 100%;  /* not the scroll view's 1fr, which gives way to the answer box's margin */
        height: 1fr;
        padding: 0 2;
        border: round $primary;
        #question { text-style: bold; margin-bottom: 1; }
        #answer { margin-top: 1; }
        #more { margin-top: 1; color: $text-muted; }
    }
    """

    def compose(self) -> ComposeResult:
        yield SafeStatic(id="question")
        yield SafeStatic(id="options")
        yield SafeStatic(id="answer")
        yield SafeStatic(id="more")

    def show(self, attempt: ReviewAttempt, *, new_card: bool = False) -> None:
        """Draw ``attempt`` as it stands; ``new_card`` also scrolls back to the top."""
        self.query_one("#question", SafeStatic).update(attempt.prompt.text)
        options = self.query_one("#options", SafeStatic)
        options.display = attempt.answered_by == CHOOSE
        if options.display:
            options.update(choice_lines(attempt.prompt, attempt.selected, attempt.revealed))
        self.query_one("#answer", SafeStatic).update(_answer(attempt) if attempt.revealed else "")
        if new_card:
            self.query_one("#more", SafeStatic).update("")
            self.scroll_home(animate=False)

    def show_more(self, attempt: ReviewAttempt) -> None:
        if attempt.revealed and attempt.card.more:
            self.query_one("#more", SafeStatic).update(attempt.card.more)


def _answer(attempt: ReviewAttempt) -> Text:
    """The verdict, then the card's answer as its kind shows it (the back, the
    filled cloze, the explanation, or a numeric card's worked steps)."""
    parts: list[str | Text] = [attempt.verdict] if attempt.verdict else []
    parts.append(answer_text(attempt.prompt, attempt.solution))
    return Text("\n\n").join(Text(p) if isinstance(p, str) else p for p in parts if p)
