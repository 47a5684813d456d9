"""Time generate + solve for every engine on the CPU, warm.

Prints each engine's median and p95 over many fresh exercises (after a warm-up
that pays torch's one-off import and first-call costs), then the median over
all engines. The goal is an overall median of at most 1 ms, so that a card
never waits on its engine. Run: ``python benchmarks/bench_engines.py``.
"""
from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engines import all_engines
from engines.base import LEVELS

WARMUP, RUNS = 20, 200


def time_engine(engine) -> list[float]:
    rng = random.Random(0)
    times = []
    for n in range(WARMUP + RUNS):
        start = time.perf_counter()
        engine.solve(engine.generate(rng, LEVELS[n % len(LEVELS)]), "cpu")
        if n >= WARMUP:
            times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    import torch

    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, {RUNS} runs per engine (levels rotated)")
    print(f"{'engine':<22}{'median ms':>10}{'p95 ms':>9}")
    everything = []
    for engine in all_engines():
        times = time_engine(engine)
        everything += times
        p95 = statistics.quantiles(times, n=20)[-1]
        print(f"{engine.name:<22}{statistics.median(times):>10.3f}{p95:>9.3f}")
    medians = statistics.median(everything)
    print(f"{'overall':<22}{medians:>10.3f}{statistics.quantiles(everything, n=20)[-1]:>9.3f}")
    print("goal: overall median <= 1 ms:", "met" if medians <= 1.0 else "NOT met")


if __name__ == "__main__":
    main()
