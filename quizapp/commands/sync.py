"""`quizapp sync [DIR] [--json]`: merge with other machines through a folder they sync.

DIR is a folder the learner already keeps in sync between machines (Syncthing,
Dropbox, a git checkout); without it the ``sync_dir`` setting is used. This
machine appends to its own file there and merges everyone else's (see
:mod:`quizapp.interchange.sync`). One summary line on stdout; a file still being
copied, or events this quizapp cannot use, are one line each on stderr and do
not fail the sync (they are read again next time). A folder that does not exist
(or none given nor set) is a usage error: exit 2.
"""
from __future__ import annotations

import json

from quizapp.errors import UsageError
from quizapp.safetext import say


def register(sub) -> None:
    parser = sub.add_parser("sync", help="merge progress with other machines through a synced folder")
    parser.add_argument("dir", metavar="DIR", nargs="?", help="the synced folder (default: the sync_dir setting)")
    parser.add_argument("--json", action="store_true", help="machine-readable result")
    parser.set_defaults(run=run)


def run(args, ctx) -> int:
    from pathlib import Path

    from quizapp import paths
    from quizapp.interchange.sync import sync

    folder = args.dir or ctx.settings.sync_dir
    if not folder:
        raise UsageError("sync needs a folder: quizapp sync DIR (or set sync_dir in the config)")
    if not Path(folder).expanduser().is_dir():  # before opening the store: a usage error first
        raise UsageError(f"{Path(folder).expanduser()}: no such folder (sync needs a folder that already exists)")
    with ctx.open_store() as store:
        result, ctx.settings = sync(store, Path(folder), data_dir=ctx.data_dir, settings=ctx.settings,
                                    config_path=paths.config_file())
    for problem in result.problems:
        say(str(problem))
    print(json.dumps(result.as_dict()) if args.json else result.summary())
    return 0
