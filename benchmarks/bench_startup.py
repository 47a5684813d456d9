"""Launch to first rendered home screen, next to a minimal Textual app.

Both run as fresh processes in headless mode. Textual starts the auto-pilot
once the first screen is mounted and rendered; it prints the wall clock and
exits at once (quizapp's torch warm-up thread, started after the first frame,
is not waited for). The figure is from just before the process is spawned to
that moment: interpreter start, imports, deck loading and the first frame.
Goal: quizapp at most 1.25 times the minimal app.

    python benchmarks/bench_startup.py [--runs 15]
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time

MINIMAL = """
from textual.app import App
from textual.widgets import Footer, Header, Label

class Minimal(App):
    def compose(self):
        yield Header(); yield Label("hello"); yield Footer()

async def leave(pilot):
    import os, time
    print(time.time(), flush=True); os._exit(0)

Minimal().run(headless=True, size=(80, 24), auto_pilot=leave)
"""

QUIZAPP = """
import sys
from quizapp.tui.app import QuizApp

run = QuizApp.run

async def leave(pilot):
    import os, time
    assert pilot.app.screen.query_one("#decks").row_count > 0
    print(time.time(), flush=True); os._exit(0)

QuizApp.run = lambda self: run(self, headless=True, size=(80, 24), auto_pilot=leave)
from quizapp.cli import main
sys.exit(main(["--data-dir", sys.argv[1]]))
"""


def timed(code: str, *args: str) -> float:
    """Seconds from spawning the process to its first rendered screen."""
    start = time.time()
    done = subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True, text=True)
    return float(done.stdout.strip().splitlines()[-1]) - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as data:
        timed(QUIZAPP, data)  # first run creates the database and warms the OS cache
        timed(MINIMAL)
        minimal, quiz = [], []
        for _ in range(runs):  # interleaved so both see the same machine load
            minimal.append(timed(MINIMAL))
            quiz.append(timed(QUIZAPP, data))
    m, q = statistics.median(minimal), statistics.median(quiz)
    print(f"minimal Textual app : median {m * 1000:6.0f} ms  (min {min(minimal) * 1000:.0f})")
    print(f"quizapp home screen : median {q * 1000:6.0f} ms  (min {min(quiz) * 1000:.0f})")
    print(f"ratio               : {q / m:.2f}  (goal ≤ 1.25)")


if __name__ == "__main__":
    main()
