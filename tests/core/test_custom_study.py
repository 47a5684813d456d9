"""Custom study (issue 17), as Anki's Custom Study: a search studied and rescheduled,
reviews ahead of their day, and cramming that leaves every schedule alone."""
from __future__ import annotations

import random
import sqlite3
from dataclasses import replace
from datetime import timedelta

import pytest

from quizapp.content.deck import load_library
from quizapp.errors import UsageError
from quizapp.search.terms import SearchSyntaxError
from quizapp.store.database import Store
from quizapp.study.counts import deck_counts
from quizapp.study.custom import CustomStudy
from quizapp.study.session import StudySession
from quizapp.study.srs import LEARNING, NEW, Srs
from quizapp.study.unsaved import UnsavedAnswers
from timekeeping import UTC


def _deck(name: str, n: int) -> str:
    cards = "".join(f"""
  - id: {name}.q{i}
    kind: qa
    level: basic
    source: {name} notes
    front: {name} question {i}?
    back: answer {i}
""" for i in range(n))
    return f"deck: {name}\ntitle: {name.upper()}\ncards:{cards}"


@pytest.fixture
def library(tmp_path):
    folder = tmp_path / "custom-decks"
    folder.mkdir()
    for name in ("cnn", "rnn"):
        (folder / f"{name}.yaml").write_text(_deck(name, 4), encoding="utf-8")
    return load_library([folder])


@pytest.fixture
def custom_session(store, clock, settings, library):
    """``custom_session(custom, settings=...)`` over both decks, fuzzing off, in UTC."""
    def make(custom, settings=settings, **kw):
        return StudySession(store, library.cards, settings, clock=clock, rng=random.Random(0), tz=UTC,
                            srs=Srs(settings, fuzzing=False, tz=UTC), custom=custom, **kw)
    return make


def _ids(session, rating=3):
    """Every card the session shows, each answered with ``rating``."""
    shown = []
    while (card := session.current()) is not None:
        shown.append(card.id)
        session.answer(rating)
    return shown


def _reviewing(store, clock, settings, library, ids):
    """Make ``ids`` review cards (Easy once), due a few days on."""
    session = StudySession(store, [c for c in library.cards if c.id in ids], replace(settings, new_per_day=99),
                           clock=clock, tz=UTC, srs=Srs(settings, fuzzing=False, tz=UTC))
    assert sorted(_ids(session, rating=4)) == sorted(ids)


def test_a_search_is_studied_in_deck_order_rescheduled_and_without_daily_limits(
        store, clock, settings, custom_session):
    no_new_today = replace(settings, new_per_day=0)
    session = custom_session(CustomStudy(search="deck:cnn is:new"), settings=no_new_today)
    assert session.remaining() == (4, 0, 0)
    assert session.current().id == "cnn.q0"
    session.answer(1)  # Again: in learning, back in a minute, as in any session
    assert store.card_state("cnn.q0").state == LEARNING and store.reviews("cnn.q0")[0]["mode"] is None
    assert _ids(session)[:3] == ["cnn.q1", "cnn.q2", "cnn.q3"]


def test_review_ahead_takes_the_reviews_due_within_n_days_earliest_first_and_reschedules(
        store, clock, settings, library, custom_session):
    _reviewing(store, clock, settings, library, ["cnn.q0", "cnn.q1", "rnn.q0"])
    clock.advance(days=1)
    dues = {cid: store.card_state(cid).due for cid in ("cnn.q0", "cnn.q1", "rnn.q0")}
    assert deck_counts(store, library.cards, settings, clock.now, UTC)["cnn"][0] == 0  # nothing due today
    days = (max(dues.values()) - clock.now).days + 1
    ahead = custom_session(CustomStudy(ahead_days=days))
    assert ahead.remaining() == (0, 0, 3)
    shown = _ids(ahead)
    assert shown == sorted(dues, key=lambda cid: (dues[cid], cid))
    assert all(store.card_state(cid).due > dues[cid] for cid in shown)  # rescheduled from today
    assert custom_session(CustomStudy(ahead_days=days)).remaining() == (0, 0, 0)  # no longer due within


def test_cram_shows_every_card_once_logs_cram_and_moves_no_schedule(store, clock, settings, library,
                                                                      custom_session):
    _reviewing(store, clock, settings, library, ["cnn.q0"])
    before = {c.id: store.card_state(c.id) for c in library.cards}
    counts = deck_counts(store, library.cards, settings, clock.now, UTC)
    cram = custom_session(CustomStudy(cram=True, decks=("cnn",)), settings=replace(settings, new_per_day=0))
    assert cram.remaining() == (3, 0, 1)  # the review card first, then the three new ones
    assert cram.intervals() == {1: "1m", 2: "10m", 3: "done", 4: "done"}
    first = cram.current()
    cram.answer(1)  # Again: back in the session a minute later
    assert cram.current() != first
    shown = [first.id, *_ids(cram)]
    assert sorted(shown) == sorted(["cnn.q0", "cnn.q0", "cnn.q1", "cnn.q2", "cnn.q3"])
    assert shown.count(first.id) == 2 and shown[-1] == first.id  # learn-ahead brings it back last
    assert {c.id: store.card_state(c.id) for c in library.cards} == before
    assert {r["mode"] for r in store.reviews() if r["card_id"].startswith("cnn.")} >= {"cram"}
    assert store.card_state("cnn.q1").state == NEW
    assert deck_counts(store, library.cards, settings, clock.now, UTC) == counts  # no limit spent


def test_undo_in_cram_takes_the_answer_back(store, clock, custom_session):
    cram = custom_session(CustomStudy(cram=True, decks=("rnn",)))
    card = cram.current()
    cram.answer(1)
    assert cram.undo() == card and store.reviews() == []
    assert cram.remaining() == (4, 0, 0)


def test_a_cram_answer_the_database_refuses_waits_as_cram(tmp_path, clock, settings, library):
    with Store.open(tmp_path / "locked.db", timeout=0.05) as store:
        cram = StudySession(store, library.cards, settings, clock=clock, tz=UTC, custom=CustomStudy(cram=True),
                            srs=Srs(settings, fuzzing=False, tz=UTC), unsaved=UnsavedAnswers(tmp_path / "u.json"))
        other = sqlite3.connect(tmp_path / "locked.db", isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        result = cram.answer(3)
        other.execute("ROLLBACK")
        other.close()
        assert not result.saved and result.after == result.before
        assert cram.save_unsaved() == 0
        (row,) = store.reviews()
        assert row["mode"] == "cram" and store.card_state(row["card_id"]).state == NEW


def test_suspended_and_buried_cards_are_never_chosen(store, clock, custom_session):
    store.set_flags("cnn.q0", suspended=True)
    store.set_flags("cnn.q1", buried_until=clock.now + timedelta(hours=3))
    assert custom_session(CustomStudy(cram=True, decks=("cnn",))).remaining() == (2, 0, 0)


def test_a_bad_search_an_unknown_deck_or_a_bad_day_count_is_one_line(library):
    with pytest.raises(SearchSyntaxError, match=r"^search: unclosed '\("):
        CustomStudy(search="(deck:cnn").check(library)
    with pytest.raises(UsageError, match=r"^unknown deck\(s\): gan \(decks: cnn, rnn\)$"):
        CustomStudy(cram=True, decks=("gan",)).check(library)
    with pytest.raises(UsageError, match=r"unknown deck\(s\): gan"):
        CustomStudy(search="deck:gan is:due").check(library)
    with pytest.raises(UsageError, match=r"^review ahead: a whole number of days from 1 to 9999, not 0$"):
        CustomStudy(ahead_days=0).check(library)
    CustomStudy(search="deck:cnn is:due prop:r<0.9", ahead_days=3, cram=True, decks=("cnn",)).check(library)


def test_the_title_says_what_kind_of_session_it_is():
    assert CustomStudy(cram=True, decks=("cnn",)).title == "Cram: cnn"
    assert CustomStudy(cram=True).title == "Cram: all decks"
    assert CustomStudy(ahead_days=1).title == "Review ahead 1 day: all decks"
    assert CustomStudy(search="deck:cnn is:due prop:r<0.9").title == "Custom study: deck:cnn is:due prop:r<0.9"
    assert CustomStudy(search="is:due", cram=True, ahead_days=3, decks=("cnn", "rnn")).title == (
        "Cram ahead 3 days: cnn, rnn · is:due")
    assert CustomStudy(search="\x1b]0;x\x07").title == "Custom study: ␛]0;x␇"
