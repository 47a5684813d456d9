"""Check every numeric card in the shipped decks, torch import included.

A fresh interpreter loads the decks, then for every numeric card draws its
parameters, solves it with the engine (this imports torch) and checks the
engine's own answer through the answer checker. Goal: at most 5 s in all.

    python benchmarks/bench_numeric_decks.py
"""
from __future__ import annotations

import subprocess
import sys

CHILD = """
import random, time
start = time.perf_counter()
from quizapp.content.deck import load_library
from quizapp.formatting import format_value
from quizapp.paths import builtin_content_dir
from quizapp.study.review import check_numeric, prepare, solve_numeric
cards = [c for c in load_library([builtin_content_dir() / "decks"]).cards if c.kind == "numeric"]
loaded = time.perf_counter()
import torch
imported = time.perf_counter()
rng = random.Random(0)
for card in cards:
    prompt = prepare(card, rng)
    result = solve_numeric(prompt, "cpu")
    typed = format_value(result.expected, digits=card.decimals if card.decimals is not None else 6)
    assert check_numeric(prompt, result, typed).correct, card.id
done = time.perf_counter()
print(f"numeric cards       : {len(cards)}")
print(f"load decks          : {(loaded - start) * 1000:6.0f} ms")
print(f"import torch        : {(imported - loaded) * 1000:6.0f} ms")
print(f"solve + check all   : {(done - imported) * 1000:6.0f} ms")
print(f"total (in process)  : {(done - start) * 1000:6.0f} ms  (goal ≤ 5000 ms)")
"""


def main() -> None:
    subprocess.run([sys.executable, "-c", CHILD], check=True)


if __name__ == "__main__":
    main()
