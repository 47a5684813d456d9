"""``e`` on a card (Browse, or study after the answer is shown): edit its YAML.

The rules live in :mod:`quizapp.content.card_edit`: where the card is written,
whether a built-in card is copied first, which editor. Here the app asks before
copying (:class:`~quizapp.tui.copy_card.CopyCardScreen`), hands the terminal to
the editor as the exercise editor does (:func:`quizapp.tui.own_editor.with_terminal`:
headless, the editor runs with no terminal; in a browser, ``quizapp serve``, the
learner is told where the card is), and reloads the decks through the content
cache when the editor exits, as the app loaded them at start. When the edited
file no longer loads, its problems are shown as ``path:line: message`` and the
decks loaded before stay in use: nothing on screen is lost, and the learner's
text stays in the file, where ``e`` opens it again.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from quizapp.content import card_edit
from quizapp.errors import QuizError
from quizapp.tui.own_editor import NoTerminal, with_terminal

if TYPE_CHECKING:
    from quizapp.content.cards import Card
    from quizapp.tui.app import QuizApp

Edited = Callable[["Card | None"], None]  # told the card as reloaded (None: its id is gone)


def edit_card(app: QuizApp, card_id: str, edited: Edited | None = None) -> None:
    from quizapp.paths import builtin_content_dir, user_deck_dir
    from quizapp.tui.copy_card import CopyCardScreen

    card = app.library.card(card_id)
    if card is None:
        app.notify(f"{card_id} is not in the loaded decks.", severity="warning", markup=False)
        return
    if not card_edit.needs_copy(card, builtin_content_dir()):
        _edit(app, card_edit.location(card), card_id, edited)
        return
    refusal = card_edit.not_copyable(card)
    if refusal:
        app.notify(refusal, title="Not editable here", severity="warning", timeout=12, markup=False)
        return
    user_dir = user_deck_dir(app.ctx.data_dir)

    def answered(copy: bool | None) -> None:
        if not copy:
            return
        try:
            where = card_edit.copy_card(card, user_dir)
        except QuizError as e:
            app.notify(str(e), title="Not copied", severity="error", timeout=12, markup=False)
            return
        _edit(app, where, card_id, edited)

    app.push_screen(CopyCardScreen(card_id, card_edit.copy_target(card, user_dir)), answered)


def _edit(app: QuizApp, where: card_edit.Where, card_id: str, edited: Edited | None) -> None:
    try:
        command = card_edit.editor_command(where)
    except QuizError as e:
        app.notify(str(e), title="No editor", severity="error", timeout=12, markup=False)
        return
    try:
        failed = with_terminal(app, lambda attached: _run(command, attached=attached))
    except NoTerminal:  # a browser: a terminal editor has nowhere to draw
        app.notify(f"Editing needs a terminal: open {where.path}:{where.line} in your editor,"
                   " then restart quizapp to load it.", title="No terminal", severity="warning",
                   timeout=15, markup=False)
        return
    if failed:
        app.notify(failed, title="No editor", severity="error", timeout=12, markup=False)
        return
    _reload(app, where, card_id, edited)


def _run(command: list[str], *, attached: bool) -> str | None:
    """Run the editor; why it could not start, or None."""
    try:
        card_edit.run_editor(command, attached=attached)
    except QuizError as e:
        return str(e)
    return None


def _reload(app: QuizApp, where: card_edit.Where, card_id: str, edited: Edited | None) -> None:
    from quizapp.content.cache import load_cached
    from quizapp.interchange.userdecks import library_dirs

    dirs = library_dirs(app.ctx)  # with the user deck folder a first copy has just made
    library, exercises = load_cached(dirs, app.ctx.data_dir / "cache")
    problems = card_edit.problems_in(where.path, library.errors)
    if problems:
        more = f"\n… and {len(problems) - 3} more" if len(problems) > 3 else ""
        app.notify("\n".join(map(str, problems[:3])) + more + "\nYour text is kept in the file: e opens it again.",
                   title="Not reloaded: the edited file has a problem", severity="error", timeout=30, markup=False)
        return
    app.ctx.content_dirs, app.library, app.exercises = dirs, library, exercises
    card = library.card(card_id)
    if card is None:
        app.notify(f"{card_id} is no longer in {where.path} (a changed id is a new card).",
                   severity="warning", markup=False)
    else:
        app.notify(f"{card_id} saved; the decks are reloaded.", markup=False)
    if edited is not None:
        edited(card)
