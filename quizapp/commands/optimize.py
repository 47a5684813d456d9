"""`quizapp optimize [--apply] [--json]`: fit personal FSRS parameters from the log.

Nothing is written without ``--apply``: fitted weights change every future
interval, so the user sees the comparison first. ``--apply`` also refuses
weights that predict the history worse than the defaults. Applying recomputes
every card's stability and difficulty from the log with the new weights and
keeps each due date (as Anki with "Reschedule cards on change" off; see
:mod:`quizapp.study.memory_states`). The progress bar goes
to stderr, and only when stderr is a terminal, so ``--json`` output and logs stay clean.
"""
from __future__ import annotations

import json
import sys


def register(sub) -> None:
    parser = sub.add_parser("optimize", help="fit personal FSRS parameters from your review log")
    parser.add_argument("--apply", action="store_true", help="write the fitted parameters into the config file")
    parser.add_argument("--json", action="store_true", help="machine-readable result")
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
    from quizapp import paths
    from quizapp.study.memory_states import recompute_memory_states
    from quizapp.study.optimizer import apply_parameters, optimize

    store = ctx.open_store()
    try:
        rows = store.reviews()
    finally:
        store.close()
    result = optimize(rows, progress=_progress_bar())
    config = paths.config_file()
    applied, recomputed = False, 0
    if args.apply and result.better:
        ctx.settings = apply_parameters(config, result.parameters)
        applied = True
        with ctx.open_store() as store:
            recomputed = recompute_memory_states(store, ctx.settings)
    if args.json:
        print(json.dumps({**result.as_dict(), "applied": applied, "config": str(config),
                          "recomputed_cards": recomputed}))
        return 0
    print("\n".join(result.summary_lines()))
    if applied:
        print(f"applied: fsrs_parameters written to {config}")
        print(f"recomputed memory states of {recomputed} cards with the new weights; due dates unchanged")
    elif args.apply:
        print("not applied: the defaults predict your history at least as well")
    elif result.better:
        print("not applied yet: run `quizapp optimize --apply` (or press Apply in Settings) to use them")
    return 0
