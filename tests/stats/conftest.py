"""The hand-counted history of ``history.py`` in a real store, with its cards."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from quizapp.content.deck import load_library
from quizapp.store.database import Store

from .history import write_history


@dataclass
class History:
    store: Store
    cards: list


@pytest.fixture
def history(tmp_path, deck_dir) -> History:
    store = Store.open(tmp_path / "data" / "quizapp.db")
    write_history(deck_dir, store)
    library = load_library([deck_dir])
    assert not library.errors, library.errors
    yield History(store, list(library.cards))
    store.close()
