"""`quizapp study [DECK...] [--search QUERY] [--ahead N] [--cram]`: today's queue, or a
custom session (:mod:`quizapp.study.custom`): a search, review ahead, cram."""
from __future__ import annotations

EPILOG = """\
custom study (no daily limits; DECK... narrows each):
  --search 'deck:cnn is:due prop:r<0.9'   the cards a search finds (as `quizapp cards`), rescheduled
  --ahead 3                               reviews due within the next 3 days, rescheduled
  --cram                                  every card once; answers recorded as cram, no schedule moves
A search starting with '-' is given as --search='-is:new'."""


def register(sub) -> None:
    import argparse

    parser = sub.add_parser("study", help="study due and new cards (all decks, or the ones named), or custom study",
                            epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("decks", nargs="*", metavar="DECK", help="deck names (default: all)")
    parser.add_argument("--search", metavar="QUERY", help="study the cards this search finds")
    parser.add_argument("--ahead", type=int, metavar="N", help="review the cards due within the next N days")
    parser.add_argument("--cram", action="store_true", help="leave the schedule alone (answers recorded as cram)")
    parser.set_defaults(run=run)


def run(args, ctx) -> int:
    from quizapp.commands.home import launch

    custom = None
    if args.search is not None or args.ahead is not None or args.cram:
        from quizapp.study.custom import CustomStudy

        custom = CustomStudy(search=args.search or "", ahead_days=args.ahead, cram=args.cram,
                             decks=tuple(args.decks))
    return launch(ctx, mode="study", decks=args.decks, custom=custom)
