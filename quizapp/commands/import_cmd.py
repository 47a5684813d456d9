"""`quizapp import PATH [--deck NAME]`: decks and review history in (sub-command ``import``).

A file's decks are written as YAML into ``<data_dir>/decks`` and validated like
any deck; its review rows (a JSON export's ``reviews``, an Anki package's
revlog) are merged into the local log by ``uid`` (idempotent), then the states
of the cards they touch are replayed from the merged log. Read: quizapp's CSV
and JSON, Anki's notes exports (``.txt``/``.csv`` with ``#`` headers), plain
``Front,Back`` CSV, and Anki packages (``.apkg``/``.colpkg``, through the
optional ``anki`` library: :mod:`quizapp.interchange.anki_import`).

A file with any problem is rejected as a whole and nothing is written: every
problem is printed, one per line, naming the import file (and its row), and
the exit code is 1. A file that is not there is a usage error: exit 2. An Anki
package without the ``anki`` library installed is exit 1, not 2: the command
line is right, the install lacks an optional part, and the message names it
(``pip install 'quizapp[anki]'``).
"""
from __future__ import annotations

from pathlib import Path

from quizapp.errors import QuizError, UsageError
from quizapp.safetext import say


def register(sub) -> None:
    parser = sub.add_parser("import", help="import decks (CSV/JSON, Anki .apkg/.colpkg/.txt) and merge review logs")
    parser.add_argument("path", metavar="PATH", help="a file written by `quizapp export` (csv or json) or by Anki"
                        " (.apkg, .colpkg, notes .txt/.csv)")
    parser.add_argument("--deck", metavar="NAME", help="deck name for a CSV's cards (overrides its 'deck' column)")
    parser.set_defaults(run=run)


def _card_ids(ctx) -> list[str]:
    """Every card id the app has (its decks and the learner's): an Anki package's notes
    with their GUIDs are quizapp's own, exported and brought back."""
    from quizapp.content.cache import load_cached
    from quizapp.interchange.userdecks import library_dirs

    library, _ = load_cached(library_dirs(ctx), ctx.data_dir / "cache")
    return [card.id for deck in library.decks for card in deck.cards]


def _import(args, ctx) -> list[str]:
    """Do the import; returns the lines to report."""
    from quizapp.interchange.csv_json import read_import
    from quizapp.interchange.merge import check_rows, merge_log
    from quizapp.interchange.userdecks import install_decks

    path = Path(args.path).expanduser()
    if args.deck is not None:
        from quizapp.interchange.userdecks import shipped_deck_names

        if args.deck in shipped_deck_names(ctx):  # its rows would all be skipped, as a deck it already has
            raise UsageError(f"--deck {args.deck}: that deck ships with quizapp; give a deck name of your own")
    data = read_import(path, args.deck, lambda: _card_ids(ctx))
    if data.anki_names and data.decks:
        from quizapp.interchange.anki_fields import rename_decks
        from quizapp.interchange.userdecks import shipped_deck_names

        rename_decks(data, shipped_deck_names(ctx))
    rows = check_rows(data.reviews, str(path)) if data.reviews is not None else None
    if not data.decks and rows is None:
        raise QuizError(f"{path}: nothing to import (no importable cards or reviews)")
    lines = list(data.report)
    if data.decks:
        installed = install_decks(ctx, data.decks, path, data.origins)
        for name, file, n in installed.written:
            if name in installed.merged:
                added, updated, kept = installed.merged[name]
                lines.append(f"deck {name}: {added} new, {updated} updated, {kept} kept ({n} cards) in {file}")
            else:
                lines.append(f"wrote deck {name} ({n} cards) to {file}")
        lines += [f"skipped deck {name}: already loaded from {where}" for name, where in installed.skipped]
    for kind, count in sorted(data.skipped.items()):
        lines.append(f"skipped {count} {kind} row(s): CSV keeps only question and answer (use JSON)")
    if rows is not None:
        from quizapp.study.srs import Srs

        with ctx.open_store() as store:
            lines.append(merge_log(store, rows, Srs(ctx.settings), data.own_cards).message())
    return lines


def run(args, ctx) -> int:
    from quizapp.interchange.userdecks import ImportFailed

    try:
        lines = _import(args, ctx)
    except ImportFailed as e:
        for line in e.lines:
            say(str(line))
        say(f"{args.path}: not imported ({len(e.lines)} problem(s)); nothing was written")
        return 1
    for line in lines:
        print(line)
    return 0
