"""Time and peak memory to reject each hostile deck (goal: ≤ 1 s, ≤ 200 MB).

Each deck is checked by ``quizapp content check FILE`` in a fresh interpreter:
the time is the loader's own (``load_deck``, measured inside the child), the
memory is the child's peak resident size (``wait4``), interpreter and all; a
good built-in deck is the baseline. The decks are those the tests use
(``tests/hostile_text.py``). For the deck full of terminal commands the figure
that matters is what was printed: the count of control characters in it (0).

    python benchmarks/bench_hostile_decks.py
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from hostile_text import CARD, ESCAPE_DECK, alias_bomb, controls  # noqa: E402

CHILD = """
import contextlib, io, sys, time
from quizapp.cli import main
from quizapp.content.deck import load_deck
start = time.perf_counter()
deck, errors = load_deck(sys.argv[1])
took = time.perf_counter() - start
printed = io.StringIO()
with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
    code = main(["content", "check", sys.argv[1]])
print(f"{took * 1000:.1f}\\t{code}\\t{(errors or list(deck.warnings) or [''])[0]}")
sys.stderr.write(printed.getvalue())
"""


def write_decks(folder: Path) -> dict[str, Path]:
    """The hostile decks (and a good one) as files in ``folder``."""
    decks = {
        "alias bomb (9 x 9 aliases)": alias_bomb(),
        "deep nesting (900 levels)": "deck: deep\ncards:\n" + CARD.format(level="[" * 900 + "]" * 900),
        "one 1.5M-character line": "deck: long\ncards:\n" + CARD.format(level="x" * 1_500_000),
        "terminal commands in text": ESCAPE_DECK,
    }
    paths = {}
    for n, (name, text) in enumerate(decks.items()):
        paths[name] = folder / f"deck{n}.yaml"
        paths[name].write_text(text, encoding="utf-8")
    huge = folder / "huge.yaml"
    with huge.open("wb") as f:
        f.truncate(100 << 20)
    paths["100 MB file"] = huge
    paths["baseline: built-in ann deck"] = ROOT / "content" / "decks" / "10-ann.yaml"
    return paths


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for name, path in write_decks(Path(tmp)).items():
            child = subprocess.Popen([sys.executable, "-c", CHILD, str(path)], cwd=ROOT,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            out, printed = child.stdout.read(), child.stderr.read()
            _, _, usage = os.wait4(child.pid, 0)
            took, code, message = out.rstrip("\n").split("\t", 2)
            message = message.split(": ", 1)[-1][:70] if message else "loads"
            print(f"{name:30} {float(took):7.1f} ms  {usage.ru_maxrss / 1024:6.0f} MB peak  exit {code}"
                  f"  controls printed {len(controls(printed))}  {message}")


if __name__ == "__main__":
    main()
