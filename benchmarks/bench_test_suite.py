"""Where the test suite's time goes, printed: per folder (or file), the wall time of its
tests, the CPU the whole machine was busy meanwhile, and the gap between them.

The suite is run once, serially by default, with this file loaded as a pytest plugin
that reads ``/proc/stat`` around each test. Machine-wide CPU counts what a test's
subprocesses use (grading workers inside bubblewrap, installed commands, Chromium),
which ``os.times()`` of the test process misses for anything not waited for; run
serially, it is the test's own, give or take the machine's background. The gap (wall
minus busy) is waiting: time limits run out on purpose, timers, the frames Pilot
waits for. With ``-n 2`` both workers' tests share the counter, so per-test CPU means
little, but the totals still say how busy the two cores were.

    python benchmarks/bench_test_suite.py [--by file] [--top 20] [-- PYTEST ARGS]
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OUT_ENV = "BENCH_TEST_SUITE_OUT"  # the folder the plugin writes into (tests drop QUIZAPP_* variables)


def _busy_seconds() -> float:
    """CPU seconds the machine has spent busy since boot (user, nice, system, irq, softirq)."""
    with open("/proc/stat") as stat:
        fields = stat.readline().split()
    return sum(int(fields[i]) for i in (1, 2, 3, 6, 7)) / os.sysconf("SC_CLK_TCK")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """The plugin side: one JSON line per test (setup, call and teardown together)."""
    wall, busy = time.perf_counter(), _busy_seconds()
    yield
    record = {"id": item.nodeid, "wall": time.perf_counter() - wall, "busy": _busy_seconds() - busy}
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    with open(Path(os.environ[OUT_ENV], f"{worker}.jsonl"), "a") as out:
        out.write(json.dumps(record) + "\n")


def _group(node_id: str, by: str) -> str:
    """The row a test adds to: its file, or its folder under tests/ (a file directly in tests/ is its own row)."""
    path = node_id.split("::")[0]
    if by == "file":
        return path
    parts = path.split("/")
    return "/".join(parts[:2]) if len(parts) > 2 else path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--by", choices=("folder", "file"), default="folder")
    parser.add_argument("--top", type=int, default=20, help="rows of each table")
    parser.add_argument("pytest_args", nargs="*", help="after --, passed to pytest (e.g. -n 2, a folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as out:
        env = {**os.environ, OUT_ENV: out,
               "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "benchmarks"), os.environ.get("PYTHONPATH")]))}
        start, busy_at_start = time.perf_counter(), _busy_seconds()
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "bench_test_suite", *args.pytest_args],
                              cwd=ROOT, env=env, capture_output=True, text=True)
        wall, busy = time.perf_counter() - start, _busy_seconds() - busy_at_start
        rows = [json.loads(line) for file in Path(out).glob("*.jsonl") for line in file.read_text().splitlines()]
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr.strip()[-300:]
    cores = os.cpu_count() or 1
    print(f"{summary}\nrun: wall {wall:.1f} s, machine busy {busy:.0f} of {wall * cores:.0f} core-s ({cores} cores); "
          f"tests: wall {sum(r['wall'] for r in rows):.1f} s in all, busy {sum(r['busy'] for r in rows):.1f} core-s")
    groups: dict[str, list[float]] = collections.defaultdict(lambda: [0.0, 0.0, 0.0])
    for row in rows:
        group = groups[_group(row["id"], args.by)]
        group[0] += row["wall"]
        group[1] += row["busy"]
        group[2] += 1
    print(f"\n{'wall s':>7} {'busy':>7} {'gap':>6} {'tests':>5}  {args.by}")
    for name, (w, b, n) in sorted(groups.items(), key=lambda kv: -kv[1][0])[:args.top]:
        print(f"{w:7.1f} {b:7.1f} {w - b:6.1f} {n:5.0f}  {name}")
    print(f"\n{'wall s':>7} {'busy':>7} {'gap':>6}  the tests that wait the most")
    for row in sorted(rows, key=lambda r: r["busy"] - r["wall"])[:args.top]:
        print(f"{row['wall']:7.2f} {row['busy']:7.2f} {row['wall'] - row['busy']:6.2f}  {row['id'][:110]}")
    sys.exit(done.returncode)


if __name__ == "__main__":
    main()
