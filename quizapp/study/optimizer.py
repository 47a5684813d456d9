"""Personal FSRS parameters, fitted to the learner's own review log.

The fit is FSRS's Rust implementation, the one Anki runs (``fsrs-rs``, through
its Python binding ``fsrs_rs_python``, imported inside the optimize path only,
never on the start-up path): the same training items give the same weights as
Anki's own ``compute_fsrs_params``, in a fraction of a second. This module turns
log rows into FSRS training items as Anki builds them from its revlog (elapsed
time in study days crossed, as :meth:`quizapp.study.srs.Srs.elapsed_days`
counts; one item per answer on a later study day than the card's previous one),
checks fsrs-rs's minimum up front (below it fsrs-rs silently returns its
defaults; we say how many more reviews are needed instead), and scores default
against fitted parameters on the same items with fsrs-rs's ``evaluate`` (the
FSRS benchmark's log loss and RMSE(bins), the figures Anki shows).

:func:`retention_workload` is Anki's desired-retention helper: FSRS's simulator
run for each desired retention 0.70–0.97 with these weights, giving reviews and
time per day and the retention that costs least per memorised card (CMRR).
"""
from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import date, tzinfo
from pathlib import Path

from fsrs.scheduler import DEFAULT_PARAMETERS

from quizapp.clock import parse_iso, study_date
from quizapp.config import Settings, update_settings
from quizapp.errors import QuizError
from quizapp.store.modes import reschedules
from quizapp.store.resets import RESET_RATING

Progress = Callable[[float, str], None]  # (fraction done 0..1, stage label)
# fsrs-rs's compute_parameters returns its defaults for fewer than 8 training items
# (training.rs: ``if train_set.len() < 8``); Anki then reports the defaults as
# "already optimal". 8 to 63 items fit the initial stabilities only, as in Anki.
MIN_ITEMS = 8
RETENTIONS = tuple(r / 100 for r in range(70, 98))  # the helper's desired retentions, 0.70-0.97


class NotEnoughReviews(QuizError):
    """Fewer countable reviews than fsrs-rs's optimizer needs; ``more`` says how many."""

    def __init__(self, have: int, need: int):
        self.have, self.need, self.more = have, need, need - have
        super().__init__(f"not enough reviews to optimize: {self.more} more needed ({have} of {need};"
                         " only answers on a later study day than the card's previous answer count)")


@dataclass(frozen=True)
class Metrics:
    log_loss: float
    rmse_bins: float


@dataclass(frozen=True)
class OptimizeResult:
    parameters: tuple[float, ...]
    default: Metrics
    fitted: Metrics
    reviews: int  # answers read from the log
    counted: int  # of those, the ones the optimizer learns from (FSRS training items)
    seconds: float

    @property
    def better(self) -> bool:
        """Whether the fitted weights predict this history at least as well as the defaults."""
        return self.fitted.log_loss <= self.default.log_loss

    def summary_lines(self) -> list[str]:
        """The default-vs-fitted comparison, as the CLI prints it and Settings shows it."""
        d, f = self.default, self.fitted
        verdict = ("the fitted weights fit your history better" if self.better
                   else "the fitted weights do not beat the defaults; keep the defaults")
        return [f"fitted on {self.reviews} answers ({self.counted} on a later day than the one before)"
                f" in {self.seconds:.2f} s",
                f"{'':10} {'log loss':>9} {'RMSE(bins)':>11}",
                f"{'default':10} {d.log_loss:9.4f} {d.rmse_bins:11.4f}",
                f"{'fitted':10} {f.log_loss:9.4f} {f.rmse_bins:11.4f}",
                f"lower is better: {verdict}"]

    def as_dict(self) -> dict:
        return {"reviews": self.reviews, "counted_reviews": self.counted,
                "parameters": list(self.parameters), "default": asdict(self.default),
                "fitted": asdict(self.fitted), "better": self.better, "seconds": round(self.seconds, 3)}


@dataclass(frozen=True)
class Answer:
    rating: int  # 1-4
    delta_t: int  # study days crossed since the history's previous answer (0 for its first)
    order: int  # position in the log, for Anki's order of training items (by time)


def histories(rows, *, day_starts_at_hour: int = 4, tz: tzinfo | None = None) -> list[list[Answer]]:
    """Each card's answers from :meth:`Store.reviews` rows, in log order.

    Only scheduled answers count (a cram answer is not part of the card's
    schedule, :mod:`quizapp.store.modes`). A reset row (``quizapp`` logs one when progress is reset
    in Browse) starts the card over: the answers after it are a new history, as
    Anki drops the revlog before a reset, so FSRS never sees a false gap across it.
    ``delta_t`` counts study days crossed (days start at ``day_starts_at_hour``
    local to ``tz``), as Srs schedules and Anki trains.
    """
    open_: dict[str, tuple[list[Answer], date | None]] = {}
    done: list[list[Answer]] = []
    for order, row in enumerate(rows):  # in log order, as Store.reviews() returns them
        card_id, rating = row["card_id"], row.get("rating")
        if rating == RESET_RATING:
            if card_id in open_:
                done.append(open_.pop(card_id)[0])
            continue
        if rating not in (1, 2, 3, 4) or not reschedules(row.get("mode")):
            continue
        day = study_date(parse_iso(row["reviewed_at"]), day_starts_at_hour, tz)
        history, last_day = open_.get(card_id, ([], None))
        delta = 0 if last_day is None else max(0, (day - last_day).days)
        history.append(Answer(rating, delta, order))
        open_[card_id] = (history, day)
    return done + [history for history, _ in open_.values()]


def training_items(hists: Sequence[Sequence[Answer]]) -> list[tuple[tuple[int, int], ...]]:
    """FSRS training items, as Anki's ``reviews_for_fsrs`` makes them: for every answer
    after a card's first that comes on a later study day than the one before, the
    card's ``(rating, delta_t)`` reviews up to it; ordered by that answer's time."""
    items = []
    for history in hists:
        reviews = tuple((a.rating, a.delta_t) for a in history)
        items += [(a.order, reviews[:i + 1]) for i, a in enumerate(history) if i and a.delta_t > 0]
    items.sort(key=lambda item: item[0])
    return [reviews for _, reviews in items]


def _rs_items(items):
    import fsrs_rs_python as rs

    return [rs.FSRSItem([rs.FSRSReview(rating, delta_t) for rating, delta_t in item]) for item in items]


def evaluate(items, parameters) -> Metrics:
    """Log loss and RMSE(bins) of ``parameters`` on the training ``items`` (from
    :func:`training_items`), by fsrs-rs's ``evaluate``: the FSRS benchmark's metrics
    (open-spaced-repetition/srs-benchmark), as Anki's "Evaluate" shows them."""
    import fsrs_rs_python as rs

    if not items:
        return Metrics(float("nan"), float("nan"))
    found = rs.FSRS(list(parameters)).evaluate(_rs_items(items))
    return Metrics(float(found.log_loss), float(found.rmse_bins))


def minimum_reviews() -> int:
    """The fewest training items fsrs-rs fits on (Anki has no other minimum)."""
    return MIN_ITEMS


def _fit(rs_items) -> list[float]:
    """fsrs-rs's ``compute_parameters`` with Anki's settings (short-term on, its
    default training config): one call, no progress of its own (it takes ~0.1 s)."""
    import fsrs_rs_python as rs

    return list(rs.FSRS(list(DEFAULT_PARAMETERS)).compute_parameters(rs_items))


def optimize(rows, progress: Progress | None = None, *, day_starts_at_hour: int = 4,
             tz: tzinfo | None = None) -> OptimizeResult:
    """Fit FSRS weights to the review-log ``rows`` and score them against the defaults.

    ``progress`` gets stage progress: loading, fitting, evaluating, done (a
    callback that raises stops the work there). Raises :class:`NotEnoughReviews`.
    """
    report = progress or (lambda fraction, stage: None)
    started = time.monotonic()
    report(0.0, "loading")
    hists = histories(rows, day_starts_at_hour=day_starts_at_hour, tz=tz)
    items = training_items(hists)
    need, counted = minimum_reviews(), len(items)
    if counted < need:
        raise NotEnoughReviews(counted, need)
    report(0.1, "fitting")
    # 4 decimals, as Anki shows them: a readable config, and still inside fsrs's bounds
    fitted = tuple(round(float(x), 4) for x in _fit(_rs_items(items)))
    report(0.8, "evaluating")
    result = OptimizeResult(fitted, evaluate(items, DEFAULT_PARAMETERS), evaluate(items, fitted),
                            sum(map(len, hists)), counted, time.monotonic() - started)
    report(1.0, "done")
    return result


# ---- the desired-retention helper -------------------------------------------------------

@dataclass(frozen=True)
class Workload:
    retention: float  # desired retention simulated
    reviews_per_day: float  # answers per day (new cards' first answers included), averaged over the span
    minutes_per_day: float  # time those answers take
    seconds_per_memorized: float  # all the time spent / cards memorised at the end (what CMRR minimises)


@dataclass(frozen=True)
class RetentionAdvice:
    rows: tuple[Workload, ...]
    deck_size: int  # new cards available to the simulation
    days: int  # simulated study days
    new_per_day: int
    reviews_per_day: int
    seconds: float

    @property
    def cmrr(self) -> float:
        """The desired retention with the least time per memorised card."""
        return min(self.rows, key=lambda w: w.seconds_per_memorized).retention

    def summary_lines(self, current: float | None = None, *, every: float = 0.05) -> list[str]:
        """A short table (every ``every``, 0.97, the current retention and the CMRR)."""
        shown = {round(r, 2) for r in (*[x / 100 for x in range(70, 98, round(every * 100))], 0.97, self.cmrr)}
        if current is not None:
            shown.add(round(current, 2))
        lines = [f"workload by desired retention (FSRS simulator: {self.deck_size} new cards,"
                 f" {self.new_per_day} new/day, {self.days} days)",
                 f"{'retention':>9} {'reviews/day':>11} {'min/day':>8} {'s/memorised':>11}"]
        for w in self.rows:
            if round(w.retention, 2) in shown:
                mark = "  least work per card" if w.retention == self.cmrr else ""
                mark += "  (yours)" if current is not None and round(current, 2) == round(w.retention, 2) else ""
                lines.append(f"{w.retention:9.2f} {w.reviews_per_day:11.1f} {w.minutes_per_day:8.1f}"
                             f" {w.seconds_per_memorized:11.1f}{mark}")
        lines.append(f"least work per memorised card (CMRR): desired retention {self.cmrr:.2f}")
        return lines

    def as_dict(self) -> dict:
        return {"cmrr": self.cmrr, "deck_size": self.deck_size, "days": self.days,
                "new_per_day": self.new_per_day, "reviews_per_day": self.reviews_per_day,
                "workload": [asdict(w) for w in self.rows], "seconds": round(self.seconds, 3)}


def _rating_shares(hists) -> tuple[list[float] | None, list[float] | None]:
    """The learner's first-answer ratings (Again..Easy) and passing review ratings
    (Hard..Easy) as shares, for the simulator; ``None`` where fewer than 20 answers."""
    first = Counter(h[0].rating for h in hists if h)
    passed = Counter(a.rating for h in hists for i, a in enumerate(h) if i and a.delta_t > 0 and a.rating > 1)

    def shares(counter, keys):
        total = sum(counter[k] for k in keys)
        return [counter[k] / total for k in keys] if total >= 20 else None

    return shares(first, (1, 2, 3, 4)), shares(passed, (2, 3, 4))


def retention_workload(parameters, *, rows=None, settings: Settings | None = None, deck_size: int = 1000,
                       days: int = 365, seed: int = 42, retentions: Sequence[float] = RETENTIONS,
                       progress: Progress | None = None) -> RetentionAdvice:
    """Simulated workload for each desired retention, as Anki's desired-retention helper.

    fsrs-rs's simulator (the one Anki runs) learns ``deck_size`` new cards at the
    learner's ``new_per_day`` with ``parameters`` as their memory, capped at
    ``reviews_per_day``, for ``days`` days, once per retention with the same
    ``seed`` (common random numbers, so the rows differ by the retention alone).
    First-answer and review rating shares come from the log ``rows`` where it has
    enough of them, else fsrs-rs's defaults (Anki's); answer times are Anki's defaults.
    """
    import fsrs_rs_python as rs

    settings = settings or Settings()
    report = progress or (lambda fraction, stage: None)
    started = time.monotonic()
    config = rs.default_simulator_config()
    config.deck_size, config.learn_span = deck_size, days
    config.learn_limit, config.review_limit = settings.new_per_day, settings.reviews_per_day
    config.max_cost_perday = 1e9  # no time cap: the cap would hide the work a retention asks for
    config.learning_step_count = len(settings.learning_steps_minutes)
    config.relearning_step_count = len(settings.relearning_steps_minutes)
    if rows is not None:
        first, review = _rating_shares(histories(rows, day_starts_at_hour=settings.day_starts_at_hour))
        if first:
            config.first_rating_prob = first
        if review:
            config.review_rating_prob = review
    out = []
    for k, retention in enumerate(retentions):
        report(k / len(retentions), f"simulating retention {retention:.2f}")
        sim = rs.simulate(list(parameters), retention, config, seed)
        cost, memorized = sum(sim.cost_per_day), sim.memorized_cnt_per_day[-1]
        out.append(Workload(round(retention, 2), sum(sim.review_cnt_per_day + sim.learn_cnt_per_day) / days,
                            cost / 60 / days, cost / memorized if memorized else float("inf")))
    report(1.0, "done")
    return RetentionAdvice(tuple(out), deck_size, days, settings.new_per_day, settings.reviews_per_day,
                           time.monotonic() - started)


def apply_parameters(path: Path, parameters) -> Settings:
    """Write ``parameters`` into the config file at ``path`` (other keys as loaded).

    A config file that exists but cannot be read is not overwritten: that would
    silently reset every other setting (:func:`quizapp.config.update_settings`).
    """
    return update_settings(path, "applying", fsrs_parameters=tuple(float(x) for x in parameters))
