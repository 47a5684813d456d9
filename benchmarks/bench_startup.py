"""Launch to first rendered home screen, next to a minimal Textual app.

Both run for real in a pseudo-terminal of 80x24, as a learner would start
them, and the clock stops when the terminal has received the screen's text:

* minimal Textual app: Header, a Label and Footer, until "hello" arrives;
* quizapp (``python -m quizapp``, warm content cache, existing database):
  the first frame, with the deck table (a deck's title), and then the
  due/new counts (the line saying how many cards are due today);
* quizapp's very first launch (empty data folder: the decks are parsed and
  the database is created), for comparison only.

Each run is a fresh process; runs are interleaved so both apps see the same
machine load. The goal is quizapp's first home screen at most 1.25 times
the minimal app.

    python benchmarks/bench_startup.py [--runs 15]
"""
from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time

MINIMAL = """
from textual.app import App
from textual.widgets import Footer, Header, Label

class Minimal(App):
    def compose(self):
        yield Header(); yield Label("hello"); yield Footer()

Minimal().run()
"""

ESCAPES = re.compile(rb"\x1b(\[[0-9;?<>=$]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>78])")


def until_shown(command: list[str], markers: list[bytes], timeout: float = 20.0) -> list[float]:
    """Seconds from spawning ``command`` in an 80x24 pty to each marker's first appearance."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an install has bytecode; without it every run compiles
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdin=follower, stdout=follower, stderr=follower, env=env,
                            start_new_session=True, close_fds=True)
    os.close(follower)
    seen, times, deadline = b"", [], start + timeout
    try:
        while len(times) < len(markers):
            left = deadline - time.perf_counter()
            if left <= 0:
                raise SystemExit(f"{command}: {markers[len(times)]!r} not shown in {timeout} s:\n{seen[-2000:]!r}")
            ready, _, _ = select.select([leader], [], [], left)
            if ready:
                try:
                    seen += os.read(leader, 65536)
                except OSError:  # the process ended and closed the terminal
                    raise SystemExit(f"{command} ended early:\n{seen[-2000:]!r}") from None
                text = ESCAPES.sub(b"", seen)
                while len(times) < len(markers) and markers[len(times)] in text:
                    times.append(time.perf_counter() - start)
        os.write(leader, b"\x11")  # ctrl+q: quit as a learner would
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        os.close(leader)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    minimal_cmd = [sys.executable, "-c", MINIMAL]
    with tempfile.TemporaryDirectory() as data:
        quiz_cmd = [sys.executable, "-m", "quizapp", "--data-dir", data]
        quiz_markers = [b"Artificial neural networks", b"due today"]
        until_shown(quiz_cmd, quiz_markers)  # creates the database and the content cache
        until_shown(minimal_cmd, [b"hello"])
        minimal, first, counted = [], [], []
        for _ in range(runs):
            minimal.append(until_shown(minimal_cmd, [b"hello"])[0])
            shown, counts = until_shown(quiz_cmd, quiz_markers)
            first.append(shown)
            counted.append(counts)
        first_launch = []
        for _ in range(min(runs, 5)):
            with tempfile.TemporaryDirectory() as fresh:
                first_launch.append(until_shown([*quiz_cmd[:-1], fresh], quiz_markers)[1])
    m = statistics.median(minimal)
    for label, times in (("minimal Textual app", minimal), ("quizapp first frame", first),
                         ("quizapp with counts", counted), ("quizapp first launch", first_launch)):
        t = statistics.median(times)
        print(f"{label:20}: median {t * 1000:5.0f} ms  (min {min(times) * 1000:.0f})  {t / m:.2f}×")
    print("goal                : quizapp first frame ≤ 1.25× the minimal app")


if __name__ == "__main__":
    main()
