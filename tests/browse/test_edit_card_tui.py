"""``e`` in Browse: the card's YAML opens in a real editor process at its line; a
built-in card is copied into the learner's deck first (asked); the decks reload
after, and a file that no longer loads is shown as path:line and loses nothing."""
from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest

from quizapp.content.deck import load_library
from quizapp.paths import builtin_content_dir, user_deck_dir
from quizapp.store.database import Store
from quizapp.study.srs import Srs
from quizapp.tui.app import QuizApp
from quizapp.tui.browse import BrowseScreen
from quizapp.tui.copy_card import CopyCardScreen

from .test_browse_tui import searched, to_results

# A stand-in for vi: it is given "+LINE FILE" as vi is, notes both, and replaces text.
EDITOR = """\
import pathlib, sys
log, old, new, line, path = sys.argv[1:]
pathlib.Path(log).write_text(f"{line} {path}", encoding="utf-8")
text = pathlib.Path(path).read_text(encoding="utf-8")
pathlib.Path(path).write_text(text.replace(old, new), encoding="utf-8")
"""


@pytest.fixture
def editor(tmp_path, monkeypatch):
    """``editor(old, new)``: set EDITOR to the script, replacing ``old`` by ``new``; the
    file it records says which ``+LINE FILE`` it was given."""
    script, log = tmp_path / "editor.py", tmp_path / "editor.log"
    script.write_text(EDITOR, encoding="utf-8")

    def use(old: str, new: str) -> Path:
        monkeypatch.delenv("VISUAL", raising=False)
        monkeypatch.setenv("EDITOR", shlex.join([sys.executable, str(script), str(log), old, new]))
        return log

    return use


async def browse(app, pilot, query: str) -> BrowseScreen:
    screen = BrowseScreen(query)
    app.push_screen(screen)
    await pilot.pause()
    await to_results(pilot, screen)
    return screen


def preview(screen) -> str:
    return str(screen.query_one("#browse-card").render())


async def test_e_edits_a_card_of_ones_own_deck_in_place_and_browse_shows_it(ctx, deck_dir, editor):
    log = editor("Layers of weighted sums", "Stacked weighted sums")
    app = QuizApp(ctx, load_library(ctx.content_dirs), Store.open(ctx.db_path))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await browse(app, pilot, "demo.what-is-ann")
        await pilot.press("e")
        await pilot.pause()
        assert log.read_text(encoding="utf-8") == f"+4 {deck_dir / 'demo.yaml'}"  # the card's line
        assert "Stacked weighted sums" in (deck_dir / "demo.yaml").read_text(encoding="utf-8")
        assert app.library.card("demo.what-is-ann").answer_text().startswith("Stacked weighted sums")
        assert screen.table.card_id == "demo.what-is-ann" and "Stacked weighted sums" in preview(screen)
        await pilot.press("slash", *" Stacked")  # the search reads the new text too
        await searched(pilot, screen)
        assert list(screen.table.rows_shown) == ["demo.what-is-ann"]


async def test_a_built_in_card_is_copied_into_ones_own_deck_when_asked(ctx, editor):
    built_in = builtin_content_dir() / "decks" / "10-ann.yaml"
    shipped = built_in.read_bytes()
    ctx.content_dirs = [builtin_content_dir(), *ctx.content_dirs]
    log = editor("A weight matrix W", "A matrix of weights W")
    app = QuizApp(ctx, load_library(ctx.content_dirs), Store.open(ctx.db_path))
    app.store.record_review("ann.what-defines-a-layer", 3, app.clock(), Srs(ctx.settings))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await browse(app, pilot, "ann.what-defines-a-layer")
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, CopyCardScreen)
        await pilot.press("n")  # no: nothing is copied
        await pilot.pause()
        assert app.screen is screen and not user_deck_dir(ctx.data_dir).exists() and not log.exists()

        await pilot.press("e")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        copy = user_deck_dir(ctx.data_dir) / "ann.yaml"
        line, path = log.read_text(encoding="utf-8").split(" ", 1)
        assert path == str(copy) and copy.read_text(encoding="utf-8").splitlines()[int(line[1:]) - 1] == (
            "  - id: ann.what-defines-a-layer")
        assert built_in.read_bytes() == shipped  # the shipped deck is untouched
        card = app.library.card("ann.what-defines-a-layer")
        assert card.path == str(copy) and card.answer_text().startswith("A matrix of weights W")
        assert len(app.library.deck("ann").cards) == len(load_library([builtin_content_dir()]).deck("ann").cards)
        assert "A matrix of weights W" in preview(screen)
        assert app.store.card_state(card.id).reps == 1  # the same id: its history stays

        await pilot.press("e")  # the copy is edited in place from now on: no question
        await pilot.pause()
        assert app.screen is screen and log.read_text(encoding="utf-8").endswith(str(copy))


async def test_a_yaml_error_after_editing_is_shown_as_path_line_and_loses_nothing(ctx, deck_dir, editor):
    editor("front: What is an ANN?", "front: [What is an ANN?")
    app = QuizApp(ctx, load_library(ctx.content_dirs), Store.open(ctx.db_path))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await browse(app, pilot, "")
        before = app.library
        await pilot.press("e")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any(m.startswith(f"{deck_dir / 'demo.yaml'}:9: ") and "e opens it again" in m for m in messages)
        assert "front: [What is an ANN?" in (deck_dir / "demo.yaml").read_text(encoding="utf-8")  # kept
        assert app.library is before and len(screen.table.rows_shown) == 3  # every card still there


async def test_e_after_a_reveal_in_study_edits_the_card_shown(ctx, deck_dir, editor):
    log = editor("level: basic", "level: advanced")
    app = QuizApp(ctx, load_library(ctx.content_dirs), Store.open(ctx.db_path), mode="study", decks=["demo"])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        shown = app.screen.attempt.card
        await pilot.press("e")  # before the reveal e is no edit (on a choice card it is option e)
        await pilot.pause()
        assert not log.exists()
        await pilot.press("space", "e")
        await pilot.pause()
        assert log.read_text(encoding="utf-8") == f"+{shown.line} {deck_dir / 'demo.yaml'}"
        assert app.library.card(shown.id).level == "advanced"  # the decks were reloaded
        assert app.screen.attempt.card.id == shown.id  # still on the card, to rate it


async def test_a_built_in_exercise_says_it_is_not_copied_without_asking(ctx, editor):
    from quizapp.content.library import load_everything

    log = editor("x", "y")
    ctx.content_dirs = [builtin_content_dir(), *ctx.content_dirs]
    library, exercises = load_everything(ctx.content_dirs)
    app = QuizApp(ctx, library, Store.open(ctx.db_path), exercises=exercises)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await browse(app, pilot, "exercises.softmax")
        await pilot.press("e")
        await pilot.pause()
        assert app.screen is screen and not log.exists()
        assert any(n.message.startswith("exercises.softmax is a built-in coding exercise") for n in app._notifications)
