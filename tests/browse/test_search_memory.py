"""prop:s, prop:d and prop:r: the memory state in a search, with Anki's scales
(S in days, D and R from 0 to 1), R counted in study days, new cards matching
no comparison. Expected R values come from FSRS-6's forgetting curve by hand."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from fsrs import Card as FsrsCard
from fsrs import State
from fsrs.scheduler import DEFAULT_PARAMETERS

from quizapp.config import Settings
from quizapp.content.cards import QACard
from quizapp.errors import QuizError
from quizapp.search.query import Facts, parse
from quizapp.study.srs import CardState, Srs
from timekeeping import T0, UTC

SRS = Srs(Settings(day_starts_at_hour=4), fuzzing=False, tz=UTC)


def curve(days: float, stability: float) -> float:
    """FSRS-6 retrievability after ``days`` at ``stability`` (weights: fsrs's defaults)."""
    decay = -DEFAULT_PARAMETERS[20]
    return (1 + (0.9 ** (1 / decay) - 1) * days / stability) ** decay


def reviewed(card_id: str, stability: float, difficulty: float, last: datetime) -> CardState:
    card = FsrsCard(card_id=1, state=State.Review, stability=stability, difficulty=difficulty,
                    due=last + timedelta(days=stability), last_review=last)
    return CardState(card_id, card, reps=3)


def qa(card_id: str) -> QACard:
    return QACard(id=card_id, deck="d", kind="qa", level="basic", tags=(), front="Q?", back="A.",
                  source="Notes", path="x.yaml", line=1)


STATES = {  # (S days, D 1-10, last answered): R at T0 = curve(study days, S)
    "d.strong": reviewed("d.strong", 40.0, 8.2, T0 - timedelta(days=10)),
    "d.weak": reviewed("d.weak", 2.0, 3.0, T0 - timedelta(days=10)),
    "d.fading": reviewed("d.fading", 30.0, 5.5, T0 - timedelta(days=40)),
    "d.new": CardState("d.new"),
}
CARDS = [qa(card_id) for card_id in STATES]
ALL = set(STATES)
FACTS = Facts(T0, T0 + timedelta(hours=16), srs=SRS)


def ids(query: str, facts: Facts = FACTS, states=STATES) -> set[str]:
    predicate = parse(query)
    return {c.id for c in CARDS if predicate(c, states[c.id], facts)}


def test_the_cards_retrievability_is_the_forgetting_curve_in_study_days():
    assert curve(10, 40.0) > 0.9 > curve(40, 30.0) > 0.8 > curve(10, 2.0)  # what the sets below rely on
    for card_id, days in (("d.strong", 10), ("d.weak", 10), ("d.fading", 40)):
        state = STATES[card_id]
        assert FACTS.retrievability(state) == pytest.approx(curve(days, state.card.stability), rel=1e-9)
    assert FACTS.retrievability(STATES["d.new"]) is None


@pytest.mark.parametrize("query, expected", [
    ("prop:s>=30", {"d.strong", "d.fading"}),
    ("prop:s<5", {"d.weak"}),
    ("prop:s>0", ALL - {"d.new"}),  # a new card has no stability
    ("prop:s!=40", {"d.weak", "d.fading"}),
    ("prop:s=2", {"d.weak"}),
    ("prop:d>0.7", {"d.strong"}),  # Anki's 0-1: 0.7 is fsrs's 7.3
    ("prop:d<=0.5", {"d.weak", "d.fading"}),  # 0.5 is 5.5, inclusive
    ("prop:d<0.5", {"d.weak"}),
    ("prop:d>=0", ALL - {"d.new"}),
    ("prop:r<0.8", {"d.weak"}),
    ("prop:r<.9", {"d.weak", "d.fading"}),
    ("prop:r>=0.9", {"d.strong"}),
    ("prop:r<=1", ALL - {"d.new"}),  # a new card has no retrievability
    ("prop:r>0", ALL - {"d.new"}),
    ("-prop:r<0.8", ALL - {"d.weak"}),  # negation is the complement: the new card too
    ("prop:s>=30 prop:r<0.9", {"d.fading"}),
    ("prop:r<0.8 or prop:d>0.7", {"d.weak", "d.strong"}),
    ("PROP:R<0.8", {"d.weak"}),
])
def test_memory_props(query, expected):
    assert ids(query) == expected


def test_r_counts_study_days_not_whole_24_hours():
    """Answered at 23:00, searched at 05:00 with the day starting at 04:00: one
    study day has passed (R < 1), though fsrs's own 24-hour count says none."""
    last, now = datetime(2024, 5, 1, 23, tzinfo=UTC), datetime(2024, 5, 2, 5, tzinfo=UTC)
    states = {**STATES, "d.weak": reviewed("d.weak", 1.0, 5.0, last)}
    assert SRS.scheduler.get_card_retrievability(states["d.weak"].card, now) == 1.0  # fsrs alone
    facts = Facts(now, now + timedelta(hours=23), srs=SRS)
    assert facts.retrievability(states["d.weak"]) == pytest.approx(0.9)  # one day at S = 1
    assert "d.weak" in ids("prop:r<0.95", facts, states)


def test_r_uses_the_weights_in_use():
    """Personal weights with another decay give another R: search must not assume
    the defaults."""
    slow = (*DEFAULT_PARAMETERS[:20], 0.8)
    personal = Facts(T0, T0 + timedelta(hours=16), srs=Srs(Settings(fsrs_parameters=slow), fuzzing=False, tz=UTC))
    assert personal.retrievability(STATES["d.weak"]) != pytest.approx(FACTS.retrievability(STATES["d.weak"]))


@pytest.mark.parametrize("query, message", [
    ("prop:d>7", "search: 'prop:d>7': prop:d is between 0 and 1 as in Anki (prop:d>0.7 is fsrs difficulty"),
    ("prop:r<80", "search: 'prop:r<80': prop:r is between 0 and 1 as in Anki (prop:r<0.8)"),
    ("prop:lapses>1.5", "search: 'prop:lapses>1.5': prop:lapses takes a whole number"),
    ("prop:s>", "search: 'prop:s>': expected prop:lapses or prop:reps (whole numbers), prop:s"),
    ("prop:x<1", "search: 'prop:x<1': expected prop:lapses or prop:reps"),
    ("prop:r<0.8.1", "search: 'prop:r<0.8.1': expected"),
])
def test_bad_memory_props_are_one_clear_line(query, message):
    with pytest.raises(QuizError) as err:
        parse(query)
    assert str(err.value).startswith(message) and "\n" not in str(err.value)
