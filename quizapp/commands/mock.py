"""`quizapp mock [--minutes N] [--deck DECK]... [--level LEVEL]... [--json]`: a timed mock
interview in the TUI; ``--json`` prints its report when it ends. ``quizapp mock --history
[--json]`` lists the reports kept in the data dir.

The mock itself is :mod:`quizapp.study.mock` and its screen :mod:`quizapp.tui.mock`.
Bad options are one line and exit 2 (minutes out of range, an unknown deck or level);
no card in the chosen decks and levels is one line and exit 1. A mock left before its
first answer has no report: with ``--json`` that is said as an error, so a script
reading stdout always gets JSON.
"""
from __future__ import annotations

import json

from quizapp.safetext import say


def register(sub) -> None:
    parser = sub.add_parser("mock", help="a timed mock interview with a report by topic (--history: past ones)")
    parser.add_argument("--minutes", type=int, default=None, metavar="N", help="how long (5-180, default 30)")
    parser.add_argument("--deck", action="append", default=[], metavar="DECK", help="only this deck (repeatable)")
    parser.add_argument("--level", action="append", default=[], metavar="LEVEL",
                        help="only this level: basic, advanced or research (repeatable)")
    parser.add_argument("--history", action="store_true", help="list the past mock reports instead")
    parser.add_argument("--json", action="store_true", help="the report (or the history) as JSON")
    parser.set_defaults(run=run)


def run(args, ctx) -> int:
    from quizapp.errors import QuizError, UsageError

    if args.history:
        if args.minutes is not None or args.deck or args.level:
            raise UsageError("--history lists the past reports: it takes no --minutes, --deck or --level")
        return _history(ctx, args.json)
    from quizapp.commands.home import launch
    from quizapp.study.mock import MockRun
    from quizapp.study.mock_plan import DEFAULT_MINUTES, MockOptions

    options = MockOptions(DEFAULT_MINUTES if args.minutes is None else args.minutes,
                          tuple(dict.fromkeys(args.deck)), tuple(dict.fromkeys(args.level)))
    problem = options.problem()
    if problem:
        raise UsageError(problem)
    mock = MockRun(options)
    code = launch(ctx, mode="mock", decks=list(options.decks), mock=mock)
    if mock.problem:
        raise QuizError(mock.problem)
    if not mock.reports:
        if args.json:
            raise QuizError("the mock ended before the first answer: no report")
        return code
    if args.json:
        from quizapp.safetext import visible_data

        print(json.dumps(visible_data(mock.reports[-1]), ensure_ascii=False, indent=1))
    return code


def _history(ctx, as_json: bool) -> int:
    from quizapp.safetext import visible, visible_data  # a hand-edited history is shown, never obeyed
    from quizapp.study.mock_history import load_history
    from quizapp.study.mock_report import history_line

    history = load_history(ctx.data_dir)
    if history.problem:
        say(str(history.problem))
    if as_json:
        print(json.dumps(visible_data(history.reports), ensure_ascii=False, indent=1))
    elif not history.reports:
        print("no mock interviews yet: `quizapp mock` starts one")
    else:
        for report in history.reports:
            print(visible(history_line(report)))
    return 0
