"""What the Store's mixins use of it, declared once for the type checker."""
from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from quizapp.study.srs import CardState

T = TypeVar("T")


class StoreCore:
    """Base of :class:`~quizapp.store.database.Store` and of the mixins it is made of
    (:mod:`~quizapp.store.queries`, :mod:`~quizapp.store.resets`, ...): the open
    connection, its file, and the read and write helpers. The Store defines them;
    here they are only declared, so a mixin's use of them is checked."""

    conn: sqlite3.Connection
    path: Path

    if TYPE_CHECKING:
        def _read(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]: ...

        def _write(self, fn: Callable[[sqlite3.Connection], T], *, in_step: bool = False) -> T: ...

        @staticmethod
        def _state_in(conn: sqlite3.Connection, card_id: str) -> CardState | None: ...
