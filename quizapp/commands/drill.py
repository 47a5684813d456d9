"""`quizapp drill [--new N]`: today's due cards, then a summary."""
from __future__ import annotations


def register(sub) -> None:
    parser = sub.add_parser("drill", help="today's due cards, then a summary")
    parser.add_argument("--new", type=int, default=0, metavar="N", help="also take up to N new cards")
    parser.set_defaults(run=run)


def run(args, ctx) -> int:
    from quizapp.commands.home import launch

    return launch(ctx, mode="drill", drill_new=max(0, args.new))
