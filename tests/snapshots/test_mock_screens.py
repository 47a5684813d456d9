"""How a mock interview looks at 80x24: a question answered in words and waiting for its
rating, and the report at the end. Everything on screen is fixed: the demo deck's
questions in a given order, an empty store, and a hand-driven clock that does not move
unless the test moves it. Regenerate with ``pytest tests/snapshots --snapshot-update``
after a deliberate change, and look at the new SVGs."""
from __future__ import annotations

import pytest

from quizapp.content.deck import load_library
from quizapp.store.database import Store
from quizapp.study.mock import MockInterview
from quizapp.study.mock_plan import MockOptions
from quizapp.study.srs import AGAIN, GOOD, Srs
from quizapp.tui.app import QuizApp
from quizapp.tui.mock import MockScreen
from quizapp.tui.mock_report import MockReportScreen
from timekeeping import UTC, Clock

SMALL = (80, 24)


@pytest.fixture
def store(ctx):
    with Store.open(ctx.db_path) as opened:
        yield opened


def demo_mock(ctx, store, clock: Clock) -> tuple[QuizApp, MockInterview]:
    library = load_library(ctx.content_dirs)
    app = QuizApp(ctx, library, store, clock=clock)
    questions = [library.card(card_id) for card_id in ("demo.what-is-ann", "demo.sigmoid", "demo.relu")]
    mock = MockInterview(store, Srs(ctx.settings, fuzzing=False, tz=UTC), ctx.settings, questions,
                         MockOptions(minutes=5, decks=("demo",)), clock=clock)
    return app, mock


def test_mock_screen_with_a_typed_answer_shown(snap_compare, ctx, store):
    clock = Clock()
    app, mock = demo_mock(ctx, store, clock)

    async def answer(pilot) -> None:
        await pilot.pause()
        clock.advance(seconds=75)  # before the screen reads it: the clock shows 03:45 from its first frame
        pilot.app.push_screen(MockScreen(mock))
        await pilot.pause()
        await pilot.press("tab", *"layers", "enter")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SMALL, run_before=answer)


def test_mock_report_screen(snap_compare, ctx, store):
    clock = Clock()
    app, mock = demo_mock(ctx, store, clock)
    clock.advance(seconds=95)
    mock.answer(GOOD, answer="layers of weighted sums")
    clock.advance(seconds=70)
    mock.answer(AGAIN)
    clock.advance(seconds=20)
    report, problem = mock.finish(ctx.data_dir)
    assert problem is None

    async def open_report(pilot) -> None:
        await pilot.pause()
        pilot.app.push_screen(MockReportScreen(report))
        await pilot.pause()

    assert snap_compare(app, terminal_size=SMALL, run_before=open_report)
