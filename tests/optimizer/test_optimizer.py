"""The optimizer on a simulated learner: it fits as Anki does, it scores, it says what is missing,
and the desired-retention helper simulates workload by retention."""
from __future__ import annotations

import json
import math
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Card, Rating, Scheduler
from fsrs.scheduler import DEFAULT_PARAMETERS

from quizapp.config import Settings, check_setting, load_settings
from quizapp.store.database import Store
from quizapp.study.optimizer import (
    RETENTIONS,
    NotEnoughReviews,
    evaluate,
    histories,
    minimum_reviews,
    optimize,
    retention_workload,
    training_items,
)
from quizapp.study.srs import CardState, Srs

from .anki_fit import anki_fit
from .simulate import TRUE_PARAMETERS

T0 = datetime(2024, 3, 1, 8, tzinfo=UTC)


def test_fitted_weights_predict_the_history_at_least_as_well(fit):
    result, _ = fit
    assert result.fitted.log_loss <= result.default.log_loss
    assert result.better and result.parameters != tuple(DEFAULT_PARAMETERS)
    assert check_setting("fsrs_parameters", list(result.parameters))[1] is None  # loadable as config
    assert all(0 < m < 1 for m in (result.default.rmse_bins, result.fitted.rmse_bins))
    assert result.counted >= minimum_reviews() and result.reviews > result.counted
    assert result.seconds < 2


def test_the_fit_recovers_the_learners_memory(pristine_history, fit):
    """The simulated learner's recall follows TRUE_PARAMETERS: the fit predicts the
    history about as well as the truth does, and far better than the defaults."""
    result, _ = fit
    items = training_items(histories(pristine_history[1]))
    truth = evaluate(items, TRUE_PARAMETERS).log_loss
    assert abs(result.fitted.log_loss - truth) < 0.005
    assert result.default.log_loss - result.fitted.log_loss > 0.005
    assert result.parameters[0] < DEFAULT_PARAMETERS[0] and result.parameters[3] < DEFAULT_PARAMETERS[3] / 4


def test_the_fit_is_as_good_as_ankis_own(pristine_history, fit, tmp_path):
    """Real Anki, from the same log written into its revlog, builds as many training
    items and fits weights that predict the history no better than ours (0.005)."""
    rows = pristine_history[1]
    anki = anki_fit(rows, tmp_path)
    ours = optimize(rows, tz=UTC)
    assert anki["fsrs_items"] == ours.counted
    items = training_items(histories(rows, tz=UTC))
    assert abs(evaluate(items, anki["params"]).log_loss - ours.fitted.log_loss) < 0.005
    assert ours.fitted.log_loss < evaluate(items, DEFAULT_PARAMETERS).log_loss - 0.005


def test_progress_goes_loading_fitting_evaluating_done(fit):
    _, reports = fit
    assert [stage for _, stage in reports] == ["loading", "fitting", "evaluating", "done"]
    fractions = [f for f, _ in reports]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0


def test_fsrs_rs_memory_is_the_schedulers(pristine_history, fit):
    """The weights mean the same to the fit (fsrs-rs) as to the app's scheduler (py-fsrs):
    replaying each training item's history gives the same stability in both."""
    import fsrs_rs_python as rs

    w = list(fit[0].parameters)
    scheduler, model = Scheduler(parameters=tuple(w), enable_fuzzing=False), rs.FSRS(w)
    items = training_items(histories(pristine_history[1]))[::7]
    for item in items:
        card, now = Card(card_id=1, due=T0), T0
        for rating, delta_t in item[:-1]:
            now += timedelta(days=delta_t)
            card, _ = scheduler.review_card(card, Rating(rating), now)
        state = model.memory_state(rs.FSRSItem([rs.FSRSReview(r, d) for r, d in item[:-1]]))
        assert state.stability == pytest.approx(card.stability, rel=1e-3), item


@pytest.mark.parametrize("rating", [Rating.Good, Rating.Again])
def test_metrics_by_hand(rating):
    """One card, one prediction: log loss and RMSE(bins) from py-fsrs's retrievability."""
    scheduler = Scheduler(enable_fuzzing=False)
    card, _ = scheduler.review_card(Card(card_id=1, due=T0), Rating.Good, T0)
    p = scheduler.get_card_retrievability(card, T0 + timedelta(days=3))
    y = rating != Rating.Again
    metrics = evaluate([((3, 0), (int(rating), 3))], DEFAULT_PARAMETERS)
    assert metrics.rmse_bins == pytest.approx(abs(p - y), abs=1e-5)
    assert metrics.log_loss == pytest.approx(-math.log(p if y else 1 - p), abs=1e-5)


def _row(card_id, rating, when):
    return {"card_id": card_id, "rating": rating, "reviewed_at": when.isoformat(), "duration_ms": None}


def test_rows_that_are_not_answers_are_skipped():
    rows = [_row("a.x", 3, T0), _row("a.y", 0, T0), _row("a.x", 1, T0 + timedelta(days=2))]
    assert [[(a.rating, a.delta_t) for a in h] for h in histories(rows)] == [[(3, 0), (1, 2)]]
    assert training_items(histories(rows)) == [((3, 0), (1, 2))]


def test_a_reset_starts_a_new_history():
    """Answers after a reset are a separate card to FSRS: no false gap across it."""
    day = lambda n: T0 + timedelta(days=n)  # noqa: E731
    rows = [_row("a.x", 3, day(0)), _row("a.x", 0, day(30)), _row("a.x", 1, day(31)), _row("a.y", 3, day(32))]
    assert [[(a.rating, a.delta_t) for a in h] for h in histories(rows)] == [[(3, 0)], [(1, 0)], [(3, 0)]]


def test_elapsed_time_counts_study_days_crossed():
    """As Srs and Anki count: 23:00 to 05:00 next morning crosses the 04:00 day start (1 day);
    05:00 to 03:00 the next night does not (0 days, a same-day review, not a training item);
    a day start at midnight changes both."""
    rows = [_row("a.x", 3, T0.replace(hour=23)), _row("a.x", 3, T0.replace(hour=5) + timedelta(days=1)),
            _row("a.x", 3, T0.replace(hour=3) + timedelta(days=2))]
    deltas = lambda hour: [a.delta_t for a in histories(rows, day_starts_at_hour=hour, tz=UTC)[0]]  # noqa: E731
    assert deltas(4) == [0, 1, 0] and deltas(0) == [0, 1, 1]
    srs = Srs(Settings(), fuzzing=False, tz=UTC)
    state = srs.review(srs.review(CardState("a.x"), 3, T0.replace(hour=23)), 3, T0.replace(hour=5) + timedelta(days=1))
    assert srs.elapsed_days(state, T0.replace(hour=3) + timedelta(days=2)) == deltas(4)[2]
    assert len(training_items(histories(rows, tz=UTC))) == 1


def _small_store(data_dir, cards: int = 3) -> int:
    """``cards`` cards answered on days 0, 0, 2 and 7: two countable reviews each."""
    srs = Srs(Settings(), fuzzing=False)
    with Store.open(data_dir / "quizapp.db", synchronous="OFF") as store:
        for i in range(cards):
            for day, minutes in ((0, 0), (0, 10), (2, 0), (7, 0)):
                store.record_review(f"d.c{i}", 3, T0 + timedelta(days=day, minutes=minutes), srs)
        return len(training_items(histories(store.reviews())))


def test_too_few_reviews_names_how_many_more(tmp_path, config, optimize_cli):
    """Anki's minimum (fsrs-rs fits nothing below 8 training items), not more."""
    assert minimum_reviews() == 8
    assert _small_store(tmp_path) == 6
    with Store.open(tmp_path / "quizapp.db") as store, pytest.raises(NotEnoughReviews) as caught:
        optimize(store.reviews())
    assert caught.value.more == 2
    done = optimize_cli(tmp_path, config=config)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        "quizapp: not enough reviews to optimize: 2 more needed (6 of 8; only answers on a later study day"
        " than the card's previous answer count)"]


def test_eight_reviews_are_enough(tmp_path):
    assert _small_store(tmp_path, cards=4) == 8
    with Store.open(tmp_path / "quizapp.db") as store:
        result = optimize(store.reviews())
    assert result.counted == 8 and len(result.parameters) == len(DEFAULT_PARAMETERS)


def test_retention_helper_workload_by_retention(fit, pristine_history):
    result, _ = fit
    advice = retention_workload(result.parameters, rows=pristine_history[1], settings=Settings())
    assert [w.retention for w in advice.rows] == [round(r, 2) for r in RETENTIONS]
    assert advice.rows[0].retention == 0.70 and advice.rows[-1].retention == 0.97 and len(advice.rows) == 28
    every5 = [w for w in advice.rows if round(w.retention * 100) % 5 == 0 or w.retention == 0.97]
    for column in ("reviews_per_day", "minutes_per_day"):
        values = [getattr(w, column) for w in every5]
        assert values == sorted(values) and values[-1] > 2 * values[0], column  # more retention, more work
    assert advice.cmrr == min(advice.rows, key=lambda w: w.seconds_per_memorized).retention
    assert 0.70 <= advice.cmrr <= 0.97
    assert advice.rows == retention_workload(result.parameters, rows=pristine_history[1]).rows  # seeded
    lines = advice.summary_lines(0.9)
    assert "(yours)" in next(line for line in lines if line.strip().startswith("0.90"))
    assert lines[-1] == f"least work per memorised card (CMRR): desired retention {advice.cmrr:.2f}"
    assert advice.seconds < 5


def test_cli_json_apply_writes_weights_that_srs_uses(history, config, optimize_cli):
    done = optimize_cli(history[0], "--apply", "--json", config=config)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert {"reviews", "counted_reviews", "parameters", "default", "fitted", "better", "applied",
            "config", "seconds", "retention"} <= set(out)
    assert set(out["default"]) == set(out["fitted"]) == {"log_loss", "rmse_bins"}
    assert out["applied"] is True and out["config"] == str(config)
    assert out["recomputed_cards"] == 120  # every simulated card, replayed with the new weights
    retention = out["retention"]
    assert retention["weights"] == "fitted" and 0.7 <= retention["cmrr"] <= 0.97
    assert [w["retention"] for w in retention["workload"]] == [round(r, 2) for r in RETENTIONS]
    assert set(retention["workload"][0]) == {"retention", "reviews_per_day", "minutes_per_day",
                                             "seconds_per_memorized"}
    settings, warnings = load_settings(config)
    assert warnings == [] and settings.fsrs_parameters == tuple(out["parameters"])
    assert Srs(settings).scheduler.parameters == tuple(out["parameters"])


def test_without_apply_nothing_is_written(history, config, optimize_cli):
    done = optimize_cli(history[0], config=config)
    assert done.returncode == 0, done.stderr
    assert "log loss" in done.stdout and "quizapp optimize --apply" in done.stdout
    assert "least work per memorised card (CMRR)" in done.stdout and "reviews/day" in done.stdout
    assert not config.exists()
    quiet = optimize_cli(history[0], "--no-retention", "--json", config=config)
    assert json.loads(quiet.stdout)["retention"] is None


@pytest.mark.parametrize("module", ["quizapp", "quizapp.cli", "quizapp.study.optimizer", "quizapp.commands.optimize",
                                    "quizapp.tui.settings"])
def test_importing_loads_no_torch_and_no_fsrs_rs(module):
    code = f"import sys, {module}; print('torch' in sys.modules, 'fsrs_rs_python' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip() == "False False"
