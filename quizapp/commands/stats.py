"""`quizapp stats [--json]`: counts, due forecast, retention, streak."""
from __future__ import annotations

import json


def register(sub) -> None:
    parser = sub.add_parser("stats", help="review counts, due forecast, retention and streak")
    parser.add_argument("--json", action="store_true", help="machine-readable stats")
    parser.set_defaults(run=run)


def run(args, ctx) -> int:
    from quizapp.clock import utc_now
    from quizapp.library import load_everything
    from quizapp.session_counts import study_stats
    from quizapp.store import Store

    library, _ = load_everything(ctx.content_dirs)
    store = Store.open(ctx.db_path)
    try:
        result = study_stats(store, library.cards, ctx.settings, utc_now())
    finally:
        store.close()
    if args.json:
        print(json.dumps(result, default=str))
        return 0
    retention = result["retention_30d"]
    print(f"cards          {result['cards']}")
    print(f"due today      {result['due_today']}")
    print(f"new today      {result['new_today']}")
    print(f"reviews        {result['reviews_total']} in all, {result['reviews_today']} today")
    print(f"streak         {result['streak_days']} day(s)")
    print(f"retention 30d  {'–' if retention is None else f'{retention:.1%}'}")
    forecast = result.get("forecast")
    if forecast:
        print("due next days  " + " ".join(str(n) for n in forecast[:14]))
    return 0
