"""`quizapp drill [--new N]`: today's due cards, then a summary."""
from __future__ import annotations


def register(sub) -> None:
    parser = sub.add_parser("drill", help="today's due cards, then a summary")
    parser.add_argument("--new", type=int, default=0, metavar="N", help="also take up to N new cards")
    parser.set_defaults(run=run)


def run(args, ctx) -> int:
    from quizapp.commands.home import launch
    from quizapp.errors import UsageError

    if args.new < 0:
        raise UsageError(f"--new {args.new}: give how many new cards to add, 0 or more")
    return launch(ctx, mode="drill", drill_new=args.new)
