"""Where things live: the data dir (database) and config dir, from platformdirs."""
from __future__ import annotations

import os
from pathlib import Path

APP = "quizapp"


def data_dir(override: str | None = None) -> Path:
    """``--data-dir``, then ``QUIZAPP_DATA_DIR``, then the platform's user data dir."""
    chosen = override or os.environ.get("QUIZAPP_DATA_DIR")
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP, appauthor=False)


DB_NAME = "quizapp.db"


def database_file(data_dir: Path | str) -> Path:
    """The review database inside a data dir."""
    return Path(data_dir) / DB_NAME


def unsaved_answers_file(data_dir: Path) -> Path:
    """Answers the database could not take yet (see :mod:`quizapp.study.unsaved`)."""
    return Path(data_dir) / "unsaved-answers.json"


def user_deck_dir(data_dir: Path) -> Path:
    """Where ``quizapp import`` writes decks; loaded like any deck folder."""
    return Path(data_dir) / "decks"


def config_file() -> Path:
    """``QUIZAPP_CONFIG`` or ``config.toml`` in the platform's user config dir."""
    chosen = os.environ.get("QUIZAPP_CONFIG")
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_config_path

    return user_config_path(APP, appauthor=False) / "config.toml"


def builtin_content_dir() -> Path:
    """The decks shipped inside the install (``content/`` in a checkout).

    An install maps ``content/`` to ``quizapp._content``, a data-only
    namespace package, so its folder comes from the import spec (resources'
    ``files()`` would give a MultiplexedPath). Running from a source checkout
    (``python -m quizapp`` in the repo) finds no such package: fall back to
    the checkout's ``content/``.
    """
    import importlib.util

    try:
        spec = importlib.util.find_spec("quizapp._content")
    except ModuleNotFoundError:
        spec = None
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return Path(__file__).resolve().parent.parent / "content"
