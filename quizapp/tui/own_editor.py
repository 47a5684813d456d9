"""Give the terminal to the learner's own editor while it runs (App.suspend), then take it back.

A terminal app can step aside: Textual restores the terminal, the editor has it
until it exits, and the app redraws. Where there is no terminal to hand over the
answer depends on why: a headless app (Pilot, scripts) shows nothing, so the
editor simply runs, detached; in a browser (``quizapp serve``) a terminal editor
has nowhere to draw, so the learner is told instead. Both editors the app opens
go through :func:`with_terminal`: the exercise's code (:func:`edit_in_own_editor`)
and a card's YAML (:mod:`quizapp.tui.card_editing`).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from textual.app import App, SuspendNotSupported

from quizapp.study.own_editor import Edited, edit_outside

NO_TERMINAL = "Your own editor needs a terminal; this one (a browser?) cannot hand it over."
T = TypeVar("T")


class NoTerminal(Exception):
    """The app is served in a browser: there is no terminal to give the editor."""


def with_terminal(app: App, run: Callable[[bool], T]) -> T:
    """``run(attached)`` with the terminal handed over (``attached``), or, headless, with
    none; raises :class:`NoTerminal` in a browser. ``run`` must not raise: Textual
    resumes only after a clean exit from the suspension."""
    try:
        with app.suspend():
            return run(True)
    except SuspendNotSupported:
        if not app.is_headless:
            raise NoTerminal from None
    return run(False)


def edit_in_own_editor(app: App, text: str, file_name: str) -> Edited:
    try:
        return with_terminal(app, lambda _attached: edit_outside(text, file_name))
    except NoTerminal:
        return Edited(None, NO_TERMINAL)
