"""The start-up content cache: same result as a fresh load, invalidated by edits."""
from __future__ import annotations

import os
import subprocess
import sys

from quizapp.content.cache import CACHE_NAME, load_cached
from quizapp.content.library import load_everything


def ids(result):
    library, exercises = result
    return [c.id for c in library.cards], sorted(exercises), [str(e) for e in library.errors]


def test_cached_load_equals_a_fresh_load(tmp_path, deck_dir):
    (deck_dir / "broken.yaml").write_text("deck: broken\ncards:\n  - id: broken.x\n    kind: nope\n")
    fresh = load_everything([deck_dir])
    first = load_cached([deck_dir], tmp_path / "cache")
    assert (tmp_path / "cache" / CACHE_NAME).exists()
    second = load_cached([deck_dir], tmp_path / "cache")
    assert ids(first) == ids(second) == ids(fresh)
    assert second[0].errors[0].line == 4  # errors survive the round trip with their location


def test_editing_a_deck_invalidates_the_cache(tmp_path, deck_dir):
    load_cached([deck_dir], tmp_path / "cache")
    deck = deck_dir / "demo.yaml"
    text = deck.read_text().replace("What is an ANN?\n    back:", "What is an ANN, really?\n    back:")
    deck.write_text(text)
    stat = deck.stat()
    os.utime(deck, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    library, _ = load_cached([deck_dir], tmp_path / "cache")
    assert library.card("demo.what-is-ann").front == "What is an ANN, really?"


def test_a_damaged_cache_is_ignored(tmp_path, deck_dir):
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / CACHE_NAME).write_bytes(b"not a pickle")
    library, _ = load_cached([deck_dir], tmp_path / "cache")
    assert len(library.cards) == 3


def test_store_import_leaves_pandas_and_numpy_importable():
    code = ("import sys, quizapp.store.database; assert 'pandas' not in sys.modules and 'numpy' not in sys.modules;"
            " import numpy, pandas; print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "ok", out.stderr


def test_a_code_card_for_a_missing_exercise_is_reported_and_left_out(deck_dir):
    (deck_dir / "demo.yaml").write_text((deck_dir / "demo.yaml").read_text() + (
        "  - id: demo.write-it\n    kind: code\n    level: basic\n    source: s\n    exercise: no-such-exercise\n"))
    library, _ = load_everything([deck_dir])
    assert [e.message for e in library.errors] == ["unknown exercise 'no-such-exercise'"]
    assert library.card("demo.write-it") is None and len(library.cards) == 3


class _Plant:
    """A pickle that, when loaded, creates a marker file: what a submission planted."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_a_planted_pickle_is_never_executed(tmp_path, deck_dir):
    import pickle

    marker = tmp_path / "ran"
    (tmp_path / "cache").mkdir()
    for name in (CACHE_NAME, "content-cache.pickle"):  # today's name and the old one
        (tmp_path / "cache" / name).write_bytes(pickle.dumps(_Plant(marker)))
    library, _ = load_cached([deck_dir], tmp_path / "cache")
    assert not marker.exists()
    assert len(library.cards) == 3  # it just meant a fresh load


def test_planted_json_builds_nothing_but_known_data(tmp_path, deck_dir):
    """Valid JSON with a valid key still cannot name another class or bogus fields."""
    import json

    load_cached([deck_dir], tmp_path / "cache")
    cache = tmp_path / "cache" / CACHE_NAME
    key = json.loads(cache.read_text())["@t"][0]
    for result in ({"@": "Popen", "args": ["touch", str(tmp_path / "ran")]},
                   {"@": "QACard", "id": "x", "evil": 1},
                   {"@d": "not pairs"}, {"plain": "object"}):
        cache.write_text(json.dumps({"@t": [key, result]}))
        library, _ = load_cached([deck_dir], tmp_path / "cache")
        assert len(library.cards) == 3 and not (tmp_path / "ran").exists()


def test_a_named_cache_holds_its_own_folders_without_replacing_the_apps(tmp_path, deck_dir, monkeypatch):
    """`quizapp import` reads the decks besides the learner's own through a cache of
    their own: the app's cache of all folders stays valid, and both are read, not parsed."""
    import quizapp.content.cache as cache

    other = tmp_path / "more"
    other.mkdir()
    (other / "more.yaml").write_text((deck_dir / "demo.yaml").read_text().replace("deck: demo", "deck: more")
                                     .replace("demo.", "more."))
    load_cached([deck_dir, other], tmp_path / "cache")
    load_cached([deck_dir], tmp_path / "cache", name="shipped.json")
    parsed = []
    monkeypatch.setattr(cache, "load_everything", lambda paths: parsed.append(paths))
    assert [d.name for d in load_cached([deck_dir, other], tmp_path / "cache")[0].decks] == ["demo", "more"]
    assert [d.name for d in load_cached([deck_dir], tmp_path / "cache", name="shipped.json")[0].decks] == ["demo"]
    assert parsed == []
