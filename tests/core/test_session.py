"""Queue order, daily limits, the day boundary, undo and the drill summary."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

from quizapp.store.database import Store
from quizapp.study.session import StudySession, deck_counts, study_stats
from quizapp.study.srs import NEW, Srs


def _graduate(session, clock, card, rating=4):
    """Answer ``card`` now (Easy by default -> review state tomorrow or later)."""
    assert session.current() == card
    session.answer(rating)


def test_queue_order_learning_then_reviews_then_new(store, clock, session_factory, make_cards):
    cards = make_cards(6)
    s = session_factory(cards[:3])
    for card in cards[:3]:
        _graduate(s, clock, card)  # three review cards
    clock.now = max(store.card_state(c.id).due for c in cards[:3]) + timedelta(hours=1)
    s = session_factory(cards)
    assert s.remaining() == (3, 0, 3)
    first_review = s.current()
    assert first_review in cards[:3]
    s.answer(1)  # lapse: relearning in 10 minutes
    order = []
    while (card := s.current()) is not None and len(order) < 5:
        order.append(card.id)
        s.answer(3)
    reviews = [c.id for c in cards[:3] if c != first_review]
    assert set(order[:2]) == set(reviews)  # remaining reviews before any new card
    assert order[2:5] == [c.id for c in cards[3:6]]  # new cards in deck order
    # the lapsed card is not due yet but comes back within the learn-ahead window
    assert s.remaining()[1] >= 1
    clock.advance(minutes=10)
    assert s.current() == first_review  # due learning card first


def test_new_limit_and_review_limit_hold_across_the_day(store, clock, settings, session_factory, make_cards):
    cards = make_cards(10)
    limited = replace(settings, new_per_day=3, reviews_per_day=2)
    s = session_factory(cards, settings=limited)
    assert s.remaining() == (3, 0, 0)
    for _ in range(3):
        s.answer(4)
    assert s.current() is None
    clock.advance(hours=2)  # same day, fresh session: no more new cards
    assert session_factory(cards, settings=limited).remaining() == (0, 0, 0)
    assert store.history.new_introduced_today(clock.now.replace(hour=4)) == 3
    clock.now = datetime(2024, 5, 30, 12, tzinfo=UTC)  # all three due now; limit 2 reviews
    s = session_factory(cards, settings=limited)
    assert s.remaining() == (3, 0, 2)
    s.answer(3)
    clock.advance(minutes=1)
    assert session_factory(cards, settings=limited).remaining() == (3, 0, 1)
    assert deck_counts(store, cards, limited, clock.now, UTC) == {"nn": (1, 3)}


def test_day_boundary_at_4am_local(store, clock, settings, session_factory, make_cards):
    zone = timezone(timedelta(hours=2))  # local time = UTC+2
    cards = make_cards(4)
    one_a_day = replace(settings, new_per_day=1)

    def session():
        return StudySession(store, cards, one_a_day, clock=clock, tz=zone,
                            srs=Srs(one_a_day, fuzzing=False))

    clock.now = datetime(2024, 5, 1, 22, 0, tzinfo=zone)
    session().answer(4)
    clock.now = datetime(2024, 5, 2, 3, 0, tzinfo=zone)  # 3am: still yesterday's study day
    assert session().remaining()[0] == 0
    session_3am = session()
    clock.now = datetime(2024, 5, 2, 4, 30, tzinfo=zone)  # past 4am: a new day
    assert session().remaining()[0] == 1
    assert session_3am.remaining()[0] == 1  # left open, it moved on to the new day
    stats = study_stats(store, cards, one_a_day, clock.now, zone)
    assert stats["reviews_today"] == 0 and stats["new_today"] == 1 and stats["streak_days"] == 1


def test_a_session_left_open_past_the_boundary_takes_the_new_days_cards(
        store, clock, settings, session_factory, make_cards):
    cards, drilled = make_cards(6), make_cards(4, deck="dr")
    two_a_day = replace(settings, new_per_day=2)
    clock.now = datetime(2024, 5, 1, 20, 0, tzinfo=UTC)
    study = session_factory(cards, settings=two_a_day)
    drill = session_factory(drilled, settings=two_a_day, new_limit=3)
    for _ in range(2):
        study.answer(4)  # both of today's new cards, Easy: due in a few days
    drill.answer(4)  # one of the drill's three new cards
    assert study.current() is None and study.remaining() == (0, 0, 0)
    answered = [*cards[:2], drilled[0]]
    clock.now = max(store.card_state(c.id).due for c in answered) + timedelta(hours=1)
    assert study.remaining() == (2, 0, 2)  # a fresh new-card allowance and the reviews now due
    assert study.current() in cards[:2]  # reviews before new cards
    assert drill.remaining() == (2, 0, 1)  # the drill keeps what is left of its three
    order = []
    while (card := drill.current()) is not None:
        order.append(card.id)
        drill.answer(4)
    assert order == [c.id for c in drilled[:3]]  # the review, then new cards in deck order


def test_undo_restores_exact_state_and_log(tmp_path, store, clock, session_factory, make_cards):
    cards = make_cards(2)
    s = session_factory(cards)
    s.answer(3)
    clock.advance(minutes=1)
    before_state = store.card_state(cards[1].id)
    s.answer(3)  # second card, new -> learning
    clock.advance(minutes=11)
    card = s.current()
    state_before = store.card_state(card.id)
    log_before = store.reviews()
    s.answer(1)
    assert store.card_state(card.id) != state_before
    assert s.undo() == card
    assert store.card_state(card.id) == state_before
    assert store.reviews() == log_before
    assert s.current() == card  # shown again first
    # undo twice more: back to both cards new, log empty
    s.undo()
    assert store.card_state(cards[1].id) == before_state and before_state.state == NEW
    s.undo()
    assert store.reviews() == [] and s.undo() is None
    assert s.remaining() == (2, 0, 0)
    assert s.summary()["reviewed"] == 0


def test_answer_is_committed_before_it_returns(tmp_path, clock, session_factory, make_cards, store):
    s = session_factory(make_cards(1))
    s.answer(3, answer="42", correct=True, params='{"seed": 7}', duration_ms=1500)
    with Store.open(store.path) as other:  # a second connection sees it at once
        (row,) = other.reviews()
    assert (row["rating"], row["answer"], row["correct"], row["params"], row["duration_ms"],
            row["kind"], row["prev_state"]) == (3, "42", 1, '{"seed": 7}', 1500, "basic", NEW)
    assert row["reviewed_at"] == "2024-05-01T12:00:00.000000+00:00" and len(row["uid"]) == 32


def test_answer_rates_the_card_on_screen(store, clock, session_factory, make_cards):
    cards = make_cards(2)
    s = session_factory(cards)
    s.answer(1)  # card 0 back in 1 minute
    assert s.current() == cards[1]
    clock.advance(minutes=5)  # card 0 became due while card 1 is on screen
    s.answer(3)
    assert store.card_state(cards[1].id).reps == 1 and store.card_state(cards[0].id).reps == 1
    assert store.card_state(cards[0].id).lapses == 0  # Again while learning is no lapse


def test_suspended_and_buried_cards_are_left_out(store, clock, session_factory, make_cards):
    cards = make_cards(3)
    store.set_flags(cards[0].id, suspended=True)
    store.set_flags(cards[1].id, buried_until=clock.now + timedelta(hours=20))
    assert [session_factory(cards).current()] == [cards[2]]
    assert session_factory(cards).remaining() == (1, 0, 0)
    store.set_flags(cards[1].id, buried_until=None)
    assert session_factory(cards).remaining() == (2, 0, 0)


def test_drill_takes_due_then_n_new_and_summarises(store, clock, session_factory, make_cards):
    cards = make_cards(5)
    s = session_factory(cards[:1])
    s.answer(4)
    clock.now = store.card_state(cards[0].id).due
    assert session_factory(cards, new_limit=0).remaining() == (0, 0, 1)
    drill = StudySession.drill(store, cards, s.settings,
                               new=2, clock=clock, srs=s.srs, tz=UTC)
    assert drill.remaining() == (2, 0, 1)
    drill.answer(1, duration_ms=2000)
    drill.answer(3, duration_ms=3000)
    drill.answer(3, duration_ms=1000)
    summary = drill.summary()
    assert summary["reviewed"] == 3 and summary["again_rate"] == 1 / 3
    assert summary["time_spent_s"] == 6.0
    assert summary["next_due"] == clock.now + timedelta(minutes=10)


def test_the_drill_summary_counts_the_cards_done_and_those_left(session_factory, make_cards):
    """A drill left early says how far it got (issue 17): a card is done when it is
    out of today's queue, and an Again brings it back, so it is not."""
    drill = session_factory(make_cards(4), new_limit=4)
    drill.answer(4)  # Easy: done for today
    drill.answer(1)  # Again: due again in minutes
    summary = drill.summary()
    assert (summary["reviewed"], summary["done"], summary["left"], summary["back"]) == (2, 1, 3, 1)
    drill.undo()  # the Again is taken back: that card is still to do
    assert (drill.summary()["done"], drill.summary()["left"], drill.summary()["back"]) == (1, 3, 0)


def test_the_card_on_screen_stays_until_rated_while_another_falls_due(store, clock, session_factory, make_cards):
    """Card 1 rated Again falls due while card 2 is shown: revealing and rating card 2
    must not switch to card 1 (the learner never saw it)."""
    cards = make_cards(3)
    s = session_factory(cards)
    assert s.current() == cards[0]
    s.answer(1)  # Again: learning, due in 1 minute
    assert s.current() == cards[1]  # card 2 on screen
    clock.advance(seconds=65)  # card 1 is due again meanwhile
    assert s.intervals()  # the reveal shows card 2's intervals
    assert s.current() == cards[1]
    result = s.answer(3)
    assert result.after.card_id == cards[1].id
    rows = store.conn.execute("SELECT card_id FROM reviews ORDER BY id").fetchall()
    assert [r[0] for r in rows] == [cards[0].id, cards[1].id]
    assert s.current() == cards[0]  # only now does the due learning card come up


def test_intervals_are_those_of_the_card_on_screen(store, clock, session_factory, srs, make_cards):
    cards = make_cards(2)
    s = session_factory(cards)
    s.answer(1)
    shown = s.current()
    assert shown == cards[1]
    clock.advance(minutes=2)
    from quizapp.study.srs import format_interval
    expected = {r: format_interval(due - clock.now)
                for r, due in srs.preview(store.card_state(shown.id), clock.now).items()}
    assert s.intervals() == {int(r): v for r, v in expected.items()}


def test_skip_puts_the_card_aside_without_recording(store, clock, session_factory, make_cards):
    cards = make_cards(2)
    s = session_factory(cards)
    assert s.current() == cards[0]
    s.skip()
    assert s.current() == cards[1]
    assert s.remaining() == (1, 0, 0)
    assert store.conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 0
    assert store.card_state(cards[0].id).state == NEW  # still new: no new card spent
