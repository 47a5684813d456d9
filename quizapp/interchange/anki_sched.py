"""Progress in Anki's terms: each card's scheduling row and its review log as revlog rows.

An Anki collection counts days from its creation (``col.crt``): a review card's
``due`` is a day number. When Anki imports a package *with scheduling* it moves
those numbers by how far the package's "today" is from its own
(``days_elapsed`` of each; rslib ``import_export/package/apkg/import/cards.rs``),
so a card keeps its due *date*. The package's today is worked out from ``crt``,
``rollover`` and ``creationOffset`` the way Anki does for a collection with a
creation offset (calendar days in the local zone, each starting at the rollover
hour), which is quizapp's own study day. So :class:`Timing` puts ``crt`` at the
start of a study day and numbers study days from there: quizapp's due day N days
from today is Anki's today + N.

The memory state goes in the card's ``data`` JSON as Anki keeps it (``s`` to 4
decimals, ``d`` to 3, ``dr`` the desired retention, ``decay`` the FSRS-6 decay,
``lrt`` the last review in epoch seconds), so Anki's FSRS continues from quizapp's
numbers instead of re-deriving them from the revlog.

The revlog is rebuilt by replaying each card's log through :class:`Srs` with the
due times it recorded (as a state rebuild does), which gives every row the
interval it scheduled and the difficulty after it.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, tzinfo

from quizapp.clock import boundary, parse_iso, study_date, to_local, to_utc
from quizapp.store.modes import reschedules
from quizapp.store.resets import RESET_RATING
from quizapp.study.srs import LEARNING, NEW, RELEARNING, REVIEW, CardState, Srs

# cards.type / cards.queue values (rslib card/mod.rs)
TYPE_NEW, TYPE_LEARN, TYPE_REVIEW, TYPE_RELEARN = 0, 1, 2, 3
QUEUE_SUSPENDED, QUEUE_USER_BURIED = -1, -3
QUEUE_NEW, QUEUE_LEARN, QUEUE_REVIEW, QUEUE_DAY_LEARN = 0, 1, 2, 3
# revlog.type: what kind of review it was (rslib revlog/mod.rs RevlogReviewKind)
REVLOG_LEARN, REVLOG_REVIEW, REVLOG_RELEARN, REVLOG_FILTERED, REVLOG_MANUAL = 0, 1, 2, 3, 4
_REVLOG_KIND = {NEW: REVLOG_LEARN, LEARNING: REVLOG_LEARN, REVIEW: REVLOG_REVIEW, RELEARNING: REVLOG_RELEARN}
STARTING_EASE = 2500  # cards.factor of a review card; FSRS does not read it


@dataclass(frozen=True)
class Timing:
    """How the package's collection counts days: day 0 is study day ``day0``."""

    day0: date
    hour: int
    tz: tzinfo | None = None

    @classmethod
    def covering(cls, now: datetime, states, hour: int, tz: tzinfo | None = None) -> Timing:
        """Day 0 at today or the earliest due day among ``states``, so no day number is negative."""
        days = [study_date(now, hour, tz)]
        days += [study_date(s.due, hour, tz) for s in states if s.due is not None]
        return cls(min(days), hour, tz)

    @property
    def crt(self) -> int:
        """``col.crt``: the moment day 0 began (epoch seconds)."""
        return int(boundary(self.day0, self.hour, self.tz).timestamp())

    def day(self, moment: datetime) -> int:
        return (study_date(moment, self.hour, self.tz) - self.day0).days

    def col_conf(self) -> dict:
        """What ``col.conf`` must hold for Anki to count days as :meth:`day` does."""
        start = to_local(boundary(self.day0, self.hour, self.tz), self.tz)
        offset = start.utcoffset() or timedelta(0)
        return {"schedVer": 2, "rollover": self.hour, "creationOffset": -int(offset.total_seconds() // 60)}


def _days(a: datetime, b: datetime, timing: Timing) -> int:
    return timing.day(b) - timing.day(a)


def _interval(before: datetime, due: datetime, state: int, timing: Timing) -> int:
    """Anki's interval encoding: days for a review card, negative seconds for a step."""
    if state == REVIEW:
        return max(1, _days(before, due, timing))
    return -max(1, int((to_utc(due) - to_utc(before)).total_seconds()))


def _revlog_factor(difficulty: float) -> int:
    """revlog.factor of an FSRS answer: the difficulty after it, 1-10 shifted to
    0-1, times 1000, plus 100 (what Anki writes for an FSRS review)."""
    return round(100 + 1000 * (difficulty - 1) / 9)


def memory_data(state: CardState, desired_retention: float, decay: float | None) -> str:
    """The card's ``data`` JSON with its FSRS memory state (empty for a new card)."""
    card = state.card
    if card is None or card.stability is None or card.difficulty is None:
        return ""
    data: dict = {"s": round(card.stability, 4), "d": round(card.difficulty, 3), "dr": desired_retention}
    if decay is not None:
        data["decay"] = round(decay, 4)
    if card.last_review is not None:
        data["lrt"] = int(card.last_review.timestamp())
    return json.dumps(data, separators=(",", ":"))


@dataclass(frozen=True)
class CardRow:
    """The scheduling columns of one Anki ``cards`` row."""

    type: int
    queue: int
    due: int
    ivl: int
    factor: int
    reps: int
    lapses: int
    left: int
    flags: int
    data: str


def card_row(state: CardState, position: int, now: datetime, timing: Timing, srs: Srs,
             desired_retention: float, decay: float | None) -> CardRow:
    """``state`` as Anki schedules it; ``position`` orders new cards."""
    card, kind = state.card, state.state
    flags = state.flag if 0 <= state.flag <= 7 else 0
    if card is None:
        row = CardRow(TYPE_NEW, QUEUE_NEW, position, 0, 0, 0, 0, 0, flags, "")
    else:
        last = card.last_review or now
        data = memory_data(state, desired_retention, decay)
        if kind == REVIEW:
            row = CardRow(TYPE_REVIEW, QUEUE_REVIEW, timing.day(card.due), max(1, _days(last, card.due, timing)),
                          STARTING_EASE, state.reps, state.lapses, 0, flags, data)
        else:
            steps = srs.scheduler.learning_steps if kind == LEARNING else srs.scheduler.relearning_steps
            left = max(1, len(steps) - (card.step or 0))
            if timing.day(card.due) > timing.day(last):  # a step of a day or more: Anki's day-learn queue
                queue, due = QUEUE_DAY_LEARN, timing.day(card.due)
            else:
                queue, due = QUEUE_LEARN, int(card.due.timestamp())
            ivl = max(1, round(card.stability)) if kind == RELEARNING and card.stability else 0
            ctype = TYPE_LEARN if kind == LEARNING else TYPE_RELEARN
            row = CardRow(ctype, queue, due, ivl, STARTING_EASE if kind == RELEARNING else 0,
                          state.reps, state.lapses, left, flags, data)
    if state.suspended:
        return _with_queue(row, QUEUE_SUSPENDED)
    if state.buried_until is not None and state.buried_until > now:
        return _with_queue(row, QUEUE_USER_BURIED)
    return row


def _with_queue(row: CardRow, queue: int) -> CardRow:
    return replace(row, queue=queue)


@dataclass(frozen=True)
class RevlogRow:
    """One Anki ``revlog`` row (``id`` is the answer's time in epoch milliseconds)."""

    id: int
    ease: int
    ivl: int
    last_ivl: int
    factor: int
    time: int
    type: int


def revlog_rows(rows: list[dict], srs: Srs, timing: Timing) -> list[RevlogRow]:
    """One card's log rows (oldest first, as :meth:`Store.reviews` gives them) as revlog rows.

    A reset row becomes Anki's own record of a reset: a manual entry with ease 0.
    A cram answer becomes what Anki logs for a filtered deck that does not
    reschedule: a filtered entry that leaves the card's interval as it was."""
    out: list[RevlogRow] = []
    if not rows:
        return out
    state, last_ivl = CardState(rows[0]["card_id"]), 0
    for row in sorted(rows, key=lambda r: (r["reviewed_at"], r["id"])):
        at = parse_iso(row["reviewed_at"])
        assert at is not None
        ms = int(at.timestamp() * 1000)
        if row["rating"] == RESET_RATING:
            state = CardState(row["card_id"])
            out.append(RevlogRow(ms, 0, 0, last_ivl, 0, 0, REVLOG_MANUAL))
            last_ivl = 0
            continue
        if not reschedules(row.get("mode")):
            out.append(RevlogRow(ms, row["rating"], last_ivl, last_ivl, 0,
                                 max(0, int(row.get("duration_ms") or 0)), REVLOG_FILTERED))
            continue
        kind = state.state
        due = parse_iso(row["due_after"]) if row.get("due_after") else None
        state = srs.review(state, row["rating"], at, row.get("duration_ms"), exact=True, due=due)
        card = state.card
        assert card is not None and card.difficulty is not None  # an answered card has a memory state
        ivl = _interval(at, card.due, state.state, timing)
        out.append(RevlogRow(ms, row["rating"], ivl, last_ivl, _revlog_factor(card.difficulty),
                             max(0, int(row.get("duration_ms") or 0)), _REVLOG_KIND[kind]))
        last_ivl = ivl
    return out


@dataclass
class Schedule:
    """The progress an export carries: card states and log rows by card id, the
    scheduler that replays them, the moment of the export and the study day."""

    states: dict[str, CardState]
    reviews: dict[str, list[dict]]
    srs: Srs
    now: datetime
    desired_retention: float

    @classmethod
    def from_store(cls, store, srs: Srs, desired_retention: float, now: datetime) -> Schedule:
        reviews: dict[str, list[dict]] = {}
        for row in store.reviews():
            reviews.setdefault(row["card_id"], []).append(row)
        return cls(store.card_states(), reviews, srs, now, desired_retention)

    @property
    def decay(self) -> float | None:
        parameters = tuple(self.srs.scheduler.parameters)
        return float(parameters[20]) if len(parameters) > 20 else None

    def timing(self, card_ids) -> Timing:
        states = [self.states[c] for c in card_ids if c in self.states]
        return Timing.covering(self.now, states, self.srs.day_starts_at_hour, self.srs.tz)

    def card_row(self, card_id: str, position: int, timing: Timing) -> CardRow:
        state = self.states.get(card_id, CardState(card_id))
        return card_row(state, position, self.now, timing, self.srs, self.desired_retention, self.decay)

    def revlog(self, card_id: str, timing: Timing) -> list[RevlogRow]:
        return revlog_rows(self.reviews.get(card_id, []), self.srs, timing)

    def review_count(self, card_ids) -> int:
        return sum(len(self.reviews.get(c, [])) for c in card_ids)
