"""Recording exercise work done in the learner's own editor (``grade``, ``exercise solution``).

The command line has no editor screen to ask for a rating, so a pass is saved
with the suggested rating at once and the output says what was saved and when
the exercise comes back. A failed run saves nothing yet: it is remembered
(:mod:`quizapp.study.exercise_progress`) so the eventual pass is rated Hard, and
looking at the solution is giving up (Again). Only when the exercise's card is
new or due; otherwise it is practice and nothing is saved. The rule is
:mod:`quizapp.study.exercise_attempt`'s; this module only wires it to the store.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from quizapp.safetext import say
from quizapp.study.exercise_attempt import RATING_NAMES, Attempt
from quizapp.study.exercise_progress import ExerciseProgress


@contextmanager
def _opened(ctx, exercise_id: str):
    """``(store, now, counts)`` for one write; the store is closed afterwards."""
    from quizapp.clock import utc_now
    from quizapp.study.exercise_review import counts

    store = ctx.open_store()
    try:
        now = utc_now()
        yield store, now, counts(store, ctx.settings, exercise_id, now)
    finally:
        store.close()


@dataclass(frozen=True)
class Outcome:
    """What happened to one run in the review log, for the text and JSON output."""

    note: str
    recorded: bool = False
    rating: int | None = None
    due: datetime | None = None

    def as_dict(self) -> dict:
        return {"recorded": self.recorded, "rating": self.rating,
                "rating_name": None if self.rating is None else RATING_NAMES.get(self.rating), "note": self.note,
                "due": None if self.due is None else self.due.isoformat()}


class AttemptRecorder:
    """One command's link between graded runs and the review log.

    ``enabled`` False (``--no-record``) touches neither the store nor the kept
    progress. In ``--watch`` one recorder sees every run: after it saved one
    attempt it saves no other, since re-saving the same file is not recall."""

    def __init__(self, ctx, exercise, *, enabled: bool = True):
        self.ctx, self.exercise, self.enabled = ctx, exercise, enabled
        self.progress = ExerciseProgress(ctx.data_dir, warn=say)
        self.saved = False

    def graded(self, source: str, passed: bool) -> Outcome:
        if not self.enabled:
            return Outcome("not recorded (--no-record)")
        if self.saved:
            return Outcome("not recorded: this attempt is already saved")
        attempt = self.progress.resume(self.exercise)
        if not attempt.ran(source, passed):
            return Outcome("the untouched starter: nothing recorded for running it")
        if passed:
            return self._save(attempt, on_practice=lambda: self.progress.clear(self.exercise.id))
        return self._save_later(attempt)

    def gave_up(self) -> Outcome | None:
        """Looking at the solution: Again when it counts; None when nothing is said."""
        if not self.enabled:
            return None
        attempt = self.progress.resume(self.exercise)
        attempt.give_up()
        outcome = self._save(attempt, on_practice=lambda: None)
        return outcome if outcome.recorded else None

    def _save_later(self, attempt: Attempt) -> Outcome:
        with _opened(self.ctx, self.exercise.id) as (store, now, counts):
            if not counts:
                return self._practice(store, now)
            self.progress.keep(self.exercise.id, attempt)
        runs = f"{attempt.failed_runs} failed run" + "s" * (attempt.failed_runs != 1)
        return Outcome(f"not recorded yet: a pass now is rated Hard ({runs});"
                       f" `quizapp exercise solution {self.exercise.id}` gives up (Again)")

    def _save(self, attempt: Attempt, *, on_practice) -> Outcome:
        from quizapp.content.library import exercise_card
        from quizapp.study import exercise_review
        from quizapp.study.srs import format_interval

        with _opened(self.ctx, self.exercise.id) as (store, now, counts):
            if not counts:
                on_practice()
                return self._practice(store, now)
            rated = attempt.rated()
            result = exercise_review.save(store, self.ctx.settings, exercise_card(self.exercise), rated, now,
                                          duration_ms=None, via="grade")
        self.progress.clear(self.exercise.id)
        self.saved = True
        due = result.after.due
        when = format_interval(due - now)
        if due - now >= timedelta(days=1):
            when += f" ({due.astimezone():%Y-%m-%d})"
        note = f"recorded: {attempt.why()} · next review in {when}"
        if result.became_leech:
            note += f" · lapsed {result.after.lapses} times: suspended as a leech"
        return Outcome(note, True, rated.rating, due)

    def _practice(self, store, now: datetime) -> Outcome:
        from quizapp.search.card_info import due_text
        from quizapp.study.exercise_review import card_id

        when = due_text(store.card_state(card_id(self.exercise.id)), now)
        return Outcome(f"practice: not recorded (the exercise is not due; due {when})")
