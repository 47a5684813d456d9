"""`quizapp plan [--date YYYY-MM-DD | --clear] [--new-per-day N] [--json]`: the interview plan.

With ``--date``, ``--clear`` or ``--new-per-day`` the settings are written first (the
config file, as Settings would), then the plan is shown: days left, readiness now and
on the date if the plan is kept, the new cards a day, the reviews each day until the
date and the topics, weakest first (:mod:`quizapp.study.plan`). A date that is not a
real ``YYYY-MM-DD`` day, one already past or one more than a year ahead (past the
plan's projection) is a usage error (exit 2).
"""
from __future__ import annotations

import json
from typing import Any

STUDY_NEXT = 5  # topics on the text "study next" line
DAILY_MARKS = 56  # forecast days the text plan draws a mark each; longer ones get a mark a week


def register(sub) -> None:
    parser = sub.add_parser("plan", help="interview date, readiness now and on the date, the plan to it")
    dates = parser.add_mutually_exclusive_group()
    dates.add_argument("--date", metavar="YYYY-MM-DD", help="set the interview date")
    dates.add_argument("--clear", action="store_true", help="remove the interview date")
    parser.add_argument("--new-per-day", metavar="N", help="new cards a day toward the date (0: paced)")
    parser.add_argument("--json", action="store_true", help="machine-readable plan")
    parser.set_defaults(run=run)


def _changes(args, ctx) -> dict[str, Any]:
    """The settings the command line sets, checked as the config file's values are."""
    from quizapp.clock import study_date, utc_now
    from quizapp.config import check_setting, parse_date, setting_from_text
    from quizapp.errors import UsageError
    from quizapp.study.interview import new_date_refused

    changes: dict[str, Any] = {}
    if args.date is not None:
        day = parse_date(args.date)
        if day is None:
            raise UsageError(f"--date {args.date!r}: give a date as YYYY-MM-DD, e.g. 2025-06-30")
        refused = new_date_refused(day, study_date(utc_now(), ctx.settings.day_starts_at_hour))
        if refused:
            raise UsageError(f"--date {args.date}: {refused}")
        changes["interview_date"] = day.isoformat()
    if args.clear:
        changes["interview_date"] = ""
    if args.new_per_day is not None:
        value, reason = check_setting("plan_new_per_day", setting_from_text("plan_new_per_day", args.new_per_day))
        if reason is not None:
            raise UsageError(f"--new-per-day {args.new_per_day!r}: give {reason} (0: paced to the date)")
        changes["plan_new_per_day"] = value
    return changes


def run(args, ctx) -> int:
    from quizapp import paths
    from quizapp.clock import utc_now
    from quizapp.config import update_settings
    from quizapp.content.cache import load_cached
    from quizapp.study.plan import plan_from_store
    from quizapp.study.readiness import readiness
    from quizapp.study.srs import Srs

    changes = _changes(args, ctx)
    if changes:
        ctx.settings = update_settings(paths.config_file(), "changing the plan", **changes)
    library, _ = load_cached(ctx.content_dirs, ctx.data_dir / "cache")
    now = utc_now()
    with ctx.open_store() as store:
        plan = plan_from_store(store, library.cards, ctx.settings, now)
        now_only = readiness(library.cards, store.card_states(), Srs(ctx.settings), now) if plan is None else None
    if args.json:
        print(json.dumps(plan.to_json() if plan is not None else _no_date_json(now_only, ctx.settings)))
    else:
        print("\n".join(text_lines(plan, ctx.settings) if plan is not None else _no_date_lines(now_only)))
    return 0


def _no_date_json(now, settings) -> dict[str, Any]:
    """The contract's keys with no date: readiness now and the topics, nothing ahead."""
    from quizapp.study.plan import topic_rows

    return {"interview_date": None, "days_left": None, "readiness_now": now.overall, "readiness_on_date": None,
            "new_per_day": settings.new_per_day, "reviews_per_day": [], "by_topic": topic_rows(now, None)}


def _no_date_lines(now) -> list[str]:
    from quizapp.study.plan import share, topic_rows

    weakest = ", ".join(f"{row['topic']} {share(row['now'])}" for row in topic_rows(now, None)[:STUDY_NEXT])
    return [f"ready now      {share(now.overall)} of {now.cards} cards",
            f"study next     {weakest or '–'}",
            "no interview date: set one with `quizapp plan --date YYYY-MM-DD`"]


def text_lines(plan, settings) -> list[str]:
    """The human plan: the countdown, the pace, the review forecast, the weakest topics."""
    from quizapp.study.plan import countdown_text, share
    from quizapp.study.stats import sparkline

    counts = [n for _, n in plan.reviews_per_day]
    own, limit = settings.plan_new_per_day, settings.new_per_day
    if own:
        pace = "your number" if own <= limit else f"your {own}, held to New cards per day"
    else:
        pace = "New cards per day, your limit" if plan.new_left_on_date else "paced to the date"
    weakest = ", ".join(f"{row['topic']} {share(row['now'])} → {share(row['on_date'])}"
                        for row in plan.by_topic()[:STUDY_NEXT])
    lines = [countdown_text(plan), f"new cards      {plan.new_per_day} a day ({pace})"]
    if plan.new_left_on_date:
        lines.append(f"               {plan.new_left_on_date} cards stay new by the date at that pace:"
                     " raise New cards per day (Settings)")
    if counts:
        # A mark a day up to DAILY_MARKS days, else a mark a week (its busiest day), so the
        # line fits a terminal; a date past the projection says where the count stops.
        weekly = len(counts) > DAILY_MARKS
        marks = [max(counts[i:i + 7]) for i in range(0, len(counts), 7)] if weekly else counts
        span = "until the date" if plan.days_left <= len(counts) else f"in the next {len(counts)} days"
        lines.append(f"reviews        {sparkline(marks)}  ({sum(counts)} {span}, max {max(counts)} a day"
                     + ("; a mark a week)" if weekly else ")"))
    lines.append(f"study next     {weakest or '–'}")
    return lines
