"""The plan projected to the date (quizapp.study.plan): its forecast, readiness on the
day if kept, the pace it shows, the last days' order, and the home line."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from quizapp.clock import boundary
from quizapp.config import Settings
from quizapp.study.plan import HORIZON_DAYS, by_gain_on_date, countdown_text, make_plan, topic_rows
from quizapp.study.readiness import Readiness, TopicReadiness, readiness
from quizapp.study.srs import GOOD, CardState, Srs
from timekeeping import T0, UTC

CONTRACT = {"interview_date", "days_left", "readiness_now", "readiness_on_date", "new_per_day",
            "reviews_per_day", "by_topic"}


@dataclass(frozen=True)
class Card:
    id: str
    deck: str
    tags: tuple[str, ...] = ()


def cards(n: int, deck: str = "a") -> list[Card]:
    return [Card(f"{deck}.c{i:02d}", deck, (f"t{i}",)) for i in range(n)]  # a tag per card: per-card values


def in_days(days: int, **kw) -> Settings:
    return Settings(interview_date=(T0.date() + timedelta(days=days)).isoformat(), **kw)


def learnt(settings: Settings, card_id: str, days_ago: int) -> CardState:
    srs = Srs(settings, fuzzing=False, tz=UTC)
    state = srs.review(CardState(card_id), GOOD, T0 - timedelta(days=days_ago), exact=True)
    return srs.review(state, GOOD, state.due, exact=True)


def test_no_date_no_plan():
    assert make_plan(cards(3), {}, Settings(), T0, tz=UTC) is None


def test_kept_every_card_is_on_target_on_the_day_and_the_forecast_runs_to_the_eve():
    settings = in_days(20)
    deck = cards(12)
    plan = make_plan(deck, {}, settings, T0, tz=UTC)
    assert plan is not None and plan.days_left == 20
    assert [day for day, _ in plan.reviews_per_day] == [T0.date() + timedelta(days=k) for k in range(20)]
    assert plan.new_per_day == 1 and plan.new_left_on_date == 0  # 12 cards over the 17 days before the last 3
    assert plan.now.overall == 0.0
    assert min(t.value for t in plan.on_date.by_tag) >= 0.95  # each card, as FSRS predicts it
    assert sum(n for _, n in plan.reviews_per_day) >= 12  # each card comes back at least once


def test_the_forecast_counts_each_due_card_on_its_day():
    settings = in_days(30)
    states = {f"a.c{i:02d}": learnt(settings, f"a.c{i:02d}", 0) for i in range(5)}
    due_day = (states["a.c00"].due.date() - T0.date()).days
    plan = make_plan(cards(5), states, settings, T0, tz=UTC)
    counts = dict(plan.reviews_per_day)
    assert counts[T0.date() + timedelta(days=due_day)] == 5  # learnt together, due together
    assert sum(counts.values()) >= 10  # and again before the date


def test_a_limit_too_low_leaves_cards_new_and_says_how_many():
    plan = make_plan(cards(30), {}, in_days(10, new_per_day=2), T0, tz=UTC)
    assert (plan.new_per_day, plan.new_left_on_date) == (2, 10)  # 2 a day for 10 days
    assert sum(t.value == 0.0 for t in plan.on_date.by_tag) == 10


def test_after_the_date_there_is_nothing_ahead_and_the_usual_limit_is_back():
    settings = in_days(-3)
    states = {"a.c00": learnt(settings, "a.c00", 10)}
    plan = make_plan(cards(2), states, settings, T0, tz=UTC)
    srs = Srs(settings, fuzzing=False, tz=UTC)
    on = boundary(T0.date() - timedelta(days=3), 4, UTC)
    assert (plan.days_left, plan.reviews_per_day, plan.new_per_day) == (-3, [], 20)
    assert plan.on_date == readiness(cards(2), states, srs, on)


def test_the_json_has_the_contract_keys_and_topics_weakest_first():
    settings = in_days(15)
    states = {"a.c00": learnt(settings, "a.c00", 2)}
    plan = make_plan(cards(2) + cards(1, "b"), states, settings, T0, tz=UTC)
    data = plan.to_json()
    assert set(data) >= CONTRACT and data["interview_date"] == (T0.date() + timedelta(days=15)).isoformat()
    assert states["a.c00"].due < boundary(T0.date() + timedelta(days=1), 4, UTC)
    assert data["reviews_per_day"][0] == {"date": T0.date().isoformat(), "count": 1}  # a.c00 is due today
    topics = data["by_topic"]
    assert {row["topic"] for row in topics} == {"deck:a", "deck:b", "tag:t0", "tag:t1"}
    assert [row["now"] for row in topics] == sorted(row["now"] for row in topics)
    assert topics[-1]["topic"] == "tag:t0" and topics[-1]["cards"] == 2  # a.c00 and b.c00 share tag t0
    assert all(set(row) == {"topic", "now", "on_date", "cards"} for row in topics)


def test_the_last_days_put_first_the_review_that_adds_most_to_the_day():
    settings = in_days(3)
    srs = Srs(settings, fuzzing=False, tz=UTC)
    strong = learnt(settings, "a.strong", 0)
    for _ in range(4):
        strong = srs.review(strong, GOOD, strong.due, exact=True)
    weak = learnt(settings, "a.weak", 3)
    states = {"a.strong": strong, "a.weak": weak}
    now = T0
    assert by_gain_on_date(["a.strong", "a.weak"], states, srs, now) == ["a.weak", "a.strong"]
    normal = Srs(Settings(), fuzzing=False, tz=UTC)
    assert by_gain_on_date(["a.strong", "a.weak"], states, normal, now) == ["a.strong", "a.weak"]


def test_the_home_line():
    deck = cards(4)
    twelve = countdown_text(make_plan(deck, {}, in_days(12), T0, tz=UTC))
    assert twelve.startswith("Interview in 12 days · ready 0 % → ") and twelve.endswith(" % if you keep the plan")
    assert countdown_text(make_plan(deck, {}, in_days(1), T0, tz=UTC)).startswith("Interview tomorrow · ")
    assert countdown_text(make_plan(deck, {}, in_days(0), T0, tz=UTC)) == "Interview today · ready 0 %"
    assert "has passed" in countdown_text(make_plan(deck, {}, in_days(-2), T0, tz=UTC))


def test_a_date_years_away_is_projected_a_year_ahead():
    plan = make_plan(cards(3), {}, Settings(interview_date="9999-12-31"), T0, tz=UTC)
    assert len(plan.reviews_per_day) == HORIZON_DAYS and plan.days_left > 2_900_000
    assert plan.new_per_day == 1


def test_the_projection_takes_new_cards_in_the_queues_order():
    deck = cards(10, "a") + cards(10, "b")
    mixed = make_plan(deck, {}, in_days(5, new_per_day=2), T0, tz=UTC)
    by_deck = make_plan(deck, {}, in_days(5, new_per_day=2, new_card_order="deck"), T0, tz=UTC)
    assert mixed.new_left_on_date == by_deck.new_left_on_date == 10
    assert [t.cards for t in mixed.on_date.by_deck] == [10, 10]
    mixed_values = {t.topic: t.value for t in mixed.on_date.by_deck}
    assert 0.4 < mixed_values["a"] == mixed_values["b"] < 0.5  # 5 of each deck's 10, all on target
    assert {t.topic: t.value > 0 for t in by_deck.on_date.by_deck} == {"a": True, "b": False}


def test_a_long_forecast_is_drawn_a_mark_a_week_and_a_hand_typed_far_date_says_where_it_stops():
    """A mark a day made the text plan's review line 300 columns wide for a date 300 days off."""
    from quizapp.commands.plan import text_lines

    def review_line(settings: Settings) -> str:
        return next(line for line in text_lines(make_plan(cards(40), {}, settings, T0, tz=UTC), settings)
                    if line.startswith("reviews"))

    near = review_line(in_days(30))
    assert len(near.split()[1]) == 30 and "until the date" in near and "a week" not in near
    far = review_line(in_days(300))
    assert len(far.split()[1]) == 43 and "until the date" in far and "a mark a week" in far
    typed = review_line(Settings(interview_date="9999-12-31"))  # set in the file by hand: no plan reaches it
    assert len(typed.split()[1]) == 53 and f"in the next {HORIZON_DAYS} days" in typed


def test_study_next_puts_among_equals_what_the_date_leaves_weakest_then_the_bigger_topic():
    """A new learner's topics are all 0 % now; by name alone "study next" read the alphabet,
    a one-card tag first. Among equals now: weakest on the date, then more cards, then the name."""
    now = Readiness(0.0, 6, [TopicReadiness("zeta", 0.0, 5), TopicReadiness("alpha", 0.0, 1)],
                    [TopicReadiness("big", 0.0, 4), TopicReadiness("one", 0.0, 1), TopicReadiness("seen", 0.5, 2)])
    on_date = Readiness(0.4, 6, [TopicReadiness("zeta", 0.3, 5), TopicReadiness("alpha", 0.3, 1)],
                        [TopicReadiness("big", 0.0, 4), TopicReadiness("one", 0.0, 1), TopicReadiness("seen", 0.9, 2)])
    assert [row["topic"] for row in topic_rows(now, on_date)] == [
        "tag:big", "tag:one", "deck:zeta", "deck:alpha", "tag:seen"]
    without_a_date = topic_rows(now, None)
    assert [row["topic"] for row in without_a_date] == ["deck:zeta", "tag:big", "deck:alpha", "tag:one", "tag:seen"]
    assert {row["on_date"] for row in without_a_date} == {None}
