"""CPU per key in the TUI: a study session, Browse, Settings and Stats driven with Pilot (not part of the test run).

Each round opens the real app at 80x24 on the built-in decks and a fresh SQLite file,
studies four cards (reveal, rate), opens Browse, Settings and Stats and leaves them: 17 keys.
What a key costs is mostly Textual's work (styles, layout, paint), and the footer's:
Textual's ``Footer`` rebuilds every key it shows on each bindings refresh, ours only
when what it shows changed (``quizapp/tui/widgets/footer.py``). ``--textual-footer``
runs the same rounds with Textual's, for the comparison.

    python benchmarks/bench_keys.py [--rounds N] [--textual-footer]
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
from quizapp.content.deck import load_library
from quizapp.context import Context
from quizapp.paths import builtin_content_dir
from quizapp.store.database import Store

KEYS = ("space", "3", "space", "3", "space", "3", "space", "3", "escape",
        "escape", "b", "escape", "comma", "escape", "t", "escape", "q")


def use_textual_footer() -> None:
    """Our footer behaves as Textual's: every bindings refresh rebuilds it."""
    from textual.widgets import Footer as TextualFooter

    from quizapp.tui.widgets.footer import Footer

    Footer.compose = TextualFooter.compose  # type: ignore[method-assign]
    Footer.recompose = TextualFooter.recompose  # type: ignore[method-assign]


async def one_round(library, folder: Path) -> float:
    """CPU seconds of the process for the keys of one round."""
    from quizapp.tui.app import QuizApp

    ctx = Context(data_dir=folder, content_dirs=[builtin_content_dir()], settings=Settings())
    app = QuizApp(ctx, library, Store.open(ctx.db_path), mode="study")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        start = time.process_time()
        for key in KEYS:
            await pilot.press(key)
            await pilot.pause()
        return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--textual-footer", action="store_true")
    args = parser.parse_args()
    if args.textual_footer:
        use_textual_footer()
    library = load_library([builtin_content_dir()])
    with tempfile.TemporaryDirectory() as tmp:
        cpu = [asyncio.run(one_round(library, Path(tmp) / str(i))) for i in range(args.rounds + 1)][1:]
    per_key = [c / len(KEYS) * 1000 for c in cpu]
    footer = "Textual's footer" if args.textual_footer else "quizapp's footer"
    print(f"{footer}: CPU per key, median {statistics.median(per_key):.1f} ms "
          f"(min {min(per_key):.1f}, max {max(per_key):.1f}) over {args.rounds} rounds of {len(KEYS)} keys")


if __name__ == "__main__":
    main()
