"""Time Browse's table layout (not part of the test run).

Browse rebuilds its columns and rows when the terminal's width changes the
column widths (and on every search). This opens Browse on the built-in decks
(about 700 cards) in a headless app, then times :meth:`CardTable.lay_out` at
several widths, each the median of several runs. A resize is drawn once the
layout is done, so the goal is well under a frame of a dragged window (~50 ms).

    python benchmarks/bench_browse_layout.py [--runs N]
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from quizapp.config import Settings
from quizapp.content.library import load_everything
from quizapp.context import Context
from quizapp.paths import builtin_content_dir
from quizapp.store.database import Store
from quizapp.tui.app import QuizApp
from quizapp.tui.browse import BrowseScreen

WIDTHS = (80, 120, 200)


async def measure(runs: int, data: Path) -> None:
    ctx = Context(data_dir=data, content_dirs=[builtin_content_dir()], settings=Settings())
    library, exercises = load_everything(ctx.content_dirs)
    app = QuizApp(ctx, library, Store.open(ctx.db_path), exercises=exercises)
    async with app.run_test(size=(200, 50)) as pilot:
        screen = BrowseScreen()
        app.push_screen(screen)
        await pilot.pause()
        table = screen.table
        print(f"{table.row_count} rows")
        for width in WIDTHS:
            await pilot.resize_terminal(width, 24)
            await pilot.pause()
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                table.lay_out(force=True)
                times.append(time.perf_counter() - start)
            print(f"width {width:>3}: lay_out {statistics.median(times) * 1000:6.1f} ms "
                  f"(median of {runs}); columns {table.widths}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(measure(args.runs, Path(folder)))


if __name__ == "__main__":
    main()
