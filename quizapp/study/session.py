"""A study session: today's queue, daily limits, answering and undo (no UI here).

Queue order (as Anki): learning/relearning cards due now, then reviews due today,
then new cards. Which reviews and new cards today brings, within the daily
limits (top and per deck) and in the ``new_card_order``, is
:func:`quizapp.study.counts.plan_day`'s, the same the home screen counts; the
order reviews are shown in is :meth:`StudySession._order_reviews`. When nothing
else is left, a learning card due within ``learn_ahead`` (20 minutes) is shown early.
A custom session (:mod:`quizapp.study.custom`: a search, review ahead, cram) takes
its cards from its :class:`~quizapp.study.custom.CustomStudy` instead, with no limits.
Suspended and buried cards never appear; an Again that makes a card a leech
(``settings.leech_lapses`` lapses) suspends it, and the answer's result says so
(``became_leech``) for the screen to tell the learner. Every answer is committed
to the store before :meth:`StudySession.answer` returns, so a crash loses at
most the card on screen. "Today" starts at ``settings.day_starts_at_hour`` local
time; a session still open when the next day starts moves on to it.

Cards are any objects with ``.id``, ``.deck`` and ``.kind``; the session hands
the same objects back from :meth:`current`.
"""
from __future__ import annotations

import bisect
import random
import uuid
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any, Generic, TypeVar

from quizapp.clock import day_end, iso, study_date, utc_now
from quizapp.config import Settings
from quizapp.store.database import ReviewResult, Store
from quizapp.store.errors import StoreError
from quizapp.store.modes import reschedules
from quizapp.study.counts import StudyCard, deck_counts, plan_day, study_stats  # noqa: F401 (re-exported)
from quizapp.study.custom import CRAM_AGAIN_IN, CustomStudy, cram_intervals
from quizapp.study.interview import in_final_days
from quizapp.study.plan import by_gain_on_date
from quizapp.study.srs import LEARNING, NEW, RELEARNING, REVIEW, CardState, Srs, format_interval
from quizapp.study.unsaved import UnsavedAnswers

LEARN_AHEAD = timedelta(minutes=20)
CardT = TypeVar("CardT", bound=StudyCard)  # the cards a session is given and hands back


@dataclass(frozen=True)
class _Answer:
    """What undo needs to put things back as they were."""

    uid: str
    card_id: str
    prev_state: int
    rating: int
    duration_ms: int


def record_answer(store: Store, srs: Srs, settings: Settings, card: StudyCard, rating: int, now: datetime,
                  **fields: Any) -> ReviewResult:
    """Save one answer to ``card`` (committed on return) with the leech rule applied.

    The one way answers are written: by a study session, and by practice
    outside a queue (the exercise list). ``fields``: duration_ms, answer,
    correct, params, uid."""
    return store.record_review(card.id, rating, now, srs, kind=getattr(card, "kind", None),
                               leech_lapses=settings.leech_lapses, **fields)


def next_intervals(srs: Srs, state: CardState, now: datetime) -> dict[int, str]:
    """Next interval per rating (1-4) of a card in ``state``, as the rating buttons show them."""
    return {int(r): format_interval(due - now) for r, due in srs.preview(state, now).items()}


def review_row(card: StudyCard, rating: int, now: datetime, uid: str, fields: dict[str, Any]) -> dict[str, Any]:
    """An answer as a review row of the JSON export (what :mod:`quizapp.study.unsaved` keeps),
    its ``mode`` (a mock answer's mark) included."""
    return {"uid": uid, "card_id": card.id, "rating": rating, "reviewed_at": iso(now),
            "kind": getattr(card, "kind", None), "duration_ms": fields.get("duration_ms"),
            "answer": fields.get("answer"), "correct": fields.get("correct"), "params": fields.get("params"),
            "mode": fields.get("mode")}


class StudySession(Generic[CardT]):
    """Today's queue over ``cards`` (in deck order) with limits from ``settings``.

    ``new_limit`` overrides the daily new-card allowance (a drill passes a number,
    0 by default via :meth:`drill`); ``custom`` makes it a custom session over
    the cards it chooses among ``cards``; ``srs`` lets tests switch fuzzing off.
    """

    def __init__(self, store: Store, cards: Iterable[CardT], settings: Settings, *,
                 clock: Callable[[], datetime] = utc_now, rng: random.Random | None = None,
                 srs: Srs | None = None, new_limit: int | None = None,
                 tz: tzinfo | None = None, learn_ahead: timedelta = LEARN_AHEAD,
                 unsaved: UnsavedAnswers | None = None, custom: CustomStudy | None = None) -> None:
        self.store, self.settings, self.clock, self.tz = store, settings, clock, tz
        self.custom = custom
        self.unsaved = unsaved if unsaved is not None else UnsavedAnswers(None)
        self._unsaved_after: dict[str, CardState] = {}  # each waiting card's state, in memory
        self.srs = srs or Srs(settings, tz=tz)
        self.rng = rng or random.Random()
        self.learn_ahead = learn_ahead
        self._cards = {card.id: card for card in cards}
        self._front: list[tuple[str, int]] = []  # undone cards, last on top
        self._learning: list[tuple[datetime, str]] = []  # sorted by due
        self._answers: list[_Answer] = []
        self._current: str | None = None
        self._shown_at: datetime | None = None
        self._new_limit = new_limit
        self._build(new_limit)

    @classmethod
    def drill(cls, store: Store, cards: Iterable[CardT], settings: Settings, new: int = 0,
              **kwargs: Any) -> StudySession[CardT]:
        """Today's due cards, then up to ``new`` new ones."""
        return cls(store, cards, settings, new_limit=new, **kwargs)

    def _build(self, new_limit: int | None) -> None:
        """Fill the queues for the study day of now (undone cards stay on top)."""
        if self.custom is not None:
            self._choose_custom(self.custom)
            return
        on_top = {card_id for card_id, _ in self._front}
        day = plan_day(self.store, self._cards.values(), self.settings, self.clock(), self.tz,
                       new_limit=new_limit, leave_out=on_top)
        self.day_end = day.today.end
        self._learning = list(day.learning)
        self._reviews: deque[str] = deque(self._order_reviews(day.reviews))
        self._new: deque[str] = deque(day.new)

    def _choose_custom(self, custom: CustomStudy) -> None:
        """A custom session's cards, chosen once: new ones after the others, as in a day's queue."""
        now = self.clock()
        self.day_end = day_end(now, self.settings.day_starts_at_hour, self.tz)
        chosen = custom.choose(self.store, self._cards.values(), self.settings, now, self.tz, self.srs)
        self._reviews = deque(card_id for card_id, state in chosen if state != NEW)
        self._new = deque(card_id for card_id, state in chosen if state == NEW)

    def _order_reviews(self, reviews: list[tuple[datetime, str]]) -> list[str]:
        """The order today's reviews are shown in (decided here only): by the study day
        they fell due, the oldest first, shuffled within a day, as Anki's "due date,
        then random"."""
        hour = self.settings.day_starts_at_hour
        keyed = [(study_date(due, hour, self.tz), self.rng.random(), cid) for due, cid in reviews]
        ordered = [cid for *_, cid in sorted(keyed)]
        # Interview plan (quizapp.study.interview): in the last days before the date, the
        # review that adds most to recall on the day comes first.
        if in_final_days(self.settings, study_date(self.clock(), hour, self.tz)):
            ordered = by_gain_on_date(ordered, self.store.card_states(ordered), self.srs, self.clock())
        return ordered

    def _start_new_day_if_due(self) -> None:
        """A session left open past the day boundary moves to the new day: its
        limits and its due cards, as a session opened then would have. Never
        while a card is on screen. A drill keeps what is left of its own
        new-card number; a custom session keeps its cards."""
        if self._current is not None or self.custom is not None or self.clock() < self.day_end:
            return
        limit = self._new_limit
        if limit is not None:
            limit = max(0, limit - sum(a.prev_state == NEW for a in self._answers))
        self._build(limit)

    # -- showing --------------------------------------------------------------
    def _pick(self, now: datetime) -> str | None:
        if self._front:
            return self._front[-1][0]
        if self._learning and self._learning[0][0] <= now:
            return self._learning[0][1]
        if self._reviews:
            return self._reviews[0]
        if self._new:
            return self._new[0]
        if self._learning and self._learning[0][0] <= now + self.learn_ahead:
            return self._learning[0][1]
        return None

    def current(self) -> CardT | None:
        """The card on screen, or ``None`` when nothing is due (see :meth:`remaining`).

        A card is picked only when none is on screen; from then on it stays the
        current card until it is answered, skipped or an undo brings another
        back. Re-picking on every call would let a learning card that falls due
        while the learner reads take over the reveal, the intervals and the
        rating of the card they actually saw."""
        if self._current is None:
            self._start_new_day_if_due()
            now = self.clock()
            self._current, self._shown_at = self._pick(now), now
        return None if self._current is None else self._cards[self._current]

    def intervals(self) -> dict[int, str]:
        """Next interval per rating (1-4) for the current card, e.g. ``{1: "1m", 3: "10m"}``."""
        card = self.current()
        if card is None:
            return {}
        if self.custom is not None and self.custom.cram:
            return cram_intervals()
        return next_intervals(self.srs, self.store.card_state(card.id), self.clock())

    # -- answering --------------------------------------------------------------
    def answer(self, rating: int, *, answer: str | None = None, correct: bool | None = None,
               params: str | None = None, duration_ms: int | None = None) -> ReviewResult:
        """Rate the current card; the review is committed before this returns.

        Returns the store's :class:`~quizapp.store.database.ReviewResult`; its
        ``became_leech`` is true when this answer suspended the card as a leech.
        When the database refuses the write (busy, read-only, full), the answer
        is kept in :attr:`unsaved` instead (``result.saved`` is false) and the
        session goes on from the state it would have; :meth:`save_unsaved`
        writes it later."""
        card = self.current()
        if card is None:
            raise RuntimeError("no card to answer")
        now = self.clock()
        if duration_ms is None:
            assert self._shown_at is not None  # current() set it with the card
            duration_ms = int((now - self._shown_at).total_seconds() * 1000)
        fields: dict[str, Any] = dict(duration_ms=duration_ms, answer=answer, correct=correct, params=params,
                                      uid=uuid.uuid4().hex, mode=None if self.custom is None else self.custom.mode)
        if self.save_unsaved():  # later answers wait behind earlier ones
            result = self._keep_unsaved(card, rating, now, fields,
                                        self.unsaved.reason or "earlier answers are still waiting")
        else:
            try:
                result = record_answer(self.store, self.srs, self.settings, card, rating, now, **fields)
            except StoreError as err:
                result = self._keep_unsaved(card, rating, now, fields, str(err))
        self._take(card.id)
        after, due = result.after, result.after.due  # due is None only for a new card
        if not reschedules(fields["mode"]):  # the schedule did not move: the session brings the card back
            if rating in CRAM_AGAIN_IN:
                bisect.insort(self._learning, (now + CRAM_AGAIN_IN[rating], card.id))
        elif after.state in (LEARNING, RELEARNING) and due is not None and due < self.day_end and not after.suspended:
            bisect.insort(self._learning, (due, card.id))
        self._answers.append(_Answer(result.uid, card.id, result.before.state, rating, duration_ms))
        self._current = None
        return result

    def _keep_unsaved(self, card: CardT, rating: int, now: datetime, fields: dict[str, Any],
                      reason: str) -> ReviewResult:
        """The answer the database refused, kept to be written later, and its result
        worked out in memory so the queue moves on as if it had been saved."""
        before = self._unsaved_after.get(card.id)
        if before is None:
            try:
                before = self.store.card_state(card.id)
            except StoreError:  # unreadable too: schedule from new; the saved replay is exact
                before = CardState(card.id)
        after = self.srs.review(before, rating, now, fields["duration_ms"]) if reschedules(fields["mode"]) else before
        self._unsaved_after[card.id] = after
        self.unsaved.keep(review_row(card, rating, now, fields["uid"], fields), reason)
        return ReviewResult(None, fields["uid"], before, after, saved=False)

    def save_unsaved(self) -> int:
        """Write the answers the database refused earlier; returns how many still wait."""
        if not len(self.unsaved):
            return 0
        left = self.unsaved.save_into(self.store, self.srs, self.settings.leech_lapses)
        if not left:
            self._unsaved_after.clear()
        return left

    def skip(self) -> None:
        """Put the card on screen aside for this session, recording nothing: it keeps
        its state (a new card stays new and spends no new-card allowance)."""
        if self._current is not None:
            self._take(self._current)
            self._current = None

    def _take(self, card_id: str) -> None:
        """Remove ``card_id`` from whichever queue holds it."""
        self._front = [f for f in self._front if f[0] != card_id]
        self._learning = [item for item in self._learning if item[1] != card_id]
        for queue in (self._reviews, self._new):
            if card_id in queue:
                queue.remove(card_id)

    def undo(self) -> CardT | None:
        """Take back this session's last answer: restore the card's state, drop the
        log row and show the card again first. ``None`` when nothing to undo."""
        if not self._answers:
            return None
        last = self._answers[-1]
        if self.unsaved.discard(last.uid):
            self._unsaved_after.pop(last.card_id, None)
        else:  # may refuse (e.g. reset in Browse since): keep the entry then
            self.store.undo_review(last.uid)
        self._answers.pop()
        self._take(last.card_id)
        self._front.append((last.card_id, last.prev_state))
        self._current = None
        return self.current()

    # -- progress -------------------------------------------------------------------
    def remaining(self) -> tuple[int, int, int]:
        """``(new, learning, review)`` cards still to see this session."""
        self._start_new_day_if_due()
        front = [state for _, state in self._front]
        return (len(self._new) + front.count(NEW),
                len(self._learning) + front.count(LEARNING) + front.count(RELEARNING),
                len(self._reviews) + front.count(REVIEW))

    def summary(self) -> dict[str, Any]:
        """Figures for the end-of-drill screen. ``done``: cards answered and out of
        today's queue; ``left``: cards still in it (a drill left early says both), of
        which ``back`` were answered and come back (learning steps, Again)."""
        n = len(self._answers)
        now = self.clock()
        later = [due for due, _ in self._learning if due > now]
        stored = self.store.history.next_due(now, self._cards)
        candidates = [d for d in (min(later, default=None), stored) if d is not None]
        answered = {a.card_id for a in self._answers}
        queued = {cid for cid, _ in self._front} | {cid for _, cid in self._learning} | {*self._reviews, *self._new}
        return {
            "reviewed": n,
            "done": len(answered - queued),
            "left": len(queued),
            "back": len(answered & queued),
            "again_rate": None if n == 0 else sum(a.rating == 1 for a in self._answers) / n,
            "time_spent_s": sum(a.duration_ms for a in self._answers) / 1000,
            "next_due": min(candidates, default=None),
        }
