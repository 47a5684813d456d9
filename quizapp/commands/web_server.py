"""textual-serve's server as `quizapp serve` runs it: one start-up line, plain logging.

textual-serve's own :class:`~textual_serve.server.Server` prints a banner with the
whole command line and logs through Rich with tracebacks and their local
variables; here start-up is one line naming the URL, and its warnings and errors
are one line each on stderr (with the traceback only under ``--debug``). It
stops on Ctrl+C or SIGTERM by itself, asking each app it started to quit.
"""
from __future__ import annotations

import logging
import sys

from aiohttp import web
from textual_serve.server import Server


class QuizServer(Server):
    def __init__(self, command: str, *, host: str, port: int, url: str, debug: bool):
        super().__init__(command, host=host, port=port, title="quizapp", public_url=url)
        self.show_tracebacks = debug

    def initialize_logging(self) -> None:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("quizapp serve: %(message)s"))
        if not self.show_tracebacks:
            handler.addFilter(_without_traceback)
        log = logging.getLogger("textual-serve")
        log.addHandler(handler)
        log.setLevel(logging.WARNING)
        log.propagate = False

    async def on_startup(self, app: web.Application) -> None:
        print(f"serving quizapp on {self.public_url} (Ctrl+C stops)", flush=True)


def _without_traceback(record: logging.LogRecord) -> bool:
    record.exc_info = record.exc_text = None
    return True


def serve(command: str, *, host: str, port: int, url: str, debug: bool) -> None:
    """Serve ``command`` until Ctrl+C or SIGTERM."""
    # Not textual-serve's debug mode: that starts each app with Textual's devtools.
    QuizServer(command, host=host, port=port, url=url, debug=debug).serve()
