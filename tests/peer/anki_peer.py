"""Anki as the oracle for quizapp's scheduling: scripted histories, both sides, the gap.

A history is a list of (local time, rating) for one card with a study-day rollover
hour and a zone. :func:`anki_trace` replays it through the real ``anki`` package
(the Rust backend Anki ships, FSRS included) in a child process whose clock is
moved by libfaketime (see ``anki_driver.py``); :func:`srs_trace` replays it through
quizapp's :class:`~quizapp.study.srs.Srs`; :func:`plain_fsrs_trace` through a bare
``fsrs.Scheduler.review_card`` loop on real datetimes, which is what quizapp did
before it counted study days (commit d2c122a). Every trace has one step per
review: the four buttons as offered just before it (``("secs", n)`` for a
(re)learning step, ``("days", n)`` for a review interval), then the stability and
difficulty after it. :func:`compare` measures two traces against each other.

Anki runs with its default FSRS-6 weights, which are fsrs's ``DEFAULT_PARAMETERS``
(:attr:`AnkiProcess.default_weights`; the parity tests check both), learning steps
1 and 10 minutes, relearning 10 minutes, retention 0.9, fuzz and load balancing off,
short-term scheduling with steps off (Anki's default).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

from fsrs import Card, Rating, Scheduler, State

from quizapp.config import Settings
from quizapp.study.srs import RATINGS, CardState, Srs

LIBFAKETIME = next((p for p in ("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
                                "/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1",
                                "/usr/lib/faketime/libfaketime.so.1", "/usr/local/lib/faketime/libfaketime.so.1")
                    if Path(p).exists()), None)
DRIVER = Path(__file__).with_name("anki_driver.py")
LEARNING_STEPS, RELEARNING_STEPS, RETENTION = (1.0, 10.0), (10.0,), 0.9
AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4


@dataclass(frozen=True)
class History:
    """One card's reviews: ``(day offset, "HH:MM" local, rating)`` from ``start``."""

    name: str
    steps: tuple[tuple[int, str, int], ...]
    rollover: int = 4
    zone: str = "UTC"
    start: date = date(2026, 3, 2)
    reviews: tuple[tuple[datetime, int], ...] = field(init=False)

    def __post_init__(self):
        tz = ZoneInfo(self.zone)
        moments = tuple((datetime.combine(self.start + timedelta(days=d), time.fromisoformat(hm), tz), r)
                        for d, hm, r in self.steps)
        assert all(a[0] < b[0] for a, b in pairwise(moments)), f"{self.name}: out of order"
        object.__setattr__(self, "reviews", moments)


G = GOOD
HISTORIES = {h.name: h for h in (
    # Reviews at 7-8 am, each earlier or later in the morning than the one before.
    History("morning", ((0, "07:40", G), (0, "07:51", G), (2, "07:05", G), (6, "07:55", G),
                        (15, "07:10", G), (33, "07:45", HARD), (50, "07:20", G), (95, "07:00", G),
                        (170, "07:35", G), (300, "07:15", G), (480, "07:50", G))),
    # Reviews at 21-23 h; one the evening after a long interval was set (an early
    # review: FSRS's Hard and Good then round to the same day).
    History("evening", ((0, "21:30", G), (0, "21:41", G), (1, "22:50", G), (4, "21:05", G),
                        (10, "23:40", G), (24, "21:15", G), (50, "22:30", EASY), (120, "21:50", G),
                        (230, "23:10", G), (231, "21:20", G), (400, "22:00", G))),
    # After midnight but before the 4 am rollover, alternating with evenings; 00:50
    # the night after 23:41 is the same study day. (Anki's test mode, which turns
    # its fuzz off, shifts 2-4 am, so the night reviews stay before 2 am.)
    History("night-owl", ((0, "23:30", G), (0, "23:41", G), (1, "00:50", G), (3, "01:30", G),
                          (5, "22:15", G), (11, "01:45", G), (20, "23:50", G), (38, "00:40", G),
                          (66, "21:30", HARD), (101, "01:10", G), (170, "22:45", G), (290, "01:55", G))),
    # Again and Hard mixed in: learning, lapses, relearning with Again and Hard in it,
    # a relearning step left until the next evening, Easy to leave relearning.
    History("struggling", ((0, "09:00", AGAIN), (0, "09:01", HARD), (0, "09:07", G), (0, "09:17", G),
                           (1, "18:00", AGAIN), (1, "18:10", G), (3, "08:00", HARD), (6, "20:00", AGAIN),
                           (6, "20:10", AGAIN), (6, "20:20", HARD), (6, "20:36", G), (8, "12:00", G),
                           (11, "07:30", HARD), (16, "22:00", AGAIN), (16, "22:11", G), (18, "19:00", G),
                           (25, "08:30", HARD), (40, "21:00", AGAIN), (41, "19:30", G), (47, "07:45", AGAIN),
                           (47, "07:56", EASY), (55, "20:00", G), (70, "21:00", HARD), (90, "07:40", G))),
    # Easy presses: in learning, on review cards, and after a lapse; a relearning
    # step answered two days late.
    History("easy", ((0, "10:00", G), (0, "10:10", EASY), (9, "19:00", EASY), (40, "08:00", G),
                     (130, "21:00", EASY), (300, "12:00", AGAIN), (300, "12:10", EASY), (310, "09:00", G),
                     (340, "20:00", EASY), (500, "08:30", AGAIN), (502, "21:00", G), (520, "08:00", G))),
    # Hard inside the learning steps, the steps crossing midnight and the 1 am rollover.
    History("hard-in-steps", ((0, "23:50", HARD), (0, "23:56", HARD), (1, "00:02", G), (1, "00:12", HARD),
                              (1, "00:22", HARD), (1, "00:32", G), (2, "00:55", AGAIN), (2, "01:05", HARD),
                              (2, "01:20", G), (4, "23:45", G), (9, "00:30", HARD), (20, "22:00", G),
                              (45, "00:40", G)), rollover=1),
    # A morning learner in New York across the change to summer time (8 March),
    # starting with Easy on the new card.
    History("morning-dst", ((0, "07:40", EASY), (0, "07:51", G), (2, "07:05", G), (6, "07:55", G),
                            (8, "07:10", G), (15, "07:45", G), (40, "07:20", G), (90, "07:00", G)),
            zone="America/New_York"),
)}


# -- the two sides ----------------------------------------------------------------
def missing() -> str | None:
    """Why the Anki side cannot run here, or ``None`` when it can."""
    try:
        import anki  # noqa: F401
    except ImportError:
        return "the anki package is not installed (pip install -e '.[test]')"
    if LIBFAKETIME is None:
        return "libfaketime is not installed (apt-get install faketime)"
    return None


class AnkiProcess:
    """A fresh Anki collection of ``cards`` new cards in a child process whose clock
    libfaketime sets to each answer's time (times must not go back: Anki caches
    "today" until its next rollover). Use as a context manager."""

    def __init__(self, start: datetime, *, cards: int = 1, rollover: int = 4, zone: str = "UTC"):
        self._folder = tempfile.TemporaryDirectory(prefix="anki-peer-")
        clock = Path(self._folder.name) / "clock"
        clock.write_text(start.astimezone(UTC).strftime("@%Y-%m-%d %H:%M:%S\n"))
        env = {**os.environ, "TZ": zone, "ANKI_TEST_MODE": "1", "LD_PRELOAD": LIBFAKETIME,
               "FAKETIME_TIMESTAMP_FILE": str(clock), "FAKETIME_NO_CACHE": "1"}
        self._child = subprocess.Popen([sys.executable, str(DRIVER)], env=env, text=True,
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self._send({"collection": str(Path(self._folder.name) / "peer.anki2"), "rollover": rollover,
                    "learning_steps": LEARNING_STEPS, "relearning_steps": RELEARNING_STEPS,
                    "desired_retention": RETENTION, "parameters": None, "cards": cards})
        self.default_weights = tuple(self._receive()["default_weights"])

    def _send(self, message: dict) -> None:
        self._child.stdin.write(json.dumps(message) + "\n")
        self._child.stdin.flush()

    def review(self, card: int, at: datetime, rating: int) -> dict:
        """Answer ``card`` at ``at``: Anki's buttons before, its S, D and type after."""
        self._send({"card": card, "at": at.timestamp(), "rating": rating})
        step = self._receive()
        return {**step, "buttons": [tuple(b) for b in step["buttons"]]}

    def _receive(self) -> dict:
        while (line := self._child.stdout.readline()) and not line.startswith("{"):
            pass  # anything else the backend printed
        if not line:
            self._child.wait(timeout=30)
            raise RuntimeError(f"anki driver failed:\n{self._child.stderr.read()[-3000:]}")
        return json.loads(line)

    def __enter__(self) -> AnkiProcess:
        return self

    def __exit__(self, *exc) -> None:
        self._child.stdin.close()
        try:
            self._child.wait(timeout=60)
        finally:
            if self._child.poll() is None:
                self._child.kill()
            self._child.stdout.close()
            self._child.stderr.close()
            self._folder.cleanup()


def anki_trace(history: History) -> list[dict]:
    """Replay ``history`` through Anki in a child process on a faked clock."""
    with AnkiProcess(history.reviews[0][0], rollover=history.rollover, zone=history.zone) as anki:
        return [anki.review(0, at, rating) for at, rating in history.reviews]


def _button(now: datetime, card: Card) -> tuple[str, int]:
    gap = card.due - now
    if card.state == State.Review:
        assert gap % timedelta(days=1) == timedelta(0), gap
        return ("days", gap.days)
    return ("secs", round(gap.total_seconds()))


def _settings(history: History) -> Settings:
    return Settings(desired_retention=RETENTION, learning_steps_minutes=LEARNING_STEPS,
                    relearning_steps_minutes=RELEARNING_STEPS, day_starts_at_hour=history.rollover)


def srs_trace(history: History, srs: Srs | None = None) -> list[dict]:
    """Replay ``history`` through quizapp's :class:`Srs` (fuzz off, the history's zone)."""
    srs = srs or Srs(_settings(history), fuzzing=False, tz=ZoneInfo(history.zone))
    state, out = CardState("peer"), []
    for at, rating in history.reviews:
        buttons = [_button(at, due_card) for due_card in (srs.review(state, r, at).card for r in RATINGS)]
        preview = srs.preview(state, at)
        assert [p for p in preview.values()] == [srs.review(state, r, at).card.due for r in RATINGS]
        state = srs.review(state, rating, at)
        out.append({"buttons": buttons, "stability": state.card.stability,
                    "difficulty": state.card.difficulty, "type": int(state.card.state)})
    return out


def plain_fsrs_trace(history: History) -> list[dict]:
    """Replay ``history`` through a bare ``Scheduler.review_card`` on real datetimes:
    quizapp's scheduling as of commit d2c122a (whole 24-hour periods, no Anki rules)."""
    scheduler = Scheduler(desired_retention=RETENTION, enable_fuzzing=False,
                          learning_steps=tuple(timedelta(minutes=m) for m in LEARNING_STEPS),
                          relearning_steps=tuple(timedelta(minutes=m) for m in RELEARNING_STEPS))
    card, out = None, []
    for at, rating in history.reviews:
        now = at.astimezone(UTC)
        card = card or Card(card_id=0, due=now)
        buttons = [_button(now, scheduler.review_card(card, r, now)[0]) for r in RATINGS]
        card = scheduler.review_card(card, Rating(rating), now)[0]
        out.append({"buttons": buttons, "stability": card.stability,
                    "difficulty": card.difficulty, "type": int(card.state)})
    return out


# -- the gap ----------------------------------------------------------------------
@dataclass(frozen=True)
class Gap:
    """How far ``ours`` is from ``anki``: worst relative S, worst absolute D, and the
    buttons that show another interval (``(review index, button 1-4, ours, anki)``)."""

    max_rel_s: float
    max_abs_d: float
    buttons: tuple[tuple[int, int, tuple, tuple], ...]

    def line(self) -> str:
        return (f"max |dS|/S {self.max_rel_s:8.4%}   max |dD| {self.max_abs_d:6.4f}   "
                f"buttons differing {len(self.buttons):3d}")


def compare(ours: list[dict], anki: list[dict]) -> Gap:
    assert len(ours) == len(anki)
    rel_s = max(abs(o["stability"] - a["stability"]) / a["stability"] for o, a in zip(ours, anki, strict=True))
    abs_d = max(abs(o["difficulty"] - a["difficulty"]) for o, a in zip(ours, anki, strict=True))
    buttons = tuple((i, b + 1, ob, ab) for i, (o, a) in enumerate(zip(ours, anki, strict=True))
                    for b, (ob, ab) in enumerate(zip(o["buttons"], a["buttons"], strict=True)) if ob != ab)
    return Gap(rel_s, abs_d, buttons)
