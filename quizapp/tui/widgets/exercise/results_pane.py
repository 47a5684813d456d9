"""The editor's results pane: what the last move said, the latest results, the hints.

Three parts, one reactive each, so a hint is added below the test results
instead of replacing them. :attr:`headline` (a notice, the rating asked for) is
set on every move and brings the pane back to its top, even with the same text
(a re-run scrolls up too); a longer :attr:`hints` scrolls down to the newest.
"""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.reactive import reactive

from quizapp.tui.safe_static import SafeStatic  # learner output and deck text: shown, never obeyed


class ResultsPane(VerticalScroll):
    DEFAULT_CSS = "ResultsPane > SafeStatic { margin-bottom: 1; } ResultsPane > SafeStatic.-empty { display: none; }"

    headline: reactive[Text] = reactive(Text, always_update=True, init=False)
    body: reactive[Text] = reactive(Text, init=False)  # the latest results, or the solution
    hints: reactive[Text] = reactive(Text, init=False)

    def compose(self) -> ComposeResult:
        for part in ("headline", "body", "hints"):
            yield SafeStatic(id=f"results-{part}", classes="-empty")

    def _show(self, part: str, text: Text) -> SafeStatic:
        shown = self.query_one(f"#results-{part}", SafeStatic)
        shown.update(text)
        shown.set_class(not text.plain, "-empty")
        return shown

    def watch_headline(self, text: Text) -> None:
        self._show("headline", text)
        self.scroll_home(animate=False)

    def watch_body(self, text: Text) -> None:
        self._show("body", text)

    def watch_hints(self, old: Text, new: Text) -> None:
        self._show("hints", new)
        if len(new.plain) > len(old.plain):
            self.call_after_refresh(self.scroll_end, animate=False)
