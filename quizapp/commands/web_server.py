"""textual-serve's server as `quizapp serve` runs it: one line once it listens, a clean stop.

textual-serve's own :class:`~textual_serve.server.Server` prints a banner with
the whole command line before it has bound its port, and logs through Rich with
tracebacks and their local variables. Here the one line naming the URL comes
once the port is bound (a script that waits for it can connect at once), and
warnings and errors are one line each on stderr (their traceback only under
``--debug``).

On Ctrl+C or SIGTERM its own shutdown lets the event loop close while the apps
of open tabs are still quitting: asyncio then reports their processes and pipes
against a closed loop, tracebacks included. So shutdown here ends every tab's
session (each asks its app to quit) and waits until those processes are gone.
"""
from __future__ import annotations

import asyncio
import logging
import os
import sys

from aiohttp import web
from textual_serve.server import Server

APPS_QUIT_WITHIN = 20.0  # seconds to wait at shutdown for the apps of open tabs


class QuizServer(Server):
    def __init__(self, command: str, *, host: str, port: int, url: str, debug: bool):
        super().__init__(command, host=host, port=port, title="quizapp", public_url=url)
        self.show_tracebacks = debug
        self.sessions: set[asyncio.Task] = set()  # one per open tab, each running one app

    def serve(self, debug: bool = False) -> None:
        """Until Ctrl+C or SIGTERM (aiohttp's handlers stop it as textual-serve's do).

        Not textual-serve's debug mode, which starts each app with Textual's devtools."""
        self.initialize_logging()
        web.run_app(self._make_app(), host=self.host, port=self.port, print=self._listening)

    def _listening(self, _aiohttp_message: str) -> None:
        print(f"serving quizapp on {self.public_url} (Ctrl+C stops)", flush=True)

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
        """Nothing: the line is printed once the port is bound (:meth:`_listening`)."""

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        session = asyncio.current_task()
        assert session is not None
        self.sessions.add(session)
        try:
            return await super().handle_websocket(request)
        finally:
            self.sessions.discard(session)

    async def on_shutdown(self, app: web.Application) -> None:
        """End every tab's session, which stops its app, and wait for the apps to exit."""
        for session in self.sessions:
            session.cancel()  # textual-serve's handler closes the page's socket and tells the app to quit
        await asyncio.gather(*self.sessions, return_exceptions=True)
        await _children_reaped(APPS_QUIT_WITHIN)


async def _children_reaped(timeout: float) -> None:
    """Until no child process is left, exited or not (asyncio reaps each one as it exits
    and hands over its exit code while the loop still runs), or ``timeout`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        try:
            os.waitid(os.P_ALL, 0, os.WEXITED | os.WNOHANG | os.WNOWAIT)  # looks, reaps nothing
        except ChildProcessError:
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.1)  # the reaped ones' exit callbacks: close their pipes on this loop


def _without_traceback(record: logging.LogRecord) -> bool:
    record.exc_info = record.exc_text = None
    return True


def serve(command: str, *, host: str, port: int, url: str, debug: bool) -> None:
    """Serve ``command`` until Ctrl+C or SIGTERM."""
    QuizServer(command, host=host, port=port, url=url, debug=debug).serve()
