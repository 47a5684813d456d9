"""``quizapp cards SEARCH... [--json]``: list the cards a search matches.

The same search language as the Browse screen (:mod:`quizapp.search.query`), so a
query can be tried in a script and reused in the TUI. No match is not an
error (exit 0): an empty result is an answer too.
"""
from __future__ import annotations

import json

EPILOG = """\
search: words (all must match) or 'or'; deck:NAME tag:T kind:K level:L
is:due|new|learn|review|suspended|leech|buried|flagged flag:0-4|red|orange|green|blue
prop:lapses>=N prop:reps<N
prop:s>=DAYS prop:d>0.7 prop:r<0.8 (stability, difficulty and retrievability as Anki)
"a phrase" -term (a or b). Terms starting with '-' go after '--'
(quizapp cards deck:cnn -- -is:new) or inside one quoted search
(quizapp cards 'deck:cnn -is:new'), else the shell's options parser takes them."""


def register(sub) -> None:
    import argparse

    parser = sub.add_parser("cards", help="search the cards (same language as Browse)", epilog=EPILOG,
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("search", nargs="*", metavar="SEARCH", help="search terms (none: every card)")
    parser.add_argument("--json", action="store_true", help="a JSON list of card objects")
    parser.set_defaults(run=run)


def run(args, ctx) -> int:
    from quizapp.clock import utc_now
    from quizapp.content.cache import load_cached
    from quizapp.content.deck import unknown_decks
    from quizapp.safetext import visible, visible_data  # card text shown, never obeyed
    from quizapp.search.card_info import describe, due_text, first_line, state_label
    from quizapp.search.query import find, parse, unmatched_decks
    from quizapp.study.srs import Srs

    query = " ".join(args.search)
    parse(query)  # a malformed query fails before any file is opened
    library, _ = load_cached(ctx.content_dirs, ctx.data_dir / "cache")
    unmatched = unmatched_decks(query, (d.name for d in library.decks))
    if unmatched:
        raise unknown_decks(unmatched, library)
    now, srs = utc_now(), Srs(ctx.settings, fuzzing=False)
    store = ctx.open_store()
    try:
        matches = find(store, library.cards, query, now, ctx.settings.day_starts_at_hour, srs=srs)
        leeches = store.resets.leech_ids()
    finally:
        store.close()
    if args.json:
        print(json.dumps(visible_data([describe(c, s, c.id in leeches, now, srs) for c, s in matches]),
                         indent=2, ensure_ascii=False))
        return 0
    if not matches:
        print("no cards match")
        return 0
    rows = [(c.id, c.deck, c.kind, state_label(s, now, c.id in leeches), due_text(s, now),
             str(s.lapses), visible(first_line(c.question))) for c, s in matches]
    widths = [max(len(r[i]) for r in rows) for i in range(6)]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row[:6], widths, strict=True)) + "  " + row[6])
    print(f"{len(rows)} card(s)")
    return 0
