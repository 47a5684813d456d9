"""The exercise attempt rule: what an attempt is, whether it counts, what it earns.

One home for the rule, used by the TUI editor, the study screen's hand-off and
``quizapp grade``, so a review means the same thing wherever the code was
written. Pure data and arithmetic: no Textual, no store, no files.

- A run **counts** only when the code differs from the starter (comments and
  blank lines aside): running the untouched starter is exploring, not trying.
- An attempt has **started** once a counted run happened or the learner gave
  up. Leaving before that records nothing, so no new card is spent.
- The **suggested rating**: Good for a pass on the first counted run with no
  help; Hard for a pass after failed runs, hints or loading the previous
  attempt; Again after giving up or leaving without a pass. The learner may
  choose another rating (as in Anki); the log keeps both.
- A code card **counts as a review** when it is new, a review card due this
  study day, or a learning card due now (the study queue's own rule); otherwise
  opening it is practice and records nothing unless the learner asks.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime

from quizapp.search.card_info import is_buried
from quizapp.study.srs import AGAIN, GOOD, HARD, RATING_NAMES, REVIEW, CardState


def _meaningful_lines(source: str) -> list[str]:
    lines = (line.rstrip() for line in source.replace("\r\n", "\n").splitlines())
    return [line for line in lines if line.strip() and not line.lstrip().startswith("#")]


def changed_from_starter(source: str, starter: str) -> bool:
    """Whether ``source`` is more than the starter: the header comments that
    ``exercise start`` writes, blank lines and trailing spaces do not count."""
    return _meaningful_lines(source) != _meaningful_lines(starter)


def counts_now(state: CardState, now: datetime, day_end: datetime) -> bool:
    """Whether an attempt on this card is a review (new or due), not practice."""
    if state.suspended or is_buried(state, now):
        return False
    if state.due is None:  # new (never reviewed): only a new card has no due time
        return True
    if state.state == REVIEW:
        return state.due < day_end
    return state.due <= now  # learning steps: due now, as the study queue shows them


@dataclass(frozen=True)
class Rated:
    """The rating an attempt is saved with, and what it was based on."""

    rating: int
    suggested: int
    passed: bool
    attempt: dict = field(default_factory=dict)

    def review_fields(self, via: str) -> dict:
        """Keyword fields for ``record_answer`` / ``StudySession.answer``: correct
        means the code passed; the attempt's figures go to the log's params."""
        log = {"attempt": {**self.attempt, "suggested": self.suggested}, "via": via}
        return {"correct": self.passed, "params": json.dumps(log, sort_keys=True)}


@dataclass
class Attempt:
    """One attempt at an exercise, fed by runs, hints and giving up.

    ``hints`` and ``failed_runs`` may be carried over from earlier work on the
    same attempt (see :mod:`quizapp.study.exercise_progress`); ``runs`` counts only
    this sitting's counted runs, so resuming alone never starts an attempt."""

    starter: str
    hints: int = 0
    failed_runs: int = 0
    runs: int = 0
    passed: bool = False
    gave_up: bool = False
    borrowed: bool = False  # loaded the previous attempt instead of recalling it

    def ran(self, source: str, passed: bool) -> bool:
        """Note a graded run; False (and nothing noted) for the untouched starter."""
        if self.over or not changed_from_starter(source, self.starter):
            return False
        self.runs += 1
        if passed:
            self.passed = True
        else:
            self.failed_runs += 1
        return True

    def took_hint(self, number: int) -> None:
        """Hint ``number`` (1 = first) was shown; hints seen so far count once each."""
        if not self.over:
            self.hints = max(self.hints, number)

    def give_up(self) -> None:
        if not self.passed:
            self.gave_up = True

    def borrow_previous(self) -> None:
        if not self.over:
            self.borrowed = True

    @property
    def started(self) -> bool:
        return self.runs > 0 or self.gave_up

    @property
    def over(self) -> bool:
        return self.passed or self.gave_up

    @property
    def suggested(self) -> int | None:
        """The rating this attempt earns, or None when there is nothing to rate."""
        if not self.started:
            return None
        if not self.passed:
            return AGAIN
        helped = self.failed_runs or self.hints or self.borrowed
        return HARD if helped else GOOD

    def rated(self, rating: int | None = None) -> Rated:
        """The attempt as saved: the learner's ``rating``, or the suggestion."""
        suggested = self.suggested
        if suggested is None:
            raise ValueError("nothing to rate: the attempt has not started")
        if rating is not None and rating not in RATING_NAMES:
            raise ValueError(f"rating must be 1-4, not {rating!r}")
        figures = {k: v for k, v in asdict(self).items() if k != "starter"}
        return Rated(rating or suggested, suggested, self.passed, figures)

    def why(self) -> str:
        """The suggestion in words, e.g. ``Hard (2 failed runs, 1 hint)``."""
        suggested = self.suggested
        if suggested is None:
            return "nothing to rate yet"
        reasons = []
        if self.gave_up:
            reasons.append("gave up")
        elif not self.passed:
            reasons.append("no pass")
        if self.failed_runs and self.passed:
            reasons.append(f"{self.failed_runs} failed run{'s' * (self.failed_runs != 1)}")
        if self.hints and not self.gave_up:
            reasons.append(f"{self.hints} hint{'s' * (self.hints != 1)}")
        if self.borrowed and self.passed:
            reasons.append("previous attempt loaded")
        if not reasons:
            reasons.append("first try, no hints")
        return f"{RATING_NAMES[suggested]} ({', '.join(reasons)})"
