"""SIGKILL the app mid-session: every answered card is in the log, the file is sound."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC

DRIVER = textwrap.dedent("""
    import asyncio, sys
    from pathlib import Path
    from quizapp.config import Settings
    from quizapp.context import Context
    from quizapp.content.deck import load_library
    from quizapp.store.database import Store
    from quizapp.tui.app import QuizApp

    ctx = Context(data_dir=Path(sys.argv[1]), content_dirs=[Path(sys.argv[2])], settings=Settings())
    app = QuizApp(ctx, load_library(ctx.content_dirs), Store.open(ctx.db_path), mode="study")

    async def main():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            for n in range(1, 3):
                await pilot.press("space", "4")
                print(f"answered {n}", flush=True)
            await asyncio.sleep(3600)  # mid-session: waiting for the next key

    asyncio.run(main())
""")


def test_sigkill_loses_no_answered_card(tmp_path, ctx, deck_dir):
    child = subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(ctx.data_dir), str(deck_dir)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        lines = [child.stdout.readline().strip() for _ in range(2)]
        assert lines == ["answered 1", "answered 2"]
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL
    with sqlite3.connect(ctx.db_path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        rows = db.execute("SELECT card_id, rating FROM reviews ORDER BY id").fetchall()
    assert rows == [("demo.what-is-ann", 4), ("demo.sigmoid", 4)]


IMPORTER = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from quizapp.config import Settings
    from quizapp.interchange.merge import check_rows, merge_log
    from quizapp.study.srs import Srs
    from quizapp.store.database import Store

    rows = check_rows(json.loads(Path(sys.argv[2]).read_text())["reviews"], sys.argv[2])
    store = Store.open(sys.argv[1])
    store.MERGE_BATCH = 50  # many short transactions, so the kill lands between two
    merge_log(store, rows, Srs(Settings()))
    print("done", flush=True)
""")


def test_sigkill_mid_import_then_reopen_gives_states_of_the_whole_log(tmp_path, ctx):
    import json
    import time
    import uuid
    from datetime import datetime, timedelta

    from quizapp.store.database import Store
    from quizapp.study.srs import Srs

    start = datetime.now(UTC) - timedelta(hours=7 * 3000 + 24)
    reviews = [{"uid": uuid.uuid4().hex, "card_id": f"demo.c{i % 40}", "rating": 3,
                "reviewed_at": (start + timedelta(hours=7 * i)).isoformat()} for i in range(3000)]
    log = tmp_path / "log.json"
    log.write_text(json.dumps({"reviews": reviews}), encoding="utf-8")
    with Store.open(ctx.db_path) as store:
        store.record_review("demo.c0", 3, start - timedelta(days=1), Srs(ctx.settings))
    child = subprocess.Popen([sys.executable, "-c", IMPORTER, str(ctx.db_path), str(log)],
                             stdout=subprocess.PIPE, text=True)
    try:
        with Store.open(ctx.db_path) as store:
            deadline = time.monotonic() + 60
            while not store.states_behind() and time.monotonic() < deadline:  # a batch has landed
                assert child.poll() is None, "the import ended before it could be killed"
                time.sleep(0.002)
            assert store.states_behind(), "the import never landed a batch"
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
    with Store.open(ctx.db_path) as store:
        landed = len(store.reviews())
    assert 1 < landed < 3001  # killed half way: some rows in, their states not
    with ctx.open_store() as store:  # what any quizapp command does on opening
        assert not store.states_behind()
        states = {k: (v.card.to_dict(), v.reps) for k, v in store.card_states().items()}
        store.rebuild_states(Srs(ctx.settings))
        assert {k: (v.card.to_dict(), v.reps) for k, v in store.card_states().items()} == states
