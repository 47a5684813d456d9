"""Hostile deck files are refused fast, with bounded memory and a ``path:line`` message.

Each test runs the loader in a child process with a memory limit and a timeout,
so a regression shows as a failed test rather than a machine that swaps for a
minute (the alias bomb took 88 s and 3.5 GB before aliases were refused).
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from hostile_text import CARD, alias_bomb
from quizapp.content.deck import load_deck


def reject_in_child(path: Path, seconds: float = 10, memory_mb: int = 400) -> list[dict]:
    """``load_deck(path)``'s errors, computed in a child limited in time and address space."""
    code = (
        "import json, resource, sys\n"
        f"resource.setrlimit(resource.RLIMIT_AS, ({memory_mb << 20}, {memory_mb << 20}))\n"
        "from quizapp.content.deck import load_deck\n"
        "deck, errors = load_deck(sys.argv[1])\n"
        "print(json.dumps([e.as_dict() for e in errors]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True,
                         timeout=seconds)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout)


def test_the_alias_bomb_is_small():
    assert len(alias_bomb().encode()) < 800


def test_aliases_are_refused_at_the_alias(tmp_path):
    path = tmp_path / "bomb.yaml"
    path.write_text(alias_bomb())
    errors = reject_in_child(path, seconds=5)
    assert len(errors) == 1
    assert errors[0]["line"] == 3  # l1, the first `*l0`
    assert "alias" in errors[0]["message"]


def test_an_innocent_alias_is_refused_too(tmp_path):
    path = tmp_path / "alias.yaml"
    path.write_text("deck: a\ntitle: &t A deck\ndescription: *t\ncards: []\n")
    _, errors = load_deck(path)
    assert [(e.line, "alias" in e.message) for e in errors] == [(3, True)]


def test_a_huge_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.yaml"
    with path.open("wb") as f:
        f.truncate(100 << 20)  # 100 MB (sparse): reading it whole would show in the memory limit
    errors = reject_in_child(path, seconds=5, memory_mb=150)
    assert len(errors) == 1 and "MiB" in errors[0]["message"]


@pytest.mark.parametrize("depth", [40, 300, 900])
def test_deep_nesting_is_refused_with_its_line(tmp_path, depth):
    path = tmp_path / "deep.yaml"
    path.write_text("deck: deep\ncards:\n" + CARD.format(level="[" * depth + "]" * depth))
    errors = reject_in_child(path, seconds=5)
    assert len(errors) == 1 and errors[0]["line"] == 8
    assert "nested" in errors[0]["message"]


def test_a_very_long_line_is_refused_with_its_line(tmp_path):
    path = tmp_path / "long.yaml"
    path.write_text("deck: long\ncards:\n" + CARD.format(level="x" * 1_500_000))
    errors = reject_in_child(path, seconds=5)
    assert len(errors) == 1 and errors[0]["line"] == 8
    assert "characters long" in errors[0]["message"]


def test_a_device_file_is_refused_without_reading_forever(tmp_path):
    errors = reject_in_child(Path("/dev/zero"), seconds=5, memory_mb=150)
    assert len(errors) == 1 and "not a regular file" in errors[0]["message"]  # refused before reading


def test_a_fifo_or_device_named_like_a_deck_is_reported_not_waited_on(tmp_path):
    """A FIFO named deck.yaml hung `content check`, `stats` and the app's start."""
    import os
    import threading

    from quizapp.content.deck import load_library

    folder = tmp_path / "decks"
    folder.mkdir()
    os.mkfifo(folder / "pipe.yaml")
    (folder / "zero.yaml").symlink_to("/dev/zero")
    loaded = []
    worker = threading.Thread(target=lambda: loaded.append(load_library([folder])), daemon=True)
    worker.start()
    worker.join(timeout=20)
    assert loaded, "loading the folder waited on the FIFO"
    messages = sorted(f"{Path(e.path).name}: {e.message}" for e in loaded[0].errors)
    assert messages == ["pipe.yaml: cannot read: not a regular file (a FIFO, device or socket)",
                        "zero.yaml: cannot read: not a regular file (a FIFO, device or socket)"]
