"""The task above the editor: the whole prompt, or just its title line while coding.

At 80x24 a prompt of up to a dozen lines takes half the screen, which is right
while reading it and wasteful while writing the code, so :attr:`expanded`
(toggled by the screen's key) folds it to one line: title and signature. It is
sized to its text (no fixed height hiding the end of a long prompt); only in a
terminal shorter than the prompt does it scroll.
"""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.reactive import reactive

from quizapp.tui.safe_static import SafeStatic  # deck text: shown, never obeyed


class PromptPanel(VerticalScroll, can_focus=False):
    DEFAULT_CSS = """
    PromptPanel { height: auto; max-height: 50%; padding: 0 1; border-bottom: solid $primary; }
    PromptPanel.-folded { height: 1; border-bottom: none; background: $boost; }
    PromptPanel.-folded #prompt-text { display: none; }
    """

    expanded: reactive[bool] = reactive(True, init=False)

    def __init__(self, exercise, **kwargs) -> None:
        super().__init__(**kwargs)
        self.exercise = exercise

    def compose(self) -> ComposeResult:
        ex = self.exercise
        yield SafeStatic(Text.assemble((ex.title, "bold"), "  ", (ex.signature, "italic")), id="prompt-title")
        yield SafeStatic(ex.prompt.strip(), id="prompt-text")

    def watch_expanded(self, expanded: bool) -> None:
        self.set_class(not expanded, "-folded")
