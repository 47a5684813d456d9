"""SIGKILL the app mid-session: every answered card is in the log, the file is sound."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

DRIVER = textwrap.dedent("""
    import asyncio, sys
    from pathlib import Path
    from quizapp.config import Settings
    from quizapp.context import Context
    from quizapp.deck import load_library
    from quizapp.store import Store
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
