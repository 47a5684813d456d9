"""A content file is parsed once per process while its bytes stay the same."""
from __future__ import annotations

import os
import threading

import quizapp.content.yamlsource as yamlsource
from quizapp.content import file_memo
from quizapp.content.deck import load_deck, load_library
from quizapp.grading.exercises import load_exercises
from quizapp.paths import builtin_content_dir


def counting_parses(monkeypatch) -> list:
    """Every YAML parse from now on, by path."""
    parsed: list = []
    real = yamlsource.load_yaml_with_warnings

    def counted(path):
        parsed.append(path)
        return real(path)

    monkeypatch.setattr(yamlsource, "load_yaml_with_warnings", counted)
    return parsed


def test_an_unchanged_deck_is_not_parsed_again_and_the_same_deck_comes_back(deck_dir, monkeypatch):
    first, errors = load_deck(deck_dir / "demo.yaml")
    parsed = counting_parses(monkeypatch)
    again, again_errors = load_deck(deck_dir / "demo.yaml")
    assert again is first and errors == again_errors == [] and parsed == []
    again_errors.append("a caller's own list")  # callers get a list of their own
    assert load_deck(deck_dir / "demo.yaml")[1] == []


def front(deck, card_id: str) -> str:
    return next(c.front for c in deck.cards if c.id == card_id)


def test_an_edit_within_the_same_clock_tick_is_seen(deck_dir):
    """Same size, same modification time: only the bytes tell the versions apart."""
    deck = deck_dir / "demo.yaml"
    assert front(load_deck(deck)[0], "demo.what-is-ann") == "What is an ANN?"
    info = deck.stat()
    text = deck.read_text(encoding="utf-8")
    deck.write_text(text.replace("What is an ANN?", "What is an RNN?"), encoding="utf-8")
    os.utime(deck, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert deck.stat().st_size == info.st_size and deck.stat().st_mtime_ns == info.st_mtime_ns
    assert front(load_deck(deck)[0], "demo.what-is-ann") == "What is an RNN?"


def test_a_broken_deck_keeps_its_errors_and_a_fixed_one_loads(deck_dir):
    deck = deck_dir / "demo.yaml"
    good = deck.read_text(encoding="utf-8")
    deck.write_text(good.replace("kind: qa", "kind: nope", 1), encoding="utf-8")
    for _ in range(2):  # parsed, then kept: the same errors both times
        loaded, errors = load_deck(deck)
        assert loaded is None and [e.line for e in errors] == [5]
    deck.write_text(good, encoding="utf-8")
    assert load_deck(deck)[0] is not None


def test_the_built_in_library_loaded_twice_parses_each_file_once(monkeypatch):
    """What the app does after a card edit, and ``quizapp import`` besides the app's load."""
    content = builtin_content_dir()
    load_library([content])
    load_exercises([content / "exercises"])
    parsed = counting_parses(monkeypatch)
    library = load_library([content])
    exercises, errors = load_exercises([content / "exercises"])
    assert parsed == [] and library.errors == [] and errors == []
    assert len(library.cards) >= 300 and len(exercises) >= 24


def test_a_fifo_is_never_opened_for_its_digest(tmp_path):
    """Opening a FIFO blocks until someone writes: the memo must not be the one waiting."""
    fifo = tmp_path / "deck.yaml"
    os.mkfifo(fifo)
    result: list = []
    probe = threading.Thread(target=lambda: result.append(file_memo._digest(fifo)), daemon=True)
    probe.start()
    probe.join(timeout=10)
    assert result == [None]
