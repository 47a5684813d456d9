"""Numeric cards in the real app: typed answers checked by the engine in a worker."""
from __future__ import annotations

import json
import random
import sqlite3

from decks import MLP, NEURON_AND_RANDOM
from quizapp.content.deck import load_library
from quizapp.store.database import Store
from quizapp.tui.app import Engines, QuizApp
from screen_helpers import footer_keys, wait_for, wait_for_engines


async def solved(app, pilot):
    """The study screen once the engine has solved the card on it."""
    await wait_for_engines(app, pilot)
    screen = app.screen
    await wait_for(pilot, lambda: screen.attempt.solution is not None)
    return screen


def numeric_app(ctx, deck_dir) -> QuizApp:
    (deck_dir / "num.yaml").write_text(NEURON_AND_RANDOM, encoding="utf-8")
    return QuizApp(ctx, load_library(ctx.content_dirs), Store.open(ctx.db_path), mode="study", decks=["num"])


def rows(ctx):
    with sqlite3.connect(ctx.db_path) as db:
        return db.execute("SELECT card_id, rating, answer, correct, params FROM reviews ORDER BY id").fetchall()


async def test_numeric_right_then_wrong(ctx, deck_dir):
    app = numeric_app(ctx, deck_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_engines(app, pilot)
        screen = app.screen
        assert screen.prompt.card.id == "num.neuron"
        assert "x = [2, 1]" in str(screen.query_one("#question").render())  # brackets shown as text
        await wait_for(pilot, lambda: screen.attempt.solution is not None)
        await pilot.press(*"0.5498", "enter")
        assert screen.attempt.correct is True
        answer = str(screen.query_one("#answer").render())
        assert "Correct" in answer and "0.5498" in answer and "PyTorch" in answer
        await pilot.pause()  # the footer is rebuilt for the verdict on a later frame
        assert footer_keys(screen)["enter"] == "Good"
        await pilot.press("enter")  # Enter = Good
        card_id, rating, given, correct, params = rows(ctx)[0]
        assert (card_id, rating, given, correct) == ("num.neuron", 3, "0.5498", 1)
        assert json.loads(params)["params"]["x"] == [2, 1]

        assert screen.prompt.card.id == "num.neuron-random"
        drawn = screen.prompt.params
        assert drawn["activation"] == "relu" and screen.prompt.seed is not None
        await wait_for(pilot, lambda: screen.attempt.solution is not None)
        await pilot.press(*"12345", "enter")
        assert screen.attempt.correct is False
        assert "expected" in str(screen.query_one("#answer").render())
        await pilot.pause()
        assert footer_keys(screen)["enter"] == "Again"
        await pilot.press("enter")  # Enter after a wrong answer: Again
        card_id, rating, given, correct, params = rows(ctx)[1]
        assert (card_id, rating, given, correct) == ("num.neuron-random", 1, "12345", 0)
        logged = json.loads(params)
        assert logged["params"] == drawn
        # The logged seed replays the review: the same parameters come back.
        from engines import get_engine

        replay = get_engine("neuron-output").generate(random.Random(logged["seed"]), "basic",
                                                      fixed={"activation": "relu"})
        assert replay == drawn


async def test_unparseable_answer_can_be_retyped(ctx, deck_dir):
    app = numeric_app(ctx, deck_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await solved(app, pilot)
        await pilot.press(*"abc", "enter")
        assert screen.attempt.revealed is False and screen.attempt.correct is None
        assert rows(ctx) == []
        # Issue 17: one sentence naming what the card takes, in the status line.
        assert str(screen.query_one("#status").render()) == (
            "Could not read 'abc': type a number like 0.25, -3e-4, 1.2 × 10^-5 or 1/3.")


async def test_escape_leaves_the_answer_box_then_space_gives_up(ctx, deck_dir):
    app = numeric_app(ctx, deck_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await solved(app, pilot)
        await pilot.press("escape")
        assert app.screen is screen and screen.focused is None  # still in the session
        await pilot.press("space")
        assert screen.attempt.revealed and screen.attempt.default_rating() == 1
        assert "0.5498" in str(screen.query_one("#answer").render())  # the worked answer is shown
        await pilot.press("enter")
        assert rows(ctx)[0][:4] == ("num.neuron", 1, None, 0)


async def test_without_an_engine_the_learner_rates_the_card_themselves(ctx, deck_dir):
    app = numeric_app(ctx, deck_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        app.engines = Engines(error="PyTorch could not be loaded: test")  # the screen watches it
        await pilot.pause()
        assert screen.attempt.revealed and screen.attempt.default_rating() == 3
        assert "rate the card yourself" in str(screen.query_one("#answer").render())
        await pilot.press("3")
        assert rows(ctx)[0][:4] == ("num.neuron", 3, None, None)


async def test_after_a_wrong_numeric_answer_the_learner_may_pick_any_rating(ctx, deck_dir):
    app = numeric_app(ctx, deck_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await solved(app, pilot)
        await pilot.press(*"0.7", "enter")  # wrong
        assert screen.attempt.correct is False
        await pilot.press("3")  # the learner judges it a pass anyway
        assert rows(ctx)[0][:4] == ("num.neuron", 3, "0.7", 0)


async def test_an_mlp_prompt_shows_its_layers_as_a_table(ctx, deck_dir):
    """Issue 17: the layers were printed as a Python repr on one line."""
    (deck_dir / "mlp.yaml").write_text(MLP, encoding="utf-8")
    app = QuizApp(ctx, load_library(ctx.content_dirs), Store.open(ctx.db_path), mode="study", decks=["mlp"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        question = str(app.screen.query_one("#question").render()).splitlines()
        header = "  layer  W               b     activation  negative_slope"
        assert question[question.index(header):][:4] == [
            header,
            "  1      [ 0.50, -1.00]   0.2  tanh",
            "         [-0.30,  0.80]  -0.1",
            "  2      [ 1.20, -0.75]   0.5  leaky_relu  0.1",
        ]
        assert "What is y?" in question and not any("W=" in line for line in question)
        assert app.screen.query_one("#card").region.width == 80  # the answer box's margin used to narrow it
