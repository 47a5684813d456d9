"""Worked numeric examples kept in the cache folder: the same as solving, reused
without torch, solved again when the card changes, and a failure or a damaged or
forged file only means solving afresh."""
from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from quizapp.content.cards import NumericCard
from quizapp.content.deck import load_library
from quizapp.interchange import numeric
from quizapp.study import review

SOLVE = numeric.solve  # the uncached answer to compare with


@pytest.fixture
def cards(deck_dir) -> list[NumericCard]:
    """The demo deck's fixed and random numeric cards."""
    found = [card for card in load_library([deck_dir]).cards if isinstance(card, NumericCard)]
    assert [card.random for card in found] == [False, True]
    return found


@pytest.fixture
def cache(tmp_path) -> Path:
    return tmp_path / "worked"


@pytest.fixture
def solved(monkeypatch) -> list[str]:
    """The ids of the cards :func:`numeric.solve` is called for from now on."""
    calls: list[str] = []
    monkeypatch.setattr(numeric, "solve", lambda card, device="cpu": calls.append(card.id) or SOLVE(card, device))
    return calls


def test_a_kept_example_is_the_solved_one_and_is_read_back_without_solving(cards, cache, solved):
    fresh = [SOLVE(card) for card in cards]
    first = [numeric.worked_example(card, cache_dir=cache) for card in cards]
    assert solved == [card.id for card in cards]
    again = [numeric.worked_example(card, cache_dir=cache) for card in cards]
    assert solved == [card.id for card in cards]  # read, not solved again
    assert first == again == fresh and all(example.answer for example in again)
    assert sorted(path.name for path in cache.iterdir()) == sorted(f"{card.id}.json" for card in cards)


def test_a_changed_card_is_solved_again(cards, cache, solved):
    card = cards[0]
    numeric.worked_example(card, cache_dir=cache)
    bigger = dataclasses.replace(card, params={**card.params, "h": 64})
    assert numeric.worked_example(bigger, cache_dir=cache) == SOLVE(bigger)
    assert numeric.worked_example(card, cache_dir=cache).answer != SOLVE(bigger).answer
    assert solved == [card.id] * 3  # it, the changed card, then it again: one file per card id


def test_an_engine_that_fails_is_not_kept(cards, cache, solved, monkeypatch):
    """As when torch cannot be loaded: the export says the answer was not computed, and
    the next export tries again instead of reading the failure back."""

    def fails(prompt, device="cpu"):
        raise RuntimeError("torch could not be loaded")

    monkeypatch.setattr(review, "solve_numeric", fails)
    for _ in range(2):
        example = numeric.worked_example(cards[0], cache_dir=cache)
        assert example.answer is None and example.error == "RuntimeError: torch could not be loaded"
    assert solved == [cards[0].id] * 2 and not cache.exists()


def test_damaged_or_forged_files_are_solved_afresh(cards, cache, solved):
    card = cards[0]
    right = numeric.worked_example(card, cache_dir=cache)
    file = cache / f"{card.id}.json"
    key, stored = json.loads(file.read_text(encoding="utf-8"))
    forged = [
        "not json",
        json.dumps([key, {**stored, "answer": {"@d": []}}]),  # a dict where the answer text goes
        json.dumps([key, {**stored, "steps": [1, 2]}]),
        json.dumps([key, {**stored, "error": "was broken"}]),
        json.dumps([key, {"@": "Popen", "args": ["true"]}]),
        json.dumps(["other key", stored]),
    ]
    for text in forged:
        file.write_text(text, encoding="utf-8")
        assert numeric.worked_example(card, cache_dir=cache) == right, text
    assert solved == [card.id] * (1 + len(forged))


def test_an_export_in_a_new_process_reads_them_and_imports_no_torch(cards, deck_dir, tmp_path):
    """What the cache is for: once the examples are kept (here by this process, as a first
    export keeps them), an export in a fresh process only reads them."""
    kept = [numeric.worked_example(card, cache_dir=tmp_path / "cache" / "quizapp" / "worked") for card in cards]
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    command = [sys.executable, "-X", "importtime", "-m", "quizapp", "--data-dir", str(tmp_path / "data"),
               "--content", str(deck_dir), "export", "--format", "csv", "-o", str(tmp_path / "out.csv"), "demo"]
    run = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    assert not any(line.endswith("| torch") for line in run.stderr.splitlines())
    exported = Path(tmp_path / "out.csv").read_text(encoding="utf-8")
    assert all(example.answer in exported for example in kept)
