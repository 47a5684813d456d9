"""Personal FSRS parameters, fitted to the learner's own review log.

The fitting is the ``fsrs`` package's own :class:`fsrs.Optimizer` (PyTorch,
imported inside :func:`optimize` only, never on the start-up path). This module
turns log rows into fsrs ``ReviewLog`` objects, checks the optimizer's minimum
up front (below it fsrs silently returns its defaults; we say how many more
reviews are needed instead), reports progress, and scores default against
fitted parameters on the same history with the FSRS benchmark's metrics
(:func:`evaluate`; fsrs itself has no evaluation helper).
"""
from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from fsrs import Card, Rating, ReviewLog, Scheduler
from fsrs.scheduler import DEFAULT_PARAMETERS

from quizapp.clock import parse_iso
from quizapp.config import UNREADABLE, Settings, load_settings, save_settings
from quizapp.errors import QuizError
from quizapp.store.resets import RESET_RATING

Progress = Callable[[float, str], None]  # (fraction done 0..1, stage label)
MAX_SEQ_LEN = 64  # fsrs.optimizer fits on each card's first 64 reviews only


class NotEnoughReviews(QuizError):
    """Fewer countable reviews than fsrs's optimizer needs; ``more`` says how many."""

    def __init__(self, have: int, need: int):
        self.have, self.need, self.more = have, need, need - have
        super().__init__(f"not enough reviews to optimize: {self.more} more needed ({have} of {need};"
                         " only answers a day or more after the card's previous answer count)")


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
    counted: int  # of those, the ones the optimizer learns from
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
        return [f"fitted on {self.reviews} answers ({self.counted} a day or more apart) in {self.seconds:.1f} s",
                f"{'':10} {'log loss':>9} {'RMSE(bins)':>11}",
                f"{'default':10} {d.log_loss:9.4f} {d.rmse_bins:11.4f}",
                f"{'fitted':10} {f.log_loss:9.4f} {f.rmse_bins:11.4f}",
                f"lower is better: {verdict}"]

    def as_dict(self) -> dict:
        return {"reviews": self.reviews, "counted_reviews": self.counted,
                "parameters": list(self.parameters), "default": asdict(self.default),
                "fitted": asdict(self.fitted), "better": self.better, "seconds": round(self.seconds, 2)}


def review_logs(rows) -> list[ReviewLog]:
    """fsrs ``ReviewLog`` objects from :meth:`Store.reviews` rows, oldest first.

    Only answers count. A reset row (``quizapp`` logs one when progress is reset
    in Browse) starts the card over: the answers after it are a new history, so
    fsrs never sees a false gap across the reset. fsrs wants int card ids, so
    each history gets a number in order of first appearance.
    """
    ids: dict[str, int] = {}
    histories = 0
    logs = []
    for row in rows:  # in log order, as Store.reviews() returns them
        if row.get("rating") == RESET_RATING:
            ids.pop(row["card_id"], None)
            continue
        if row.get("rating") not in (1, 2, 3, 4):
            continue
        if row["card_id"] not in ids:
            histories += 1
            ids[row["card_id"]] = histories
        card = ids[row["card_id"]]
        logs.append(ReviewLog(card, Rating(row["rating"]), parse_iso(row["reviewed_at"]), row.get("duration_ms")))
    logs.sort(key=lambda log: log.review_datetime)
    return logs


def _histories(logs) -> dict[int, list[ReviewLog]]:
    by_card = defaultdict(list)
    for log in sorted(logs, key=lambda log: log.review_datetime):
        by_card[log.card_id].append(log)
    return by_card


def counted_reviews(logs) -> int:
    """How many reviews fsrs's optimizer learns from: within each card's first 64,
    those at least one whole day after that card's previous review (its own rule)."""
    return sum(1 for history in _histories(logs).values()
               for prev, log in zip(history, history[1:MAX_SEQ_LEN])
               if (log.review_datetime - prev.review_datetime).days > 0)


def _bin(x: float, base: float, scale: float, digits: int) -> float:
    return round(scale * base ** math.floor(math.log(x) / math.log(base)), digits)


def evaluate(logs, parameters) -> Metrics:
    """Log loss and RMSE(bins) of ``parameters`` on ``logs``, as the FSRS benchmark
    (open-spaced-repetition/srs-benchmark) defines them.

    Each card's history is replayed through an fsrs Scheduler with these weights;
    every review made at least one day after the previous one is a prediction
    ``p`` (the card's retrievability then) of the outcome ``y`` (1 unless Again).
    - log loss: mean of ``-(y log p + (1 - y) log(1 - p))``, ``p`` clipped to
      ``[1e-7, 1 - 1e-7]``.
    - RMSE(bins): the predictions are grouped by three binned features: days
      since the last review ``round(2.48 * 3.62 ** floor(log_3.62 t), 2)``, the
      review's number in the card's history ``round(1.99 * 1.89 ** floor(log_1.89 i))``
      and the earlier lapses (Again a day or more later)
      ``round(1.65 * 1.73 ** floor(log_1.73 l))`` (0 stays 0); the result is
      ``sqrt(sum(n_b * (mean p_b - mean y_b)^2) / sum(n_b))`` over bins ``b``.
    """
    scheduler = Scheduler(parameters=tuple(parameters), enable_fuzzing=False)
    loss, count = 0.0, 0
    bins: dict[tuple, list[float]] = defaultdict(lambda: [0, 0.0, 0.0])
    for history in _histories(logs).values():
        card, lapses = None, 0
        for i, log in enumerate(history, start=1):
            if card is None:
                card = Card(card_id=log.card_id, due=log.review_datetime)
            elif (days := (log.review_datetime - card.last_review).days) > 0:
                p = min(max(scheduler.get_card_retrievability(card, log.review_datetime), 1e-7), 1 - 1e-7)
                y = 0 if log.rating == Rating.Again else 1
                loss -= y * math.log(p) + (1 - y) * math.log(1 - p)
                count += 1
                key = (_bin(days, 3.62, 2.48, 2), _bin(i, 1.89, 1.99, 0),
                       _bin(lapses, 1.73, 1.65, 0) if lapses else 0)
                b = bins[key]
                b[0], b[1], b[2] = b[0] + 1, b[1] + p, b[2] + y
                lapses += y == 0
            card, _ = scheduler.review_card(card, log.rating, log.review_datetime)
    if not count:
        return Metrics(math.nan, math.nan)
    squares = sum((sp - sy) ** 2 / n for n, sp, sy in bins.values())  # n * (sp/n - sy/n)^2
    return Metrics(loss / count, math.sqrt(squares / count))


def minimum_reviews() -> int:
    """The optimizer's minimum (its mini-batch size), read from fsrs so it cannot drift."""
    import fsrs.optimizer

    return int(getattr(fsrs.optimizer, "mini_batch_size", 512))


def optimize(rows, progress: Progress | None = None) -> OptimizeResult:
    """Fit FSRS weights to the review-log ``rows`` and score them against the defaults.

    ``progress`` gets stage progress: loading, one step per training epoch (fsrs
    has no progress hook, but scores the parameters once per epoch, so that call
    marks an epoch), then evaluating. Raises :class:`NotEnoughReviews`.
    """
    report = progress or (lambda fraction, stage: None)
    started = time.monotonic()
    report(0.0, "loading")
    logs = review_logs(rows)
    need, counted = minimum_reviews(), counted_reviews(logs)
    if counted < need:
        raise NotEnoughReviews(counted, need)
    import fsrs.optimizer

    epochs = int(getattr(fsrs.optimizer, "num_epochs", 5))

    class _Reporting(fsrs.optimizer.Optimizer):
        done = 0  # epochs finished (per instance once incremented)

        def _compute_batch_loss(self, *, parameters):
            self.done += 1
            report(0.05 + 0.85 * min(self.done, epochs) / epochs, f"fitting (epoch {self.done}/{epochs})")
            return super()._compute_batch_loss(parameters=parameters)

    report(0.05, "fitting")
    # 4 decimals, as Anki shows them: a readable config, and still inside fsrs's bounds
    fitted = tuple(round(float(x), 4) for x in _Reporting(logs).compute_optimal_parameters())
    report(0.9, "evaluating")
    result = OptimizeResult(fitted, evaluate(logs, DEFAULT_PARAMETERS), evaluate(logs, fitted),
                            len(logs), counted, time.monotonic() - started)
    report(1.0, "done")
    return result


def apply_parameters(path: Path, parameters) -> Settings:
    """Write ``parameters`` into the config file at ``path`` (other keys as loaded).

    A config file that exists but cannot be read is not overwritten: that would
    silently reset every other setting.
    """
    settings, warnings = load_settings(path)
    unreadable = [w for w in warnings if UNREADABLE in w]
    if unreadable:
        raise QuizError(unreadable[0].replace("using defaults", "fix it before applying"))
    settings = replace(settings, fsrs_parameters=tuple(float(x) for x in parameters))
    save_settings(path, settings)
    return settings
