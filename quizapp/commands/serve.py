"""`quizapp serve [--port N] [--host H]`: the same app in a browser, through textual-serve.

Each browser tab that opens the page gets its own ``quizapp`` process, started
with the command line the learner would type (the global options that choose
the data and the decks passed through), so the served app is the real home
screen on the same review database. textual-serve runs that process and
relays its screen to xterm.js in the page (:mod:`quizapp.commands.web_server`).

Only this machine can reach it by default (127.0.0.1): whoever opens the page
studies as you. A port that is not a number from 1 to 65535 is a usage error
(exit 2); an address that is taken or refused is one line, exit 1, before
anything is printed. Ctrl+C stops the server and the apps it started.
"""
from __future__ import annotations

import shlex
import socket
import sys
from pathlib import Path

from quizapp.errors import QuizError, UsageError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def register(sub) -> None:
    parser = sub.add_parser("serve", help="the same app in a browser (textual-serve)")
    parser.add_argument("--port", default=str(DEFAULT_PORT), metavar="N",
                        help=f"port to listen on (default: {DEFAULT_PORT})")
    parser.add_argument("--host", default=DEFAULT_HOST, metavar="H",
                        help=f"address to listen on, and that the page connects back to (default: {DEFAULT_HOST},"
                             " this machine only)")
    parser.set_defaults(run=run)


def parse_port(text: str) -> int:
    """The port as a number; read here rather than by argparse so that a bad one is
    the usual one-line usage error instead of argparse's usage text."""
    port = int(text) if text.strip().isdigit() else 0
    if not 1 <= port <= 65535:
        raise UsageError(f"--port must be a whole number from 1 to 65535, not {text!r}")
    return port


def page_url(host: str, port: int) -> str:
    """What the browser opens; an IPv6 address goes in brackets."""
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def served_command(args, ctx) -> str:
    """The shell command textual-serve runs for each browser tab: this interpreter's
    ``quizapp`` on the same data dir, extra deck folders and device. The config file
    and ``QUIZAPP_*`` variables reach it through the environment it inherits."""
    words = [sys.executable, "-m", "quizapp", "--data-dir", str(ctx.data_dir.resolve())]
    words += [word for folder in args.content for word in ("--content", str(Path(folder).expanduser().resolve()))]
    words += ["--device", args.device] if args.device else []
    words += ["--debug"] if args.debug else []
    return shlex.join(words)


def _check_address(host: str, port: int) -> None:
    """Bind once and let go, so a taken port or an unknown host is one clear line before
    the store is opened and the server set up (aiohttp's own bind error is a long one)."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as e:
        raise UsageError(f"--host {host}: {e.strerror}") from e
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will
        try:
            probe.bind(address)
        except OSError as e:
            raise QuizError(f"cannot serve on {page_url(host, port)}: {e.strerror}") from e


def run(args, ctx) -> int:
    port = parse_port(args.port)
    _check_address(args.host, port)
    ctx.open_store().close()  # a database the app cannot open fails here, not in every tab
    from quizapp.commands.web_server import serve

    serve(served_command(args, ctx), host=args.host, port=port, url=page_url(args.host, port), debug=args.debug)
    return 0
