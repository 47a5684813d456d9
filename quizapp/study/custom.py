"""Custom study, as Anki's Custom Study dialog: study a search, review ahead, cram.

A custom session is a filtered deck that lasts as long as the session: its cards
are chosen once, when it opens, each is shown once (an answer that sends it back
to learning brings it back, as always), and no daily limit applies; those are
the limits of everyday study, which a custom session is not part of. Suspended
and buried cards are never chosen.

- ``search``: the cards a search finds (:mod:`quizapp.search.query`), in deck
  order, answered as usual and rescheduled, as Anki's filtered deck with
  "Reschedule cards based on my answers" on. FSRS schedules an early review
  from the time that actually passed.
- ``ahead_days``: review cards due by the end of that many days after today
  (today's and overdue ones too), earliest due first, rescheduled: Anki's
  "Review ahead".
- ``cram``: the answers are logged as cram (:data:`quizapp.store.modes.CRAM`)
  and leave every schedule alone, as a filtered deck with rescheduling off; as
  there, Again brings the card back a minute later and Hard ten minutes later
  (:data:`CRAM_AGAIN_IN`), Good and Easy are done with it.

They combine: ``decks`` narrow each, ``cram`` with a search crams what it
finds, and with ``ahead_days`` previews the coming reviews without moving them.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from quizapp.clock import boundary, study_date
from quizapp.config import Settings
from quizapp.content.deck import Library, unknown_decks
from quizapp.errors import UsageError
from quizapp.safetext import visible
from quizapp.search.card_info import is_buried
from quizapp.search.query import find, parse, unmatched_decks
from quizapp.store.modes import CRAM
from quizapp.study.srs import REVIEW, Srs, format_interval

if TYPE_CHECKING:
    from quizapp.store.database import Store
    from quizapp.study.counts import StudyCard

MAX_AHEAD_DAYS = 9999
CRAM_AGAIN_IN = {1: timedelta(minutes=1), 2: timedelta(minutes=10)}  # rating -> back in the session after


@dataclass(frozen=True)
class CustomStudy:
    """Which cards a custom session studies, and whether its answers reschedule."""

    search: str = ""
    ahead_days: int | None = None
    cram: bool = False
    decks: tuple[str, ...] = ()

    @property
    def mode(self) -> str | None:
        """The review log's ``mode`` of this session's answers (None: scheduled as usual)."""
        return CRAM if self.cram else None

    @property
    def title(self) -> str:
        """What the study screen's title says: ``Cram: cnn``, ``Review ahead 3 days: all decks``."""
        days = self.ahead_days
        ahead = "" if days is None else f" ahead {days} day{'' if days == 1 else 's'}"
        kind = ("Cram" if self.cram else "Review") + ahead if self.cram or ahead else "Custom study"
        scope = [", ".join(self.decks)] if self.decks else [] if self.search else ["all decks"]
        return visible(f"{kind}: {' · '.join([*scope, *([self.search] if self.search else [])])}")

    def check(self, library: Library) -> None:
        """Raise the one-line :class:`UsageError` (exit 2) for a search that does not parse,
        a deck that is not there (named or in ``deck:``) or a day count out of range."""
        parse(self.search)
        library.require_decks(list(self.decks))
        unmatched = unmatched_decks(self.search, (d.name for d in library.decks))
        if unmatched:
            raise unknown_decks(unmatched, library)
        if self.ahead_days is not None and not 1 <= self.ahead_days <= MAX_AHEAD_DAYS:
            raise UsageError(f"review ahead: a whole number of days from 1 to {MAX_AHEAD_DAYS}, not {self.ahead_days}")

    def choose(self, store: Store, cards: Iterable[StudyCard], settings: Settings, now: datetime,
               tz: tzinfo | None = None, srs: Srs | None = None) -> list[tuple[str, int]]:
        """``(card id, state)`` of the cards to study, in the order they are shown."""
        hour = settings.day_starts_at_hour
        wanted = [card for card in cards if not self.decks or card.deck in self.decks]
        found = [(card, state) for card, state in find(store, wanted, self.search, now, hour, tz, srs=srs)
                 if not state.suspended and not is_buried(state, now)]
        if self.ahead_days is not None:
            until = boundary(study_date(now, hour, tz) + timedelta(days=self.ahead_days + 1), hour, tz)
            due = [(state.due, card.id) for card, state in found
                   if state.state == REVIEW and state.due is not None and state.due < until]
            return [(card_id, REVIEW) for _, card_id in sorted(due)]
        return [(card.id, state.state) for card, state in found]


def cram_intervals() -> dict[int, str]:
    """What the rating buttons say in a cram session: when the card comes back, or done."""
    return {rating: format_interval(CRAM_AGAIN_IN[rating]) if rating in CRAM_AGAIN_IN else "done"
            for rating in (1, 2, 3, 4)}
