"""Command-line entry point: global options, sub-commands, errors as one line.

Each sub-command lives in ``quizapp/commands/<name>.py`` with ``register(sub)``
(adds its parser and sets ``run``) and ``run(args, ctx) -> int``. Command
modules import heavy things (torch, Textual) inside ``run`` so that parsing
the command line stays fast.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from quizapp import __version__
from quizapp.errors import QuizError

COMMANDS = (
    "home",
    "study",
    "drill",
    "content",
    "engines",
    "solve",
    "exercise",
    "grade",
    "stats",
    "cards",
    "export",
    "import_cmd",
    "optimize",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="quizapp",
        description="Study deep-learning interview questions in the terminal.",
    )
    parser.add_argument("--version", action="version", version=f"quizapp {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", help="where the review database lives (or QUIZAPP_DATA_DIR)")
    parser.add_argument("--content", metavar="DIR", action="append", default=[], help="extra deck folder (repeatable)")
    parser.add_argument("--device", choices=("auto", "cpu", "cuda"), default=None, help="torch device for engines")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        if name != "home":
            importlib.import_module(f"quizapp.commands.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    from quizapp.context import Context

    parser = build_parser()
    args = parser.parse_args(argv)
    run = getattr(args, "run", None)
    if run is None:
        run = importlib.import_module("quizapp.commands.home").run
    try:
        ctx = Context.from_args(args)
        return run(args, ctx) or 0
    except QuizError as e:
        if args.debug:
            raise
        print(f"quizapp: {e}", file=sys.stderr)
        return getattr(e, "exit_code", 1)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `quizapp ... | head`: the reader left; stop quietly
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as e:  # last line of defence: no tracebacks without --debug
        if args.debug:
            raise
        print(f"quizapp: internal error: {type(e).__name__}: {e} (run with --debug for details)", file=sys.stderr)
        return 1
