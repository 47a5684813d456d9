"""A mock interview in progress: its questions, its clock and its answers (no UI).

The questions come from :mod:`quizapp.study.mock_plan`, the clock from
:mod:`quizapp.study.mock_timer`, the report from :mod:`quizapp.study.mock_report`.
Each answer goes to the review log like any other, through
:func:`quizapp.study.session.record_answer` (FSRS schedules it, an early review
included, and the leech rule applies), marked ``mode="mock"`` so stats can tell
mock sessions apart. It is committed before :meth:`MockInterview.answer`
returns; when the database refuses it, it is kept in
:class:`~quizapp.study.unsaved.UnsavedAnswers` (mark included) and written
later, as the study session does, so no answer is lost.

:func:`start_mock` chooses the questions from FSRS's view of the cards: each
card's recall now and each deck's readiness (:mod:`quizapp.study.readiness`).
Readiness is taken over the mock's decks and levels when it starts and again
for the report, both times for the same day, tomorrow (:data:`READINESS_AHEAD`):
recall "now" right after an answer is 1 whatever the rating, while tomorrow's
is lower after an Again than after a Good, which is what the mock showed.

The time a question took is the clock's time from showing it to its rating,
pauses left out. When the time is up the question on screen may still be
rated (the screen offers that only once its answer is shown); the rest are
"not reached".
"""
from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from quizapp.config import Settings
from quizapp.content.cards import Card
from quizapp.errors import QuizError
from quizapp.store.database import ReviewResult, Store
from quizapp.store.errors import StoreError
from quizapp.store.modes import MOCK
from quizapp.study.mock_history import add_report
from quizapp.study.mock_plan import MockOptions, card_weights, choose_questions, section
from quizapp.study.mock_report import ReadinessSnapshot, build_report
from quizapp.study.mock_timer import MockTimer
from quizapp.study.readiness import Readiness, card_recall, readiness
from quizapp.study.session import next_intervals, record_answer, review_row
from quizapp.study.srs import AGAIN, Srs
from quizapp.study.unsaved import UnsavedAnswers

READINESS_AHEAD = timedelta(days=1)  # readiness before and after is recall on this day: tomorrow


@dataclass(frozen=True)
class Asked:
    """One question of the mock and what became of it (``rating`` None: not answered)."""

    card: Card
    seconds: float = 0.0
    rating: int | None = None
    correct: bool | None = None
    skipped: bool = False

    @property
    def passed(self) -> bool:
        """Recalled, as FSRS counts it: any rating but Again."""
        return self.rating is not None and self.rating != AGAIN


@dataclass
class MockRun:
    """``quizapp mock``'s request to the app, and what came of it: the reports of the
    mocks taken, or why none could start."""

    options: MockOptions
    reports: list[dict[str, Any]] = field(default_factory=list)
    problem: str | None = None


class MockInterview:
    """``questions`` asked in order against a clock of ``options.minutes``; readiness is
    taken over ``pool`` (the cards the questions were chosen from; default: the questions)."""

    def __init__(self, store: Store, srs: Srs, settings: Settings, questions: Sequence[Card],
                 options: MockOptions, *, clock: Callable[[], datetime], pool: Sequence[Card] | None = None,
                 before: ReadinessSnapshot | None = None, unsaved: UnsavedAnswers | None = None):
        self.store, self.srs, self.settings, self.clock = store, srs, settings, clock
        self.questions, self.options = list(questions), options
        self.pool = list(questions if pool is None else pool)
        self.unsaved = unsaved if unsaved is not None else UnsavedAnswers(None)
        self.readiness_on = clock() + READINESS_AHEAD
        self.before = before or self.readiness()  # start_mock has it already
        self.timer = MockTimer(options.minutes * 60, clock)
        self.asked: list[Asked] = []
        self.stopped = False
        self._shown_s = 0.0  # the timer's reading when the question on screen was shown

    @property
    def over(self) -> bool:
        """Every question asked, or the mock stopped (time up, or the learner ended it)."""
        return self.stopped or len(self.asked) >= len(self.questions)

    def current(self) -> Card | None:
        return None if self.over else self.questions[len(self.asked)]

    @property
    def number(self) -> int:
        """The question on screen, counted from 1."""
        return len(self.asked) + 1

    def where(self) -> str:
        """``question 3 of 9 · concepts · cnn · advanced``: the question on screen ("" once over)."""
        card = self.current()
        if card is None:
            return ""
        return f"question {self.number} of {len(self.questions)} · {section(card)} · {card.deck} · {card.level}"

    def intervals(self) -> dict[int, str]:
        """Next interval per rating (1-4) of the question on screen, for the rating bar."""
        return next_intervals(self.srs, self.store.card_state(self._question().id), self.clock())

    def _question(self) -> Card:
        card = self.current()
        if card is None:
            raise RuntimeError("the mock interview is over: no question to answer")
        return card

    def answer(self, rating: int, **fields: Any) -> ReviewResult | None:
        """Rate the question on screen (``fields``: answer, correct, params) and move on.

        Returns what the store wrote, or None when the answer was kept to be written later."""
        card, now = self._question(), self.clock()
        seconds = self._took()
        fields = {**fields, "duration_ms": int(seconds * 1000), "uid": uuid.uuid4().hex, "mode": MOCK}
        result, reason = None, "earlier answers are still waiting"
        if self.save_unsaved():  # later answers wait behind earlier ones
            reason = self.unsaved.reason or reason
        else:
            try:
                result = record_answer(self.store, self.srs, self.settings, card, rating, now, **fields)
            except StoreError as err:
                reason = str(err)
        if result is None:
            self.unsaved.keep(review_row(card, rating, now, fields["uid"], fields), reason)
        self.asked.append(Asked(card, seconds, rating, fields.get("correct")))
        return result

    def save_unsaved(self) -> int:
        """Write answers the database refused earlier; returns how many still wait."""
        if not len(self.unsaved):
            return 0
        return self.unsaved.save_into(self.store, self.srs, self.settings.leech_lapses)

    def skip(self) -> None:
        """Pass on the question on screen: nothing recorded, it counts as not answered."""
        self.asked.append(Asked(self._question(), self._took(), skipped=True))

    def _took(self) -> float:
        """Seconds since the question on screen was shown (pauses left out); the next starts now."""
        elapsed = self.timer.elapsed_s()
        took, self._shown_s = elapsed - self._shown_s, elapsed
        return took

    def stop(self) -> None:
        """End the mock now (time up, or the learner's choice): the rest is not reached."""
        self.stopped = True
        self.timer.pause()

    def results(self) -> list[Asked]:
        """Every question: those asked, then those not reached."""
        return [*self.asked, *(Asked(card) for card in self.questions[len(self.asked):])]

    def finish(self, data_dir: Path) -> tuple[dict[str, Any], str | None]:
        """Stop, make the report and add it to the history in ``data_dir``; returns the
        report and, when the history could not be written, the line saying so."""
        self.stop()
        report = self.report()
        try:
            add_report(data_dir, report)
        except QuizError as e:
            return report, str(e)
        return report, None

    def readiness(self) -> ReadinessSnapshot:
        """Readiness over the pool on :attr:`readiness_on`, overall and by deck."""
        return _snapshot(readiness(self.pool, self.store.card_states(c.id for c in self.pool), self.srs,
                                   self.readiness_on))

    def report(self) -> dict[str, Any]:
        """The report (:mod:`quizapp.study.mock_report`): readiness from the start and now."""
        return build_report(self, self.before, self.readiness(), self.clock())


def start_mock(store: Store, srs: Srs, settings: Settings, cards: Sequence[Card], options: MockOptions, *,
               clock: Callable[[], datetime], rng: random.Random | None = None,
               unsaved: UnsavedAnswers | None = None) -> MockInterview:
    """A mock over the ``cards`` ``options`` admit (suspended ones left out), its
    questions weighted by recall now and deck readiness (:mod:`quizapp.study.mock_plan`)."""
    pool = [card for card in cards if options.admits(card)]
    states, now = store.card_states(card.id for card in pool), clock()
    recall = card_recall(pool, states, srs, now)  # suspended cards are not in it
    pool = [card for card in pool if card.id in recall]
    before = _snapshot(readiness(pool, states, srs, now + READINESS_AHEAD))
    questions = choose_questions(pool, options, card_weights(pool, recall, before.by_topic), rng or random.Random())
    return MockInterview(store, srs, settings, questions, options, clock=clock, pool=pool, before=before,
                         unsaved=unsaved)


def _snapshot(ready: Readiness) -> ReadinessSnapshot:
    return ReadinessSnapshot(ready.overall, {topic.topic: topic.value for topic in ready.by_deck})
