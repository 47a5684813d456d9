"""A mock interview in the real app, driven by Pilot on the demo deck with a hand-driven clock:
answer, pause, finish, the report, review rows marked mock, the history file."""
from __future__ import annotations

import json
import sqlite3

from decks import NEURON
from quizapp.content.deck import load_library
from quizapp.store.database import Store
from quizapp.study.mock import MockRun
from quizapp.study.mock_history import history_file
from quizapp.study.mock_plan import MockOptions
from quizapp.tui.app import QuizApp
from quizapp.tui.home import HomeScreen
from quizapp.tui.mock import MockScreen
from quizapp.tui.mock_report import MockReportScreen
from quizapp.tui.mock_setup import MockSetupScreen
from quizapp.tui.widgets.study.card_panel import CardPanel
from screen_helpers import footer_keys, wait_for_engines
from timekeeping import Clock


def make_app(ctx, clock: Clock, **kwargs) -> QuizApp:
    return QuizApp(ctx, load_library(ctx.content_dirs), Store.open(ctx.db_path), clock=clock, **kwargs)


def mock_rows(ctx) -> list[tuple]:
    with sqlite3.connect(ctx.db_path) as db:
        return db.execute("SELECT card_id, rating, answer, mode, duration_ms FROM reviews ORDER BY id").fetchall()


def shown(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def answer_current(pilot, rating: str, words: str = "") -> str:
    """Answer the question on screen as a learner would (typed words for a qa or cloze card,
    a wrong pick for the choice card), then rate it; returns its card id."""
    panel = pilot.app.screen.query_one("#mock-question")
    card = panel.attempt.card
    if card.kind == "choice":
        wrong = next(i for i, option in enumerate(panel.attempt.prompt.options) if option != "ReLU")
        await pilot.press("abc"[wrong], "enter")
        await pilot.pause()  # the footer is rebuilt for the revealed card on the next frame
        assert panel.attempt.correct is False and footer_keys(pilot.app.screen)["enter"] == "Again"
    else:
        into_box = ["tab"] if words and not panel.query_one("#numeric-input").has_focus else []
        await pilot.press(*into_box, *words, "enter")  # one word: its letters are keys
        assert shown(panel, "#card #answer").startswith(f"Your answer: {words}" if words else "")
    assert panel.attempt.revealed
    await pilot.press(rating)
    await pilot.pause()
    return card.id


async def test_a_short_mock_answered_paused_and_finished_gives_the_report_and_logs_mock_rows(ctx):
    clock = Clock()
    app = make_app(ctx, clock, mode="mock", mock=(run := MockRun(MockOptions(minutes=5))))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MockScreen)
        assert sorted(c.kind for c in screen.mock.questions) == ["choice", "cloze", "qa"]  # 2 + 2 + 1 minutes
        assert shown(screen, "#mock-clock").startswith("⏱ 05:00 left · question 1 of 3 · concepts · demo · basic")
        first = screen.mock.current()
        if first.kind != "choice":  # typing into the box never rates: "3" is a character there
            await pilot.press("tab", "3")
            assert mock_rows(ctx) == [] and screen.query_one("#numeric-input").value == "3"
            await pilot.press("backspace")
        clock.advance(seconds=40)
        first_id = await answer_current(pilot, "3", "layers")
        clock.advance(seconds=20)
        await pilot.press("p")  # pause: the question is hidden, its keys do nothing, the clock stops
        assert screen.has_class("-paused") and not screen.query_one("#mock-question").display
        clock.advance(minutes=10)
        await pilot.press("3", "space", "s")
        screen.tick()
        assert shown(screen, "#mock-clock").startswith("⏸ 04:00 paused, p resumes · question 2 of 3")
        await pilot.press("p")
        clock.advance(seconds=30)
        second_id = await answer_current(pilot, "2")
        assert shown(screen, "#mock-clock").startswith("⏱ 03:30 left · question 3 of 3")
        await pilot.press("escape")  # end the mock: the third question is not reached
        await pilot.pause()
        report_screen = app.screen
        assert isinstance(report_screen, MockReportScreen)
        text = shown(report_screen, "#mock-report-text")
        assert text.startswith("Mock interview: ")
        assert "not reached" in text and "By topic" in text and "Study next" in text
        rows = mock_rows(ctx)
        assert [(r[0], r[3], r[4]) for r in rows] == [(first_id, "mock", 40_000), (second_id, "mock", 50_000)]
        assert rows[0][2] == ("layers" if first.kind != "choice" else next(o for o in ("Sigmoid", "Tanh")
                                                                            if o == rows[0][2]))
        (line,) = history_file(ctx.data_dir).read_text(encoding="utf-8").splitlines()
        assert json.loads(line) == run.reports[0] and run.reports[0]["answered"] == 2
        assert run.reports[0]["ended"] == "stopped"
        await pilot.press("enter")  # started for the mock: closing the report ends the app
        await pilot.pause()
    assert app.return_code == 0


async def test_when_the_time_is_up_the_report_follows_once_a_shown_answer_is_rated(ctx):
    clock = Clock()
    app = make_app(ctx, clock, mode="mock", mock=(run := MockRun(MockOptions(minutes=5))))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        await answer_current(pilot, "4", "sums")
        panel = screen.query_one("#mock-question")
        if panel.attempt.card.kind == "choice":
            await pilot.press("a", "enter")
        else:
            await pilot.press("enter")
        clock.advance(minutes=6)
        screen.tick()  # time up, but the answer on screen waits for its rating
        assert app.screen is screen and shown(screen, "#mock-clock").startswith("⏱ 00:00 left")
        await pilot.press("3")
        await pilot.pause()
        assert isinstance(app.screen, MockReportScreen)
        assert run.reports[0]["ended"] == "time up" and run.reports[0]["answered"] == 2


async def test_home_m_asks_minutes_decks_and_levels_then_starts_and_an_unanswered_mock_records_nothing(ctx):
    app = make_app(ctx, Clock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("m")
        dialog = app.screen
        assert isinstance(dialog, MockSetupScreen)
        await pilot.press("backspace", "backspace", "4", "enter")  # 4 minutes: below the least
        assert shown(dialog, "#mock-setup-problem") == "Minutes must be 5-180, not 4"
        await pilot.press("backspace", "1", "0", "tab", "tab", "space")  # untick the first level (basic)
        assert dialog.chosen() == MockOptions(minutes=10, levels=("advanced", "research"))
        await pilot.click("#mock-start")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)  # the demo deck has no advanced card: nothing to ask
        assert [n.message for n in app._notifications] == ["No cards in these decks and levels: nothing to ask."]
        await pilot.press("m", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MockScreen) and len(app.screen.mock.questions) == 3
        await pilot.press("escape")  # end it: nothing answered
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        *_, last = (n.message for n in app._notifications)
        assert last == "The mock ended before the first answer: nothing recorded."
        assert mock_rows(ctx) == [] and not history_file(ctx.data_dir).exists()


async def test_a_numeric_question_is_typed_checked_by_its_engine_and_logged_with_the_verdict(ctx, deck_dir):
    (deck_dir / "num.yaml").write_text(NEURON, encoding="utf-8")
    clock = Clock()
    app = make_app(ctx, clock, mode="mock", mock=MockRun(MockOptions(minutes=5, decks=("num",))))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert [c.id for c in screen.mock.questions] == ["num.neuron"]
        assert screen.focused.id == "numeric-input"  # a number is typed: the box has the keys
        await pilot.press(*"0.5498", "enter")  # typed while torch may still load: checked once it has
        await wait_for_engines(app, pilot)
        panel = screen.query_one("#mock-question")
        for _ in range(200):
            if panel.attempt.revealed:
                break
            await pilot.pause(0.05)
        assert panel.attempt.correct is True and shown(panel, "#card #answer").startswith("✓ Correct")
        clock.advance(seconds=95)
        await pilot.press("enter")  # Enter after a right answer: Good
        await pilot.pause()
        assert isinstance(app.screen, MockReportScreen)
    with sqlite3.connect(ctx.db_path) as db:
        assert db.execute("SELECT card_id, rating, answer, correct, mode, duration_ms FROM reviews").fetchall() == [
            ("num.neuron", 3, "0.5498", 1, "mock", 95_000)]


async def test_help_lists_the_mock_keys(ctx):
    from quizapp.tui.help import sections

    app = make_app(ctx, Clock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        listed = dict(sections(app))
        assert {("s", "Skip"), ("p", "Pause"), ("p", "Resume"), ("esc", "End"), ("tab", "Type it"),
                ("space/⏎", "Show answer"), ("⏎/3", "Good"), ("m", "More")} <= set(listed["Mock interview"])
        assert ("m", "Mock") in listed["Home"]


async def test_the_card_looks_the_same_in_a_mock_as_in_study_whichever_opens_first(ctx):
    """The card's look lived in both screens' stylesheets, which Textual applies app-wide
    once loaded: a mock opened first had a card of the scroll view's width (1fr), one
    opened after study got study's 100%. The widgets now carry their own look."""

    def look(screen) -> tuple:
        card = screen.query_one(CardPanel)
        styles = [card.styles, card.query_one("#question").styles, screen.query_one("#status").styles]
        return tuple((s.width, s.height, s.padding, s.border, s.text_style, s.margin) for s in styles)

    looks = []
    for mode, kwargs in (("study", {"decks": ["demo"]}), ("mock", {"mock": MockRun(MockOptions(minutes=5))})):
        app = make_app(ctx, Clock(), mode=mode, **kwargs)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            looks.append(look(app.screen))
    assert looks[0] == looks[1]
    assert str(looks[0][0][0]) == "100w"  # 100% of the width
