"""`quizapp study [DECK...]`: due cards, then new ones within the daily limit."""
from __future__ import annotations


def register(sub) -> None:
    parser = sub.add_parser("study", help="study due and new cards (all decks, or the ones named)")
    parser.add_argument("decks", nargs="*", metavar="DECK", help="deck names (default: all)")
    parser.set_defaults(run=run)


def run(args, ctx) -> int:
    from quizapp.commands.home import launch

    return launch(ctx, mode="study", decks=args.decks)
