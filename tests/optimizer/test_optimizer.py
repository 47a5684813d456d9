"""The optimizer on a simulated learner: it fits, it scores, it says what is missing."""
from __future__ import annotations

import json
import math
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Rating, ReviewLog
from fsrs.scheduler import DEFAULT_PARAMETERS

from quizapp.config import Settings, check_setting, load_settings
from quizapp.store.database import Store
from quizapp.study.optimizer import NotEnoughReviews, counted_reviews, evaluate, minimum_reviews, optimize, review_logs
from quizapp.study.srs import Srs

T0 = datetime(2024, 3, 1, 8, tzinfo=UTC)


def test_fitted_weights_predict_the_history_at_least_as_well(fit):
    result, _ = fit
    assert result.fitted.log_loss <= result.default.log_loss
    assert result.better and result.parameters != tuple(DEFAULT_PARAMETERS)
    assert check_setting("fsrs_parameters", list(result.parameters))[1] is None  # loadable as config
    assert all(0 < m < 1 for m in (result.default.rmse_bins, result.fitted.rmse_bins))
    assert result.counted >= minimum_reviews() and result.reviews > result.counted


def test_progress_goes_loading_fitting_each_epoch_evaluating(fit):
    _, reports = fit
    stages = [stage for _, stage in reports]
    assert stages[:2] == ["loading", "fitting"] and stages[-2:] == ["evaluating", "done"]
    assert stages[2:-2] == [f"fitting (epoch {k}/5)" for k in range(1, 6)]
    fractions = [f for f, _ in reports]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0


def test_log_loss_agrees_with_the_loss_fsrs_optimizes(history):
    """Same predictions, same outcomes: our log loss is fsrs's training loss
    (no simulated card has more than the 64 reviews fsrs caps at)."""
    from fsrs.optimizer import Optimizer

    logs = review_logs(history[1])
    ours = evaluate(logs, DEFAULT_PARAMETERS).log_loss
    assert ours == pytest.approx(Optimizer(logs)._compute_batch_loss(parameters=list(DEFAULT_PARAMETERS)),
                                 rel=1e-6)


def test_rmse_bins_by_hand():
    """Two cards, one prediction each, in one bin: RMSE(bins) is |mean p - mean y|."""
    logs = [ReviewLog(1, Rating.Good, T0, None), ReviewLog(1, Rating.Good, T0 + timedelta(days=3), None),
            ReviewLog(2, Rating.Good, T0, None), ReviewLog(2, Rating.Again, T0 + timedelta(days=3), None)]
    from fsrs import Card, Scheduler

    scheduler = Scheduler(enable_fuzzing=False)
    card, _ = scheduler.review_card(Card(card_id=1, due=T0), Rating.Good, T0)
    p = scheduler.get_card_retrievability(card, T0 + timedelta(days=3))
    metrics = evaluate(logs, DEFAULT_PARAMETERS)
    assert metrics.rmse_bins == pytest.approx(abs(p - 0.5))
    assert metrics.log_loss == pytest.approx(-(math.log(p) + math.log(1 - p)) / 2)


def test_rows_that_are_not_answers_are_skipped():
    rows = [{"card_id": "a.x", "rating": 3, "reviewed_at": T0.isoformat(), "duration_ms": 900},
            {"card_id": "a.y", "rating": 0, "reviewed_at": T0.isoformat(), "duration_ms": None},
            {"card_id": "a.x", "rating": 1, "reviewed_at": (T0 + timedelta(days=2)).isoformat(),
             "duration_ms": None}]
    logs = review_logs(rows)
    assert [(log.card_id, int(log.rating)) for log in logs] == [(1, 3), (1, 1)]
    assert counted_reviews(logs) == 1


def test_a_reset_starts_a_new_history():
    """Answers after a reset are a separate card to fsrs: no false gap across it."""
    day = lambda n: (T0 + timedelta(days=n)).isoformat()  # noqa: E731
    rows = [{"card_id": "a.x", "rating": 3, "reviewed_at": day(0), "duration_ms": None},
            {"card_id": "a.x", "rating": 0, "reviewed_at": day(30), "duration_ms": None},
            {"card_id": "a.x", "rating": 1, "reviewed_at": day(31), "duration_ms": None},
            {"card_id": "a.y", "rating": 3, "reviewed_at": day(32), "duration_ms": None}]
    assert [(log.card_id, int(log.rating)) for log in review_logs(rows)] == [(1, 3), (2, 1), (3, 3)]


def _small_store(data_dir) -> int:
    """10 cards answered on days 0, 0, 2 and 7: 20 countable reviews."""
    srs = Srs(Settings(), fuzzing=False)
    with Store.open(data_dir / "quizapp.db", synchronous="OFF") as store:
        for i in range(10):
            for day, minutes in ((0, 0), (0, 10), (2, 0), (7, 0)):
                store.record_review(f"d.c{i}", 3, T0 + timedelta(days=day, minutes=minutes), srs)
        return counted_reviews(review_logs(store.reviews()))


def test_too_few_reviews_names_how_many_more(tmp_path, config, optimize_cli):
    assert _small_store(tmp_path) == 20
    with Store.open(tmp_path / "quizapp.db") as store, pytest.raises(NotEnoughReviews) as caught:
        optimize(store.reviews())
    assert caught.value.more == minimum_reviews() - 20 == 492
    done = optimize_cli(tmp_path, config=config)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        "quizapp: not enough reviews to optimize: 492 more needed (20 of 512; only answers a day"
        " or more after the card's previous answer count)"]


def test_cli_json_apply_writes_weights_that_srs_uses(history, config, optimize_cli, replayed_fit):
    done = optimize_cli(history[0], "--apply", "--json", config=config)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert {"reviews", "counted_reviews", "parameters", "default", "fitted", "better", "applied",
            "config", "seconds"} <= set(out)
    assert set(out["default"]) == set(out["fitted"]) == {"log_loss", "rmse_bins"}
    assert out["applied"] is True and out["config"] == str(config)
    assert out["recomputed_cards"] == 120  # every simulated card, replayed with the new weights
    settings, warnings = load_settings(config)
    assert warnings == [] and settings.fsrs_parameters == tuple(out["parameters"])
    assert Srs(settings).scheduler.parameters == tuple(out["parameters"])


def test_without_apply_nothing_is_written(history, config, optimize_cli, replayed_fit):
    done = optimize_cli(history[0], config=config)
    assert done.returncode == 0, done.stderr
    assert "log loss" in done.stdout and "quizapp optimize --apply" in done.stdout
    assert not config.exists()


@pytest.mark.parametrize("module", ["quizapp.study.optimizer", "quizapp.commands.optimize", "quizapp.tui.settings"])
def test_importing_loads_no_torch(module):
    code = f"import sys, {module}; print('torch' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip() == "False"
