"""`quizapp optimize [--apply] [--json] [--no-retention]`: fit personal FSRS parameters from the log.

Nothing is written without ``--apply``: fitted weights change every future
interval, so the user sees the comparison first. ``--apply`` also refuses
weights that predict the history worse than the defaults. Applying recomputes
every card's stability and difficulty from the log with the new weights and
keeps each due date (as Anki with "Reschedule cards on change" off; see
:mod:`quizapp.study.memory_states`). The progress bar goes
to stderr, and only when stderr is a terminal, so ``--json`` output and logs stay clean.

After the fit comes the desired-retention helper (as Anki's): the FSRS simulator's
workload for each desired retention 0.70-0.97 with the weights the fit leaves in
use, and the retention that costs least per memorised card (``--no-retention``
skips it; ``--json`` puts it under ``"retention"``).
"""
from __future__ import annotations

import json
import sys


def register(sub) -> None:
    parser = sub.add_parser("optimize", help="fit personal FSRS parameters from your review log")
    parser.add_argument("--apply", action="store_true", help="write the fitted parameters into the config file")
    parser.add_argument("--json", action="store_true", help="machine-readable result")
    parser.add_argument("--no-retention", action="store_true",
                        help="skip the workload-by-desired-retention table (FSRS simulator)")
    parser.set_defaults(run=run)


def _progress_bar():
    """A stderr bar fed by the optimizer's ``(fraction, stage)`` callback."""
    from tqdm import tqdm

    bar = tqdm(total=100, file=sys.stderr, disable=not sys.stderr.isatty(), unit="%",
               bar_format="{desc:<22} {bar} {n:3.0f}%")

    def report(fraction: float, stage: str) -> None:
        bar.set_description_str(stage)
        bar.update(round(fraction * 100) - bar.n)
        if fraction >= 1:
            bar.close()

    return report


def run(args, ctx) -> int:
    from fsrs.scheduler import DEFAULT_PARAMETERS

    from quizapp import paths
    from quizapp.study.memory_states import recompute_memory_states
    from quizapp.study.optimizer import apply_parameters, optimize, retention_workload

    store = ctx.open_store()
    try:
        rows = store.reviews()
    finally:
        store.close()
    settings = ctx.settings
    result = optimize(rows, progress=_progress_bar(), day_starts_at_hour=settings.day_starts_at_hour)
    config = paths.config_file()
    applied, recomputed = False, 0
    if args.apply and result.better:
        ctx.settings = apply_parameters(config, result.parameters)
        applied = True
        with ctx.open_store() as store:
            recomputed = recompute_memory_states(store, ctx.settings)
    advice, weights = None, "fitted" if result.better else "in use"
    if not args.no_retention:  # with the fitted weights where they beat the defaults, else those in use
        w = result.parameters if result.better else (settings.fsrs_parameters or DEFAULT_PARAMETERS)
        advice = retention_workload(w, rows=rows, settings=settings)
    if args.json:
        retention = advice and {**advice.as_dict(), "weights": weights}
        print(json.dumps({**result.as_dict(), "applied": applied, "config": str(config),
                          "recomputed_cards": recomputed, "retention": retention}))
        return 0
    print("\n".join(result.summary_lines()))
    if advice is not None:
        print(f"\nwith the {weights} weights, {advice.summary_lines(settings.desired_retention)[0]}")
        print("\n".join(advice.summary_lines(settings.desired_retention)[1:]))
    if applied:
        print(f"applied: fsrs_parameters written to {config}")
        print(f"recomputed memory states of {recomputed} cards with the new weights; due dates unchanged")
    elif args.apply:
        print("not applied: the defaults predict your history at least as well")
    elif result.better:
        print("not applied yet: run `quizapp optimize --apply` (or press Apply in Settings) to use them")
    return 0
