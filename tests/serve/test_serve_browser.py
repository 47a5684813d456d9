"""`quizapp serve` in a real headless Chromium: the page is the home screen, keys study, answers are saved.

The server is the real ``python -m quizapp serve`` in a session of its own (so
Ctrl+C can be sent to it and to the app it starts, as a terminal sends it to
its foreground processes), on an isolated data dir with one extra deck; the
browser is Debian's ``chromium`` (see :mod:`serve.chromium`). Without it these
tests skip.
"""
from __future__ import annotations

import asyncio
import os
import signal
import socket
import sqlite3
import sys
import time

import pytest

from serve import chromium

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(chromium.binary() is None, reason="no chromium: apt-get install chromium")]

DECK = """\
deck: served
title: One card for the browser
cards:
  - id: served.one
    kind: qa
    level: basic
    source: test
    front: What draws this page?
    back: xterm.js, fed by textual-serve
"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    running = chromium.Chromium(tmp_path_factory.mktemp("chromium-profile"))
    yield running
    running.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Served:
    """The ``quizapp serve`` process, the URL it printed and its data dir."""

    def __init__(self, process: asyncio.subprocess.Process, url: str, data):
        self.process, self.url, self.data = process, url, data

    async def interrupt(self, timeout: float = 60) -> tuple[int, str]:
        """Ctrl+C to its whole process group; its exit code and everything it printed."""
        os.killpg(self.process.pid, signal.SIGINT)
        out, err = await asyncio.wait_for(self.process.communicate(), timeout)
        return self.process.returncode, (out + err).decode()

    def group_alive(self) -> bool:
        try:
            os.killpg(self.process.pid, 0)
        except ProcessLookupError:
            return False
        return True

    async def group_gone(self, timeout: float = 30) -> bool:
        """Whether every process it started has ended (they may outlive it by a moment)."""
        deadline = time.monotonic() + timeout
        while self.group_alive() and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        return not self.group_alive()


@pytest.fixture
async def served(tmp_path):
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "served.yaml").write_text(DECK, encoding="utf-8")
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "quizapp", "--data-dir", str(tmp_path / "data"), "--content", str(decks),
        "serve", "--port", str(port), start_new_session=True,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        first = (await asyncio.wait_for(process.stdout.readline(), 60)).decode()
        url = f"http://127.0.0.1:{port}"
        assert first == f"serving quizapp on {url} (Ctrl+C stops)\n", first
        yield Served(process, url, tmp_path / "data")
    finally:
        if process.returncode is None:
            os.killpg(process.pid, signal.SIGKILL)
            await process.wait()


async def wait_for_review(database, timeout: float = 30) -> list[tuple]:
    """The reviews table's (card_id, rating) rows once there is one."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with sqlite3.connect(database) as db:
            rows = db.execute("SELECT card_id, rating FROM reviews").fetchall()
        if rows:
            return rows
        await asyncio.sleep(0.1)
    raise AssertionError(f"no review saved in {timeout} s")


async def test_the_page_is_the_home_screen_and_keys_study_a_card_into_the_store(browser, served):
    async with browser.page() as page:
        await page.open(served.url)
        home = (await page.wait_for("served ")).splitlines()
        header = next(i for i, line in enumerate(home) if line.split()[:3] == ["Deck", "Due", "New"])
        names = [line.split()[0] for line in home[header + 1:] if line.strip()]
        assert {"ann", "cnn", "served", "exercises"} <= set(names)  # the built-in decks and --content's
        row = next(line for line in home if line.split()[:1] == ["served"])
        assert row.split()[1:5] == ["0", "1", "1", "One"]  # due, new, cards, title

        for _ in range(names.index("served")):  # the first deck is highlighted
            await page.press("ArrowDown")
        await page.press("Enter")
        await page.wait_for("What draws this page?")
        await page.press(" ")
        await page.wait_for("xterm.js, fed by textual-serve")
        await page.press("3")  # Good
        assert await wait_for_review(served.data / "quizapp.db") == [("served.one", 3)]


async def test_ctrl_c_stops_the_server_and_the_app_it_serves(browser, served):
    async with browser.page() as page:
        await page.open(served.url)
        await page.wait_for("served ")
        assert served.group_alive()
        code, printed = await served.interrupt()
    assert code == 0 and "Traceback" not in printed, printed
    assert printed == "", printed  # nothing after the start-up line: no log, no error
    assert await served.group_gone()  # the app process of the tab has ended too


async def test_e_on_a_card_in_the_browser_says_where_the_card_is_instead_of_starting_an_editor(browser, served):
    """A browser has no terminal to hand over (App.suspend is not supported), and the app is
    not headless: quizapp.tui.own_editor.with_terminal says so, the card's file is named."""
    async with browser.page() as page:
        await page.open(served.url)
        await page.wait_for("served ")
        await page.press("b")
        await page.wait_for("of ")  # Browse's "N of M cards"
        for key in "deck:served":
            await page.press(key)
        await page.press("Enter")  # the results, the one card highlighted
        await page.wait_for("1 of ")
        await page.press("e")
        shown = await page.wait_for("Editing needs a terminal")
    assert "served.yaml:" in shown, shown  # where to open it by hand
