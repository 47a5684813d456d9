"""The solution editor: a Python TextArea that keeps its latest text and resets in two presses.

``latest`` is updated on every change, so the screen can still save the code
after the widget is gone (on unmount). :meth:`reset` asks first; any edit in
between (or :meth:`disarm`) takes the question back. Replacing the code is an
edit, so Ctrl+Z undoes a reset or a loaded attempt.
"""
from __future__ import annotations

from textual.widgets import TextArea

ASK = "Press F3 again to replace your code with the starter (Ctrl+Z undoes it)."
RESTORED = "Starter code restored. Ctrl+Z brings your code back; the saved draft keeps it too."


class CodeEditor(TextArea):
    def __init__(self, starter: str, **kwargs) -> None:
        super().__init__(starter, language="python", theme="monokai", soft_wrap=False,
                         tab_behavior="indent", show_line_numbers=True, **kwargs)  # as TextArea.code_editor
        self.starter = self.latest = starter
        self.reset_armed = False

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.latest = self.text
        self.reset_armed = False

    def disarm(self) -> None:
        self.reset_armed = False

    def reset(self) -> tuple[str, bool]:
        """``(what to say, whether the code was replaced)``: the first press only asks."""
        if not self.reset_armed:
            self.reset_armed = True
            return ASK, False
        self.replace_all(self.starter)
        return RESTORED, True

    def replace_all(self, text: str) -> None:
        self.replace(text, (0, 0), self.document.end, maintain_selection_offset=False)
        self.reset_armed = False
        self.focus()
