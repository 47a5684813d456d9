"""An interview date set on a collection already studied: the reviews that were scheduled
past the date before it was chosen are pulled in too (quizapp.study.interview.
pulled_in_reviews), on the day the pull-in rule gives them counted from their last
review, those whose day has passed spread over the days left (interview.brought_today),
by the day's queue (plan_day, the session) and by the plan's projection, without a
write to the log or the state cache."""
from __future__ import annotations

import math
import random
from dataclasses import dataclass, replace
from datetime import timedelta

from fsrs import Card as FsrsCard
from fsrs import State
from hypothesis import given
from hypothesis import strategies as st

from quizapp.clock import boundary, study_date
from quizapp.config import Settings
from quizapp.study.counts import plan_day
from quizapp.study.interview import SETTLE_DAYS, on_target_ratio, pulled_in_days, pulled_in_reviews, recall_after
from quizapp.study.plan import plan_from_store
from quizapp.study.session import StudySession
from quizapp.study.srs import EASY, GOOD, HARD, RATINGS, REVIEW, CardState, Srs
from timekeeping import T0, UTC

TODAY = study_date(T0, 4, UTC)
DAYS = 21  # the date set, from T0
NORMAL = Srs(Settings(), fuzzing=False, tz=UTC)


@dataclass(frozen=True)
class Card:
    id: str
    deck: str = "a"
    kind: str = "qa"
    tags: tuple[str, ...] = ()


CARDS = [Card(f"a.c{i:02d}", tags=(f"t{i}",)) for i in range(30)]  # a tag per card: per-card readiness


def with_date(days: int, **kw) -> Settings:
    return Settings(interview_date=(TODAY + timedelta(days=days)).isoformat(), **kw)


def studied(store) -> None:
    """Thirty cards introduced over the 60 days before T0 and answered (Hard, Good or Easy)
    whenever due since, with no date set: each now has its normal FSRS review ahead."""
    rng = random.Random(1)
    for card in CARDS:
        at = T0 - timedelta(days=rng.randint(2, 60), hours=rng.randint(0, 6))
        after = store.record_review(card.id, GOOD, at, NORMAL).after
        while after.due < T0 - timedelta(hours=7):
            after = store.record_review(card.id, rng.choice((HARD, GOOD, GOOD, EASY)), after.due, NORMAL).after


def day_of(settings: Settings, store, day: int) -> dict[str, int]:
    """The reviews plan_day brings ``day`` days after T0: id -> the day (from T0) each fell due."""
    queue = plan_day(store, CARDS, settings, T0 + timedelta(days=day), UTC)
    return {cid: (study_date(due, 4, UTC) - TODAY).days for due, cid in queue.reviews}


def plan_days(settings: Settings, store) -> dict[str, int]:
    """The day (from T0) the rule gives each review card past the date, worked out here
    from pulled_in_days and each card's last review, as the rule is stated."""
    interview_day = TODAY + timedelta(days=DAYS)
    found = {}
    for cid, state in store.card_states().items():
        reviewed = study_date(state.card.last_review, 4, UTC)
        due = study_date(state.due, 4, UTC)
        if state.state != REVIEW or due < interview_day:
            continue
        days = pulled_in_days(NORMAL.scheduler, state.card, (interview_day - reviewed).days, (due - reviewed).days,
                              settings.plan_target)
        if days is not None:
            found[cid] = (reviewed + timedelta(days=days) - TODAY).days
    return found


SPREAD = DAYS - SETTLE_DAYS  # the days the overdue pull-ins are spread over, from T0


def weakest(settings: Settings, store, ids) -> list[str]:
    """``ids`` by predicted recall on the date, lowest first."""
    srs, states = Srs(settings, fuzzing=False, tz=UTC), store.card_states()
    on = boundary(TODAY + timedelta(days=DAYS), 4, UTC)
    return sorted(ids, key=lambda cid: (srs.retrievability(states[cid], on), cid))


def test_reviews_set_past_the_date_before_it_was_chosen_come_on_their_day_and_not_before(store):
    """Those whose plan day is still ahead come on it; of those whose plan day has passed
    when the date is set, today brings its even share, the weakest first."""
    studied(store)
    settings, before = with_date(DAYS), store.card_states()
    planned = plan_days(settings, store)
    overdue = [cid for cid, day in planned.items() if day < 0]
    assert len(overdue) > math.ceil(len(overdue) / SPREAD) >= 1  # a pile, were they all brought today
    assert sum(0 <= day < DAYS for day in planned.values()) >= 3  # due today or on a later day before the date
    share = set(weakest(settings, store, overdue)[:math.ceil(len(overdue) / SPREAD)])
    assert day_of(settings, store, 0) == {**day_of(Settings(), store, 0),
                                          **{cid: d for cid, d in planned.items() if d == 0 or cid in share}}
    for day in range(1, DAYS):  # nothing answered: each day brings its own, and no card before its day
        queue, normal = day_of(settings, store, day), day_of(Settings(), store, day)
        assert {cid: d for cid, d in planned.items() if d == day}.items() <= queue.items()
        assert queue.items() <= {**normal, **{cid: d for cid, d in planned.items() if d <= day}}.items()
    assert day_of(settings, store, DAYS) == day_of(Settings(), store, DAYS)  # on the day: nothing pulled in
    assert store.card_states() == before  # nothing written: the cache is still the log's replay


def test_answering_the_days_share_brings_no_more_of_them_that_day(store):
    """The share counts the overdue pull-ins answered today, so studying it does not
    shrink what is left into a new share the same day; the next day brings the next."""
    studied(store)
    settings = with_date(DAYS)
    srs = Srs(settings, fuzzing=False, tz=UTC)
    overdue = weakest(settings, store, [cid for cid, day in plan_days(settings, store).items() if day < 0])
    share = math.ceil(len(overdue) / SPREAD)
    first = day_of(settings, store, 0)
    for card_id in overdue[:share]:
        store.record_review(card_id, GOOD, T0, srs)
    assert day_of(settings, store, 0) == {cid: d for cid, d in first.items() if cid not in overdue[:share]}
    left = overdue[share:]
    tomorrow = {cid for cid in day_of(settings, store, 1) if cid in left}
    assert tomorrow == set(left[:math.ceil(len(left) / (SPREAD - 1))])


def test_studied_each_day_every_pulled_in_card_is_reviewed_before_the_date_and_on_target(store):
    """The learner answers what each day brings, Good: no day brings more than its share
    of the overdue ones, and each pulled-in card has been reviewed and is on target by the date."""
    studied(store)
    settings = with_date(DAYS, reviews_per_day=9999)
    srs = Srs(settings, fuzzing=False, tz=UTC)
    planned = plan_days(settings, store)
    overdue = {cid for cid, day in planned.items() if day < 0}
    reviewed: set[str] = set()
    for day in range(DAYS):
        now = T0 + timedelta(days=day)
        queue = day_of(settings, store, day)
        still = len(overdue - reviewed)
        assert len((overdue - reviewed) & queue.keys()) <= math.ceil(still / max(1, SPREAD - day))
        for card_id in queue:
            store.record_review(card_id, GOOD, now, srs)
        reviewed |= queue.keys()
    assert planned.keys() <= reviewed
    on = boundary(TODAY + timedelta(days=DAYS), 4, UTC)
    assert min(srs.retrievability(store.card_states()[cid], on) for cid in planned) >= 0.95


def test_the_session_shows_them_and_an_answer_schedules_the_card_as_answered_today(store):
    studied(store)
    settings = with_date(DAYS)
    planned = plan_days(settings, store)
    later = min((d, cid) for cid, d in planned.items() if d > 0)
    day, card_id = later
    srs = Srs(settings, fuzzing=False, tz=UTC)
    now = T0 + timedelta(days=day)

    def session_at(moment):
        return StudySession(store, CARDS, settings, clock=lambda: moment, rng=random.Random(0), tz=UTC, srs=srs)

    seen = []
    session = session_at(now - timedelta(days=1))
    while (card := session.current()) is not None:
        seen.append(card.id)
        session.skip()
    assert card_id not in seen  # not before its day
    session = session_at(now)
    while (card := session.current()) is not None and card.id != card_id:
        session.skip()
    assert card is not None
    before = store.card_states()
    result = session.answer(GOOD)
    assert result.after == srs.review(before[card_id], GOOD, now, exact=True)  # scheduled as any answer today
    assert store.card_states() == {**before, card_id: result.after}
    assert card_id not in day_of(settings, store, day + 1)  # it does not come back the next day
    assert srs.retrievability(result.after, boundary(TODAY + timedelta(days=DAYS), 4, UTC)) >= 0.95
    store.rebuild_states(srs)
    assert store.card_states() == {**before, card_id: result.after}  # the log replays to the same cache


def test_they_count_against_the_review_limit_earliest_first(store):
    studied(store)
    settings = with_date(SETTLE_DAYS + 1)  # one day to spread over: every overdue pull-in today
    everything = day_of(replace(settings, reviews_per_day=9999), store, 0)
    assert len(everything) > 4
    limited = day_of(replace(settings, reviews_per_day=4), store, 0)
    assert len(limited) == 4
    assert sorted(limited.values()) == sorted(everything.values())[:4]


def test_the_projection_counts_them_and_readiness_on_the_date_is_what_the_queue_brings(store):
    studied(store)
    settings = with_date(DAYS, reviews_per_day=9999)
    planned = plan_days(settings, store)
    plan = plan_from_store(store, CARDS, settings, T0, UTC)
    counted = dict(plan.reviews_per_day)
    assert counted[TODAY] == len(day_of(settings, store, 0))  # today's queue, pulled-in cards and all
    for day in range(1, DAYS):
        assert counted[TODAY + timedelta(days=day)] >= sum(d == day for d in planned.values())
    on = boundary(TODAY + timedelta(days=DAYS), 4, UTC)
    srs = Srs(settings, fuzzing=False, tz=UTC)
    assert min(srs.retrievability(s, on) for s in store.card_states().values()) < 0.9  # as they stand
    assert min(t.value for t in plan.on_date.by_tag) >= 0.95  # each card on target if the plan is kept


def test_no_date_a_date_passed_or_today_the_queue_is_the_stored_one(store):
    studied(store)
    stored = {cid: (study_date(due, 4, UTC) - TODAY).days for cid, state, due
              in store.history.due_rows(boundary(TODAY + timedelta(days=1), 4, UTC), T0) if state == REVIEW}
    assert stored and day_of(Settings(), store, 0) == stored
    for days in (0, -1, -30):
        assert day_of(with_date(days), store, 0) == stored


def review_card(stability: float, elapsed: int, due_in: int, difficulty: float) -> CardState:
    last = T0 - timedelta(days=elapsed)
    card = FsrsCard(card_id=0, state=State.Review, stability=stability, difficulty=difficulty,
                    last_review=last, due=T0 + timedelta(days=due_in))
    return CardState("a.x", card)


@given(stability=st.floats(0.5, 200), elapsed=st.integers(0, 90), due_in=st.integers(1, 300),
       difficulty=st.floats(1, 10), days=st.integers(1, 60), later=st.integers(0, 60))
def test_asked_by_a_day_the_rule_says_what_it_says_in_full(stability, elapsed, due_in, difficulty, days, later):
    """The queue asks only which cards are due by today (one Good step each); the answer
    is the full rule's, cut at that day, and each day reaches the target from there."""
    srs = Srs(with_date(days), fuzzing=False, tz=UTC)
    state = review_card(stability, elapsed, due_in, difficulty)
    full = pulled_in_reviews(srs, [state], T0)
    by = TODAY + timedelta(days=later)
    assert pulled_in_reviews(srs, [state], T0, by=by) == {cid: d for cid, d in full.items() if d <= by}
    if due_in < days:
        assert full == {}  # its normal review comes before the date: nothing moves
    for day in full.values():
        reviewed = TODAY - timedelta(days=elapsed)
        assert reviewed < day < TODAY + timedelta(days=days)
        gap, left = (day - reviewed).days, (TODAY + timedelta(days=days) - day).days
        answered = srs.scheduler.review_card(state.card, GOOD, state.card.last_review + timedelta(days=gap))[0]
        assert recall_after(srs.scheduler, answered, left) >= 0.95 or left == 1  # the eve when no day reaches it
        if gap > 1:  # the earliest such day
            sooner = srs.scheduler.review_card(state.card, GOOD, state.card.last_review + timedelta(days=gap - 1))[0]
            assert recall_after(srs.scheduler, sooner, left + 1) < 0.95


@given(stability=st.floats(0.5, 200), elapsed=st.integers(0, 90), difficulty=st.floats(1, 10),
       days=st.integers(1, 60), rating=st.sampled_from(RATINGS), later=st.integers(0, 60))
def test_an_answer_given_with_the_date_set_is_never_pulled_in_again(stability, elapsed, difficulty, days, rating,
                                                                     later):
    """Srs.review applied the rule at the answer: the card is due when that says, so the
    lazy rule finds nothing more to pull in, that day or any later one."""
    srs = Srs(with_date(days), fuzzing=False, tz=UTC)
    after = srs.review(review_card(stability, elapsed, 1, difficulty), rating, T0, exact=True)
    assert pulled_in_reviews(srs, [after], T0 + timedelta(days=later)) == {}


@given(stability=st.floats(0.5, 3000), target=st.floats(0.8, 0.99))
def test_cards_within_the_ratio_are_on_target_and_none_a_day_past_it(stability, target):
    """What lets the queue leave cards on target out unread: recall falls with days /
    stability alone, and on_target_ratio is where it reaches the target."""
    scheduler = NORMAL.scheduler
    ratio = on_target_ratio(scheduler, target)
    card = review_card(stability, 0, 1, 5.0).card
    within = int(ratio * stability)
    assert recall_after(scheduler, card, within) >= target - 1e-12
    assert recall_after(scheduler, card, within + 1) < target
