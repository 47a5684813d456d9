"""An answer the database refuses (locked by another process, read-only) is never lost:
kept in memory and beside the database, written when it can be, and recovered on the
next open if the app quits first."""
from __future__ import annotations

import json
import random
import sqlite3
from contextlib import contextmanager

from quizapp.config import Settings
from quizapp.content.deck import load_library
from quizapp.paths import unsaved_answers_file
from quizapp.store.database import Store
from quizapp.study.session import StudySession
from quizapp.study.srs import Srs
from quizapp.study.unsaved import UnsavedAnswers
from timekeeping import UTC, Clock


@contextmanager
def write_lock_held(db_path):
    """Another process's writer: holds the write lock until the block ends."""
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def _session(ctx, store, clock):
    cards = load_library(ctx.content_dirs).decks[0].cards
    return StudySession(store, cards, Settings(), clock=clock, rng=random.Random(0), tz=UTC,
                        srs=Srs(Settings(), fuzzing=False, tz=UTC),
                        unsaved=UnsavedAnswers(unsaved_answers_file(ctx.data_dir)))


def _log(store):
    return [(r["uid"], r["card_id"], r["rating"]) for r in store.reviews()]


def test_a_locked_database_keeps_the_answer_and_saves_it_when_free(ctx):
    clock = Clock()
    with Store.open(ctx.db_path, timeout=0.05) as store:
        s = _session(ctx, store, clock)
        first = s.current()
        with write_lock_held(ctx.db_path):
            result = s.answer(1)
            assert not result.saved and result.after.state == 1  # scheduled in memory
            second = s.current()
            assert second is not None and second != first  # the session goes on
            clock.advance(seconds=20)
            s.answer(3)  # waits behind the first
            kept = json.loads(unsaved_answers_file(ctx.data_dir).read_text(encoding="utf-8"))
            assert [r["card_id"] for r in kept["reviews"]] == [first.id, second.id]
            assert "busy" in s.unsaved.message()
        assert _log(store) == []
        assert s.save_unsaved() == 0
        assert [(c, r) for _, c, r in _log(store)] == [(first.id, 1), (second.id, 3)]
        assert _log(store)[0][0] == result.uid  # the uid given when answered
        assert not unsaved_answers_file(ctx.data_dir).exists()
        states = {k: v.card.to_dict() for k, v in store.card_states().items()}
        store.rebuild_states(Srs(Settings(), fuzzing=False, tz=UTC))
        assert {k: v.card.to_dict() for k, v in store.card_states().items()} == states


def test_a_read_only_database_keeps_answers_and_undo_drops_a_waiting_one(ctx):
    clock = Clock()
    with Store.open(ctx.db_path) as store:
        store.conn.execute("PRAGMA query_only = 1")  # every write now fails as on a read-only file
        s = _session(ctx, store, clock)
        s.answer(3)
        clock.advance(seconds=5)
        second = s.current()
        s.answer(4)
        assert len(s.unsaved) == 2 and "cannot use the database" in s.unsaved.reason
        assert s.undo() == second  # the waiting answer is simply dropped
        assert len(s.unsaved) == 1
        store.conn.execute("PRAGMA query_only = 0")
        assert s.save_unsaved() == 0
        assert len(store.reviews()) == 1


def test_answers_left_waiting_at_quit_are_added_on_the_next_open(ctx):
    clock = Clock()
    with Store.open(ctx.db_path, timeout=0.05) as store:
        s = _session(ctx, store, clock)
        with write_lock_held(ctx.db_path):
            s.answer(3)
    # the app quit (or was killed) here: the answer is only in the file beside the database
    assert unsaved_answers_file(ctx.data_dir).exists()
    with ctx.open_store() as store:
        assert len(store.reviews()) == 1
        assert not store.states_behind()
    assert not unsaved_answers_file(ctx.data_dir).exists()
    with ctx.open_store() as store:  # idempotent: nothing added twice
        assert len(store.reviews()) == 1


async def test_the_study_screen_shows_a_banner_while_answers_wait(ctx):
    from quizapp.tui.app import QuizApp
    from quizapp.tui.widgets.study.unsaved_banner import UnsavedBanner

    store = Store.open(ctx.db_path, timeout=0.05)
    app = QuizApp(ctx, load_library(ctx.content_dirs), store, mode="study", decks=["demo"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        banner = app.screen.query_one(UnsavedBanner)
        with write_lock_held(ctx.db_path):
            await pilot.press("space", "3")
            await pilot.pause()
            assert banner.display and "not saved yet" in str(banner.render())
            assert "busy" in str(banner.render())
            await pilot.pause(0.7)  # a retry while still locked: still waiting
            assert banner.waiting == 1
        for _ in range(40):  # the lock is gone: the next retry saves it
            await pilot.pause(0.1)
            if not banner.waiting:
                break
        assert not banner.display
        assert [r["card_id"] for r in store.reviews()] == ["demo.what-is-ann"]
    store.close()


def test_the_exit_message_says_what_was_not_saved(tmp_path):
    unsaved = UnsavedAnswers(tmp_path / "unsaved-answers.json")
    unsaved.keep({"uid": "u1", "card_id": "demo.relu"}, "the database is busy")
    message = unsaved.message()
    assert "1 answer(s) not saved" in message and str(tmp_path / "unsaved-answers.json") in message
    (tmp_path / "a-file").write_text("")  # no folder can be made under a file, even by root
    unsaved.path = tmp_path / "a-file" / "x.json"
    unsaved.keep({"uid": "u2", "card_id": "demo.sigmoid"}, "disk full")
    assert "could not be kept on disk either: demo.relu, demo.sigmoid" in unsaved.message()
