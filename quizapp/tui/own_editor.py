"""Give the terminal to the learner's own editor while it runs (App.suspend), then take it back.

A terminal app can step aside: Textual restores the terminal, the editor has it
until it exits, and the app redraws. Where there is no terminal to hand over the
answer depends on why: a headless app (Pilot, scripts) shows nothing, so the
editor simply runs; in a browser (``quizapp serve``) a terminal editor has
nowhere to draw, so the learner is told instead.
"""
from __future__ import annotations

from textual.app import App, SuspendNotSupported

from quizapp.study.own_editor import Edited, edit_outside

NO_TERMINAL = "Your own editor needs a terminal; this one (a browser?) cannot hand it over."


def edit_in_own_editor(app: App, text: str, file_name: str) -> Edited:
    try:
        with app.suspend():
            return edit_outside(text, file_name)
    except SuspendNotSupported:
        if not app.is_headless:
            return Edited(None, NO_TERMINAL)
    return edit_outside(text, file_name)
