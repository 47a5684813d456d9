"""The solution editor: a Python TextArea where Enter indents as Python wants.

Textual's TextArea inserts a bare newline on Enter, so every line of a function
body would start at column 0. Here Enter keeps the current line's indentation,
one level more after a line ending in ``:`` (``def``, ``if``, ``for``, ...), and
swallows the spaces after the cursor so splitting ``def f(): return 1`` gives
one level, not one level plus a space. :meth:`replace_all` is an edit, so
Ctrl+Z undoes a reset, a loaded attempt or what the learner's own editor did.
"""
from __future__ import annotations

from textual import events
from textual.widgets import TextArea


def indent_after(line_before_cursor: str, indent_width: int) -> str:
    """The indentation a new line gets when Enter is pressed after this text."""
    stripped = line_before_cursor.lstrip(" \t")
    indent = line_before_cursor[:len(line_before_cursor) - len(stripped)]
    return indent + " " * indent_width if stripped.rstrip().endswith(":") else indent


class CodeEditor(TextArea):
    def __init__(self, code: str, **kwargs) -> None:
        super().__init__(code, language="python", theme="monokai", soft_wrap=False,
                         tab_behavior="indent", show_line_numbers=True, **kwargs)  # as TextArea.code_editor

    async def _on_key(self, event: events.Key) -> None:
        if event.key != "enter" or self.read_only or self.selection.start != self.selection.end:
            await super()._on_key(event)
            return
        event.stop()
        event.prevent_default()
        row, column = self.cursor_location
        line = self.document[row]
        after = line[column:]
        skipped = len(after) - len(after.lstrip(" \t"))
        self.replace("\n" + indent_after(line[:column], self.indent_width), (row, column), (row, column + skipped),
                     maintain_selection_offset=False)

    def replace_all(self, text: str) -> None:
        self.replace(text, (0, 0), self.document.end, maintain_selection_offset=False)
        self.focus()
