"""A Static for text from outside the app: card text, learner output.

Markup is off (``[red]`` in a card shows as written) and every control
character is made visible by :func:`quizapp.safetext.visible` as the content
is set, so a card or a solution's output can never set the window title, write
the clipboard or clear the screen. The deck loader already cleans card text;
this is the exit-side half of that rule (see :mod:`quizapp.safetext`).
"""
from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from quizapp.safetext import visible


def shown(content):
    """``content`` with its text made visible: a ``str`` or a Rich ``Text`` (styles
    kept, as :func:`visible` swaps one character for one); other renderables are
    built by the app from such pieces and pass unchanged."""
    if isinstance(content, str):
        return visible(content)
    if isinstance(content, Text) and visible(content.plain) != content.plain:
        content = content.copy()
        content.plain = visible(content.plain)
    return content


class SafeStatic(Static):
    """``Static(markup=False)`` whose content, at creation and on every update, is :func:`shown`."""

    def __init__(self, content="", **kwargs):
        super().__init__(shown(content), markup=False, **kwargs)

    def update(self, content="", *, layout: bool = True) -> None:
        super().update(shown(content), layout=layout)
