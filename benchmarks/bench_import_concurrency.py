"""A learner answering while a large import runs, and kill -9 in the middle of one.

1. Writes a JSON log of ``--reviews`` reviews (default 200,000 over 400 cards),
   starts ``quizapp import`` on it in a subprocess, and meanwhile records an
   answer every 50 ms through a study session (as the TUI does). Prints the
   longest and median time an answer took to be saved and how many were lost
   (kept-but-unsaved answers count as saved late, not lost).
2. Imports the same file again and SIGKILLs it once its first rows have landed,
   then reopens the data dir as quizapp does: prints whether the card states
   equal a full replay of the log afterwards.
3. SIGKILLs a full rebuild of the card states (as ``optimize --apply`` runs)
   at several moments and checks the same after each.

    python benchmarks/bench_import_concurrency.py [--reviews N]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from quizapp.clock import utc_now  # noqa: E402
from quizapp.config import Settings  # noqa: E402
from quizapp.context import Context  # noqa: E402
from quizapp.paths import unsaved_answers_file  # noqa: E402
from quizapp.store.database import Store  # noqa: E402
from quizapp.study.session import StudySession  # noqa: E402
from quizapp.study.srs import Srs  # noqa: E402
from quizapp.study.unsaved import UnsavedAnswers  # noqa: E402


@dataclass(frozen=True)
class CardRef:
    id: str
    deck: str = "bench"
    kind: str = "qa"


def write_log(path: Path, n: int, rng: random.Random) -> None:
    start = utc_now() - timedelta(days=400)
    rows = [{"uid": uuid.uuid4().hex, "card_id": f"bench.c{rng.randrange(400)}", "rating": rng.choice((1, 3, 3, 3, 4)),
             "reviewed_at": (start + timedelta(minutes=i * 400 * 24 * 60 / n)).isoformat(), "duration_ms": 3000}
            for i in range(n)]
    path.write_text(json.dumps({"format": "quizapp", "version": 1, "decks": [], "reviews": rows}), encoding="utf-8")


def quizapp(data: Path, *args) -> subprocess.Popen:
    env = {**os.environ, "QUIZAPP_CONFIG": str(data / "none.toml"), "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "quizapp", "--data-dir", str(data), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)


def answer_during_import(data: Path, log: Path) -> None:
    settings = Settings(new_per_day=9999)  # enough new cards to answer through the whole import
    cards = [CardRef(f"own.c{i}") for i in range(5000)]
    with Store.open(data / "quizapp.db") as store:
        session = StudySession(store, cards, settings, srs=Srs(settings, fuzzing=False),
                               unsaved=UnsavedAnswers(unsaved_answers_file(data)))
        proc = quizapp(data, "import", str(log))
        waits, given = [], 0
        while proc.poll() is None:
            if session.current() is None:
                break
            t = time.perf_counter()
            result = session.answer(4)
            given += 1
            if not result.saved:
                while session.save_unsaved():
                    time.sleep(0.01)
            waits.append(time.perf_counter() - t)
            time.sleep(0.05)
        out, err = proc.communicate()
        session.save_unsaved()
        saved = sum(1 for r in store.reviews() if r["card_id"].startswith("own."))
    print(f"import: {out.strip() or err.strip()}")
    print(f"answers while importing: {given}; saved {saved}; lost {given - saved}")
    if waits:
        print(f"time for an answer to be saved: median {statistics.median(waits) * 1000:.1f} ms,"
              f" longest {max(waits) * 1000:.1f} ms")


def kill_mid_import(data: Path, log: Path) -> None:
    proc = quizapp(data, "import", str(log))
    db = data / "quizapp.db"
    t0 = time.perf_counter()
    while proc.poll() is None:
        if db.exists():
            with Store.open(db) as store:
                if store.states_behind():
                    break
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with Store.open(db) as store:
        rows, behind = len(store.reviews()), store.states_behind()
    print(f"killed after {time.perf_counter() - t0:.2f} s with {rows} rows in the log; states behind: {behind}")
    ctx = Context(data_dir=data, content_dirs=[], settings=Settings())
    t = time.perf_counter()
    with ctx.open_store() as store:
        reopened = time.perf_counter() - t
        states = {k: (v.card and v.card.to_dict(), v.reps) for k, v in store.card_states().items()}
        store.rebuild_states(Srs(Settings()))
        again = {k: (v.card and v.card.to_dict(), v.reps) for k, v in store.card_states().items()}
    print(f"reopened in {reopened:.2f} s (rebuild included); states equal a full replay: {states == again}")


REBUILD = """
import sys
from quizapp.config import Settings
from quizapp.study.srs import Srs
from quizapp.store.database import Store
with Store.open(sys.argv[1]) as store:
    print("rebuilding", flush=True)
    store.rebuild_states(Srs(Settings(), parameters=[w * 1.01 for w in Srs(Settings()).scheduler.parameters]))
"""


def _states(store):
    return {k: (v.card and v.card.to_dict(), v.reps) for k, v in store.card_states().items()}


def kill_mid_rebuild(data: Path) -> None:
    db = data / "quizapp.db"
    for after in (0.5, 2.0, 5.0):
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        proc = subprocess.Popen([sys.executable, "-c", REBUILD, str(db)], stdout=subprocess.PIPE, text=True, env=env)
        proc.stdout.readline()
        time.sleep(after)
        finished = proc.poll() is not None
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        with Store.open(db) as store:
            behind, before = store.states_behind(), _states(store)
        # whichever weights the states were last written with, they must be a whole replay of them
        srs_old = Srs(Settings())
        srs_new = Srs(Settings(), parameters=[w * 1.01 for w in srs_old.scheduler.parameters])
        with Store.open(db) as store:
            store.rebuild_states(srs_old)
            old = _states(store)
            store.rebuild_states(srs_new)
            new = _states(store)
            store.rebuild_states(srs_old)
        whole = before in (old, new)
        print(f"rebuild killed after {after:.1f} s (finished: {finished}): states behind {behind};"
              f" states are one whole replay: {whole}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reviews", type=int, default=200_000)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        log = tmp / "big.json"
        write_log(log, args.reviews, rng)
        print(f"{args.reviews} reviews in {log.stat().st_size / 1e6:.1f} MB")
        answer_during_import(tmp / "a", log)
        kill_mid_import(tmp / "b", log)
        kill_mid_rebuild(tmp / "a")


if __name__ == "__main__":
    main()
