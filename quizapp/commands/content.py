"""`quizapp content check [PATH...] [--json]`: validate decks and exercises."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from quizapp.safetext import visible, visible_data


def register(sub) -> None:
    parser = sub.add_parser("content", help="validate decks and exercises")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    check = actions.add_parser("check", help="validate decks (default: every loaded deck)")
    check.add_argument("paths", nargs="*", metavar="PATH", help="deck files or folders")
    check.add_argument("--json", action="store_true", help="machine-readable report")
    check.set_defaults(run=run)


def report(paths: list[Path]) -> dict:
    """The `content check` report for the given deck files or folders."""
    from quizapp.content.library import load_everything

    library, _ = load_everything(paths)
    cards = library.cards
    by_deck_kind = {
        deck.name: dict(Counter(card.kind for card in deck.cards)) for deck in library.decks
    }
    return {
        "decks": [{"name": d.name, "cards": len(d.cards), "path": d.path} for d in library.decks],
        "cards": len(cards),
        "by_kind": dict(Counter(card.kind for card in cards)),
        "by_deck_kind": by_deck_kind,
        "errors": [e.as_dict() for e in library.errors],
        "warnings": [w.as_dict() for w in library.warnings],
    }


def _table(result: dict) -> str:
    from quizapp.content.cards import KINDS  # one column per registered kind

    rows = [f"{'deck':<18}" + "".join(f"{k:>8}" for k in KINDS) + f"{'total':>8}"]
    for deck in result["decks"]:
        counts = result["by_deck_kind"][deck["name"]]
        rows.append(f"{deck['name']:<18}" + "".join(f"{counts.get(k, 0):>8}" for k in KINDS) + f"{deck['cards']:>8}")
    total = result["by_kind"]
    rows.append(f"{'all':<18}" + "".join(f"{total.get(k, 0):>8}" for k in KINDS) + f"{result['cards']:>8}")
    return "\n".join(rows)


def _where(problem: dict) -> str:
    return f"{problem['path']}:{problem['line']}" if problem["line"] else problem["path"]


def run(args, ctx) -> int:
    from quizapp.errors import UsageError

    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:  # a path on the command line that is not there: the command line is wrong
        raise UsageError(f"{missing[0]}: no such file or folder")
    paths = [Path(p) for p in args.paths] or ctx.content_dirs
    result = report(paths)
    if args.json:
        print(json.dumps(visible_data(result), indent=2, ensure_ascii=False))
    else:
        # Paths are untrusted text like the decks in them: a file's name may hold escape codes.
        for error in result["errors"]:
            print(visible(f"{_where(error)}: {error['message']}"))
        for warning in result["warnings"]:
            print(visible(f"{_where(warning)}: warning: {warning['message']}"))
        print(visible(_table(result)))
        status = f"{len(result['errors'])} problem(s)" if result["errors"] else "all good"
        print(f"{len(result['decks'])} deck(s), {result['cards']} card(s): {status}")
    return 1 if result["errors"] else 0
