"""Command-line entry point: global options, sub-commands, errors as one line.

Each sub-command lives in ``quizapp/commands/<name>.py`` with ``register(sub)``
(adds its parser and sets ``run``) and ``run(args, ctx) -> int``. Command
modules import heavy things (torch, Textual) inside ``run`` so that parsing
the command line stays fast.

Errors are reported here and only here: a :class:`QuizError` is one line on
stderr with exit code 1, or 2 for a :class:`UsageError` (a bad command line
included); under ``--json`` the same message is also a ``{"error": ...}``
object on stdout, so a script reading stdout always gets JSON. Commands just
raise.
"""
from __future__ import annotations

import argparse
import importlib
import json
import sys

from quizapp import __version__
from quizapp.errors import QuizError, UsageError
from quizapp.safetext import say, visible

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
    "plan",
    "mock",
    "cards",
    "export",
    "import_cmd",
    "optimize",
    "sync",
    "serve",
)


class CommandLineError(UsageError):
    """argparse's complaint about the command line, raised instead of exiting so that
    main() reports it like every other usage error (as JSON too, under ``--json``)."""

    def __init__(self, parser: argparse.ArgumentParser, message: str):
        self.parser = parser
        super().__init__(message)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors raise :class:`CommandLineError` (sub-command
    parsers are made from the same class, so theirs do too)."""

    def error(self, message: str):
        raise CommandLineError(self, message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
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


def _wants_json(argv: list[str]) -> bool:
    """Whether ``--json`` was asked for, read from the raw words when parsing failed."""
    words = argv[:argv.index("--")] if "--" in argv else argv
    return "--json" in words


def _json_error(message: str) -> None:
    """The ``--json`` form of an error, on stdout, where the script reads the result."""
    print(json.dumps({"error": visible(message)}, ensure_ascii=False), flush=True)


def report_error(message: str, as_json: bool) -> None:
    """One line on stderr; with ``as_json`` also ``{"error": message}`` on stdout."""
    if as_json:
        _json_error(message)
    say(message)


def _command_line_failed(error: CommandLineError, as_json: bool) -> int:
    """argparse's own usage text and ``prog: error: ...`` line on stderr, exit 2."""
    if as_json:
        _json_error(str(error))
    error.parser.print_usage(sys.stderr)
    print(f"{error.parser.prog}: error: {visible(str(error))}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    from quizapp.context import Context

    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        args = build_parser().parse_args(argv)
    except CommandLineError as e:
        return _command_line_failed(e, _wants_json(argv))
    as_json = bool(getattr(args, "json", False))
    run = getattr(args, "run", None)
    if run is None:
        run = importlib.import_module("quizapp.commands.home").run
    try:
        ctx = Context.from_args(args)
        return run(args, ctx) or 0
    except QuizError as e:
        if args.debug:
            raise
        report_error(str(e), as_json)
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
        report_error(f"internal error: {type(e).__name__}: {e} (run with --debug for details)", as_json)
        return 1
