"""`quizapp stats [--json]`: counts, due forecast, retention, streak, time spent."""
from __future__ import annotations

import json


def register(sub) -> None:
    parser = sub.add_parser("stats", help="review counts, due forecast, retention and streak")
    parser.add_argument("--json", action="store_true", help="machine-readable stats")
    parser.set_defaults(run=run)


def run(args, ctx) -> int:
    from quizapp.clock import utc_now
    from quizapp.content.cache import load_cached
    from quizapp.study.stats import full_stats

    library, _ = load_cached(ctx.content_dirs, ctx.data_dir / "cache")
    store = ctx.open_store()
    try:
        result = full_stats(store, library.cards, ctx.settings, utc_now())
    finally:
        store.close()
    if args.json:
        print(json.dumps(result, default=str))
    else:
        print("\n".join(text_lines(result)))
    return 0


def text_lines(result: dict) -> list[str]:
    """The short human summary: one line per figure, a sparkline for the forecast."""
    from quizapp.study.stats import format_duration, percent, sparkline, streak_text

    spent, modes = result["time_spent_s"], result["answers_30d_by_mode"]
    week = [day["count"] for day in result["reviews_per_day"][-7:]]
    forecast = [day["due"] for day in result["forecast"]]
    decks = "  ".join(f"{name} {percent(value)}" for name, value in result["retention_by_deck"].items()
                      if value is not None)
    lapses = ", ".join(f"{row['id']} ({row['lapses']})" for row in result["most_lapses"][:3])
    return [
        f"cards          {result['cards']}",
        f"due today      {result['due_today']}",
        f"new today      {result['new_today']}",
        f"reviews        {result['reviews_total']} in all, {result['reviews_today']} today,"
        f" {sum(week)} in 7 days",
        f"streak         {streak_text(result['streak_days'])}",
        f"retention 30d  {percent(result['retention_30d'])}" + (f"   ({decks})" if decks else ""),
        f"time spent     {format_duration(spent['today'])} today, {format_duration(spent['week'])}"
        f" this week, {format_duration(spent['total'])} in all",
        f"due next 30d   {sparkline(forecast)}  ({sum(forecast)} cards, max {max(forecast, default=0)}/day)",
        f"most lapses    {lapses or '–'}",
        f"answers 30d    {modes['study']} studying, {modes['mock']} in mock interviews, {modes['cram']} crammed",
    ]
