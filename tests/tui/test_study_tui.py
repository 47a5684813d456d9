"""Drive the real Textual app with Pilot and read the answers back from SQLite."""
from __future__ import annotations

import sqlite3
from datetime import UTC

import pytest

from quizapp.content.deck import load_library
from quizapp.store.database import Store
from quizapp.tui.app import QuizApp
from quizapp.tui.home import HomeScreen
from quizapp.tui.study import StudyScreen
from quizapp.tui.summary import SummaryScreen
from screen_helpers import footer_keys
from timekeeping import Clock


def make_app(ctx, **kwargs) -> QuizApp:
    store = Store.open(ctx.db_path)
    return QuizApp(ctx, load_library(ctx.content_dirs), store, **kwargs)


def review_rows(ctx) -> list[tuple]:
    with sqlite3.connect(ctx.db_path) as db:
        return db.execute("SELECT card_id, rating, answer, correct FROM reviews ORDER BY id").fetchall()


async def test_home_lists_decks_with_counts(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        decks = app.screen.query_one("#decks")
        assert decks.option_count == 1
        assert str(decks.get_option_at_index(0).prompt).split()[:4] == ["demo", "0", "3", "3"]
        assert str(app.screen.query_one("#deck-header").render()).split() == ["Deck", "Due", "New", "Cards", "Title"]


async def test_home_invites_a_streak_until_there_is_one(ctx):
    """Issue 17: with nothing studied, home said "🔥 0-day streak"."""
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert str(app.screen.query_one("#streak").render()).startswith("🔥 start a streak today · 0 due today")
        await pilot.press("a", "space", "3", "escape")  # study all: one answer, then back home
        await pilot.pause()
        assert str(app.screen.query_one("#streak").render()).startswith("🔥 1-day streak · ")


async def test_enter_studies_the_highlighted_deck_and_home_recounts_on_return(ctx, deck_dir):
    demo = (deck_dir / "demo.yaml").read_text(encoding="utf-8")
    (deck_dir / "other.yaml").write_text(
        demo.replace("deck: demo", "deck: other").replace("demo.", "other."), encoding="utf-8")
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert [row.name for row in app.screen.rows] == ["demo", "other"]
        await pilot.press("down", "enter")
        assert isinstance(app.screen, StudyScreen)
        assert app.screen.prompt.card.id.startswith("other.")
        await pilot.press("space", "4", "escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.rows[1][:4] == ("other", 0, 2, 3)  # one new card fewer
        assert str(app.screen.query_one("#decks").get_option_at_index(1).prompt).split()[:4] == [
            "other", "0", "2", "3"]
        assert app.screen.query_one("#decks").highlighted == 1  # the cursor stays on the deck


async def test_study_reveal_rate_and_rows_are_saved(ctx):
    app = make_app(ctx, mode="study", decks=["demo"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        first = screen.prompt.card.id
        assert first == "demo.what-is-ann"  # new cards come in deck order
        await pilot.press("3")  # rating before reveal does nothing
        assert review_rows(ctx) == []
        await pilot.press("space")
        assert "weighted sums" in str(screen.query_one("#answer").render())
        ratings = str(screen.query_one("#ratings").render())
        assert "Again" in ratings and "Good" in ratings
        await pilot.press("3")
        assert review_rows(ctx) == [("demo.what-is-ann", 3, None, None)]
        assert screen.prompt.card.id == "demo.sigmoid"
        await pilot.press("enter", "1")  # reveal with Enter, then Again
        assert review_rows(ctx)[-1][:2] == ("demo.sigmoid", 1)


async def test_a_wrong_choice_defaults_to_again_and_any_rating_can_be_chosen(ctx):
    # At noon: answered at 03:55, Hard's 6-minute step would end on tomorrow's study day and so
    # would the session, before the next card this test reads (CI once ran at that hour).
    app = make_app(ctx, mode="study", decks=["demo"], clock=Clock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("space", "3", "space", "3")  # answer the qa and cloze cards
        assert screen.prompt.card.id == "demo.relu"
        wrong = next(i for i, o in enumerate(screen.prompt.options) if o != "ReLU")
        await pilot.press("abc"[wrong], "enter")
        assert screen.attempt.correct is False
        picked = screen.prompt.options[wrong]
        assert footer_keys(screen)["enter"] == "Again"  # the footer says what Enter does
        await pilot.press("2")  # the learner may still choose: Hard (a slip, say)
        assert review_rows(ctx)[-1] == ("demo.relu", 2, picked, 0)
        await pilot.pause()
        assert "enter" not in footer_keys(screen)  # the next card: Space shows it again
        assert footer_keys(screen)["space"] == "Show answer"


async def test_enter_after_a_wrong_choice_rates_again(ctx):
    app = make_app(ctx, mode="study", decks=["demo"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("space", "3", "space", "3")
        wrong = next(i for i, o in enumerate(screen.prompt.options) if o != "ReLU")
        await pilot.press("abc"[wrong], "enter", "enter")
        assert review_rows(ctx)[-1][:2] == ("demo.relu", 1)


async def test_ratings_are_offered_with_the_answer_and_a_pick_clears_the_ask_to_pick(ctx):
    """1-4 were offered before the answer, where they did nothing; "Pick an option first"
    stayed on screen after the pick it asked for; and after the answer the footer, listing
    1-4 beside the rating bar that already offers them, cut "? Help" off at 80 columns."""
    from textual.widgets import Footer

    app = make_app(ctx, mode="study", decks=["demo"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        ratings = screen.query_one("#ratings")
        assert not ratings.intervals and not {"1", "2", "3", "4"} & set(footer_keys(screen))
        await pilot.press("3")  # nothing to rate yet: nothing happens
        assert review_rows(ctx) == [] and screen.prompt.card.id == "demo.what-is-ann"
        await pilot.press("space")
        await pilot.pause()
        assert set(ratings.intervals) == {1, 2, 3, 4} and "Again" in str(ratings.render())
        footer = screen.query_one(Footer)
        assert {"enter", "u", "escape", "question_mark"} <= set(footer_keys(screen))
        assert all(key.region.right <= footer.region.right for key in footer.children)
        await pilot.press("3", "space", "3")
        assert screen.prompt.card.id == "demo.relu"
        status = screen.query_one("#status")
        await pilot.press("space")
        assert "Pick an option first" in str(status.render())
        await pilot.press("a")
        assert "Pick an option first" not in str(status.render())
        assert "press a letter, Enter to check" in str(status.render())


async def test_m_more_is_offered_only_when_the_revealed_card_has_more(ctx, deck_dir):
    """Issue 17: the footer offered "m More" on every card."""
    deck = deck_dir / "demo.yaml"
    back = "    back: Layers of weighted sums followed by non-linear activations.\n"
    deck.write_text(deck.read_text().replace(back, back + "    more: The longer story.\n"))
    app = make_app(ctx, mode="study", decks=["demo"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert "m" not in footer_keys(screen)  # nothing more before the answer is shown
        await pilot.press("space")
        await pilot.pause()
        assert footer_keys(screen)["m"] == "More"
        await pilot.press("m")
        assert str(screen.query_one("#more").render()) == "The longer story."
        await pilot.press("3", "space")  # the cloze card has no more
        await pilot.pause()
        assert screen.attempt.revealed and "m" not in footer_keys(screen)


async def test_on_a_wide_terminal_the_card_keeps_a_readable_width_centred(ctx):
    """Issue 17: at 200 columns card text ran the whole width (study.tcss: 100 at most)."""
    app = make_app(ctx, mode="study", decks=["demo"])
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        await pilot.press("space")
        await pilot.pause()
        for part in ("#progress", "#card", "#status", "#ratings"):
            region = app.screen.query_one(part).region
            assert region.width == 100, part
            assert abs(region.x - (200 - region.right)) <= 1, part  # as much room left as right
    async with make_app(ctx, mode="study", decks=["demo"]).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert pilot.app.screen.query_one("#card").region.width == 80  # narrower: the whole width


async def test_undo_on_a_revealed_unrated_card_says_so_and_keeps_the_previous_answer(ctx):
    app = make_app(ctx, mode="study", decks=["demo"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("space", "3", "space")  # card 2 revealed, not rated
        await pilot.press("u")
        await pilot.pause()
        assert len(review_rows(ctx)) == 1  # the first answer was not taken back
        assert screen.prompt.card.id == "demo.sigmoid" and screen.attempt.revealed
        assert any("not rated yet" in n.message for n in app._notifications)


async def test_undo_restores_the_card_and_removes_the_row(ctx):
    app = make_app(ctx, mode="study", decks=["demo"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("space", "4")
        assert len(review_rows(ctx)) == 1
        await pilot.press("u")
        assert review_rows(ctx) == []
        assert screen.prompt.card.id == "demo.what-is-ann"


async def test_drill_ends_with_a_summary(ctx):
    app = make_app(ctx, mode="drill", drill_new=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("space", "4")  # Easy graduates it: nothing left today
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        text = str(app.screen.query_one("#summary").render())
        assert text.splitlines()[0] == "Drill complete"
        assert "Reviewed      1" in text and "Again rate    0%" in text
        await pilot.press("enter")
        assert isinstance(app.screen, HomeScreen)


async def test_a_drill_left_early_says_it_stopped_and_how_far_it_got(ctx):
    """Issue 17: leaving after 1 of 3 cards said "Drill complete"."""
    app = make_app(ctx, mode="drill", drill_new=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("space", "4", "escape")  # one card done for today, then leave
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        text = str(app.screen.query_one("#summary").render())
        assert text.splitlines()[0] == "Drill stopped: 1 of 3 cards done for today" and "Reviewed      1" in text
        assert "Drill complete" not in text


async def test_a_drill_left_with_an_answered_card_still_to_come_back_says_so(ctx):
    """"Drill stopped: 0 of 3 done" above "Reviewed 1" read as a contradiction."""
    app = make_app(ctx, mode="drill", drill_new=3, clock=Clock())  # at noon: Again's minute stays today
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("space", "1", "escape")  # Again: back in a minute
        await pilot.pause()
        text = str(app.screen.query_one("#summary").render())
        assert text.splitlines()[:2] == ["Drill stopped: 0 of 3 cards done for today",
                                         "(1 answered card comes back later today)"]


async def test_help_opens_and_closes(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        assert app.screen.__class__.__name__ == "HelpScreen"
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_deck_titles_are_shown_as_written_not_as_markup(ctx, deck_dir):
    deck = deck_dir / "demo.yaml"
    deck.write_text(deck.read_text().replace("title: Demo deck", 'title: "Norms [b]L2[/b] and [/x]"'))
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert str(app.screen.query_one("#decks").get_option_at_index(0).prompt).endswith("Norms [b]L2[/b] and [/x]")


async def test_collection_paused_for_start_up_resumes_after_the_first_frame(ctx):
    import gc

    from quizapp import startup_gc

    app = make_app(ctx)
    frozen = gc.get_freeze_count()  # the test session's own long-lived objects (tests/conftest.py)
    startup_gc.pause()  # as `quizapp` does before loading anything
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert gc.isenabled()
            assert gc.get_freeze_count() > frozen  # what start-up built is skipped from now on
    finally:
        gc.enable()
        gc.unfreeze()


def test_resume_leaves_a_running_collector_alone():
    import gc

    from quizapp import startup_gc

    assert gc.isenabled()
    frozen = gc.get_freeze_count()  # the test session's own long-lived objects (tests/conftest.py)
    startup_gc.resume()
    assert gc.isenabled() and gc.get_freeze_count() == frozen


def test_a_start_up_stopped_before_the_first_frame_turns_collection_back_on_and_freezes_nothing(ctx, monkeypatch):
    """Nothing loaded for an app that never opens is worth keeping out of collections.

    Watched through gc.freeze itself: the count of frozen objects also falls whenever
    one of them is freed (a thread of an earlier test ending), so comparing counts flaked."""
    import gc

    from quizapp.commands.home import launch
    from quizapp.errors import UsageError

    freezes: list[None] = []
    monkeypatch.setattr(gc, "freeze", lambda: freezes.append(None))
    with pytest.raises(UsageError, match="no-such-deck"):
        launch(ctx, mode="study", decks=["no-such-deck"])
    assert gc.isenabled() and freezes == []


async def test_a_card_falling_due_while_another_is_shown_does_not_take_its_rating(ctx, clock):
    """Issue 10: card 1 rated Again comes due while card 2 is on screen; revealing and
    rating card 2 must rate card 2 (it used to rate card 1, which the learner never saw)."""
    from datetime import datetime

    clock.now = datetime.now(UTC)  # today, so the store's day matches the session's
    app = make_app(ctx, mode="study", decks=["demo"], clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("space", "1")  # card 1: Again, due in a minute
        second = screen.prompt.card.id
        assert second == "demo.sigmoid"
        clock.advance(seconds=65)
        await pilot.press("space")
        assert screen.queue.current().id == second
        assert "1 / (1 + e^(−z))" in str(screen.query_one("#answer").render())
        await pilot.press("3")
        assert [row[:2] for row in review_rows(ctx)] == [("demo.what-is-ann", 1), ("demo.sigmoid", 3)]
        assert screen.prompt.card.id == "demo.what-is-ann"  # now the due learning card


async def test_clicking_a_rating_on_the_bar_rates_the_card(ctx):
    from quizapp.tui.widgets.study.rating_bar import RatingBar, rating_segments

    app = make_app(ctx, mode="study", decks=["demo"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("space")
        bar = app.screen.query_one(RatingBar)
        widths = [piece.cell_len for _, piece in rating_segments(bar.intervals, bar.default)]
        x = 1 + widths[0] + widths[1] + 2  # padding, then inside "3 Good"
        await pilot.click(RatingBar, offset=(x, 0))
        assert review_rows(ctx) == [("demo.what-is-ann", 3, None, None)]


async def test_escape_on_home_does_not_quit_but_q_does(ctx):
    """Esc steps back from every other screen; pressed once too often it must not
    close the app (issue 17). q (or Ctrl+Q) quits."""
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, HomeScreen)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
