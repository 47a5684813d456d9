"""Launch to first rendered home screen, next to a minimal Textual app.

Both run as fresh processes in headless mode; each exits from its auto-pilot,
which Textual starts once the first screen is mounted and rendered. The figure
is the whole process wall time (interpreter start and imports included).
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
    await pilot.pause(); pilot.app.exit()

Minimal().run(headless=True, size=(80, 24), auto_pilot=leave)
"""

QUIZAPP = """
import sys
from quizapp.tui.app import QuizApp

run = QuizApp.run

async def leave(pilot):
    await pilot.pause()
    assert pilot.app.screen.query_one("#decks").row_count > 0
    pilot.app.exit()

QuizApp.run = lambda self: run(self, headless=True, size=(80, 24), auto_pilot=leave)
from quizapp.cli import main
sys.exit(main(["--data-dir", sys.argv[1]]))
"""


def timed(code: str, *args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True)
    return time.perf_counter() - start


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
