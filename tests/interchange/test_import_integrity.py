"""An import lands whole with its card states, or changes nothing; a state cache
left behind its log (an import killed half way) is rebuilt on the next open."""
from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from quizapp.config import Settings
from quizapp.context import Context
from quizapp.interchange.merge import check_row, check_rows
from quizapp.store.database import Store
from quizapp.study.srs import Srs

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
SRS = Srs(Settings(), tz=UTC)


def _row(card_id: str, minutes: float, rating: int = 3, **extra) -> dict:
    return {"uid": uuid.uuid4().hex, "card_id": card_id, "rating": rating,
            "reviewed_at": (T0 + timedelta(minutes=minutes)).isoformat(), **extra}


def _states(store: Store) -> dict:
    return {k: (v.card and v.card.to_dict(), v.reps, v.lapses) for k, v in store.card_states().items()}


def _log_file(tmp_path, rows) -> str:
    path = tmp_path / "log.json"
    path.write_text(json.dumps({"format": "quizapp", "version": 1, "decks": [], "reviews": rows}),
                    encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("when, what", [
    ("9999-12-31T00:00:00+00:00", "reviewed_at"),
    ("1999-12-31T23:00:00+00:00", "reviewed_at"),
])
def test_a_review_time_no_review_can_have_is_refused(when, what):
    row = {**_row("demo.relu", 0), "reviewed_at": when}
    with pytest.raises(ValueError, match=what):
        check_row(row)


def test_a_due_time_beyond_the_longest_interval_is_refused():
    with pytest.raises(ValueError, match="due_after"):
        check_row(_row("demo.relu", 0, due_after="9999-12-31T00:00:00+00:00"))


def test_a_time_slightly_ahead_is_clock_skew_and_accepted():
    now = datetime.now(UTC)
    row = {**_row("demo.relu", 0), "reviewed_at": (now + timedelta(hours=2)).isoformat()}
    assert check_row(row, now)["reviewed_at"].startswith(str((now + timedelta(hours=2)).year))


def test_one_poisoned_row_rejects_the_file_and_later_imports_still_work(tmp_path, deck_dir, cli):
    data = tmp_path / "data"
    poisoned = [_row("demo.relu", 0), {**_row("demo.relu", 1), "reviewed_at": "9999-12-31T00:00:00+00:00"}]
    result = cli(data, "import", _log_file(tmp_path, poisoned), content=deck_dir)
    assert result.returncode == 1 and "reviews[1]: reviewed_at" in result.stderr
    assert "nothing was written" in result.stderr
    with Store.in_data_dir(data) as store:
        assert store.reviews() == []
    result = cli(data, "import", _log_file(tmp_path, [_row("demo.relu", 0)]), content=deck_dir)
    assert result.returncode == 0, result.stderr
    assert "merged 1 new reviews" in result.stdout


def test_a_merge_in_several_batches_leaves_states_equal_to_a_full_replay(tmp_path):
    with Store.open(tmp_path / "q.db") as store:
        store.record_review("demo.relu", 3, T0 - timedelta(days=3), SRS)
        rows = [check_row(_row(card, m, rating)) for card, m, rating in [
            ("demo.relu", 10, 3), ("demo.relu", 60 * 24 * 3, 1), ("demo.sigmoid", 5, 4),
            ("demo.sigmoid", 60 * 24 * 9, 3), ("demo.what-is-ann", 1, 2)]]
        assert store.merge_reviews(rows, SRS, batch=2) == 5
        assert not store.states_behind()
        merged = _states(store)
        assert merged["demo.relu"][1] == 3
        store.rebuild_states(SRS)
        assert _states(store) == merged
        assert store.merge_reviews(rows, SRS, batch=2) == 0  # idempotent


def test_answers_undo_and_reset_keep_the_states_mark_current(tmp_path):
    with Store.open(tmp_path / "q.db") as store:
        assert not store.states_behind()  # a new file
        store.record_review("demo.relu", 3, T0, SRS)
        store.record_review("demo.sigmoid", 3, T0, SRS)
        assert not store.states_behind()
        store.resets.reset_card("demo.relu", T0 + timedelta(minutes=1))
        assert not store.states_behind()
        last = store.record_review("demo.relu", 4, T0 + timedelta(minutes=2), SRS)
        store.undo_review(last.uid)
        assert not store.states_behind()


def _insert_without_states(path, rows) -> None:
    """What an import killed after its first batch (or an older quizapp) leaves behind."""
    with sqlite3.connect(path) as db:
        db.executemany("INSERT INTO reviews (uid, card_id, rating, reviewed_at) VALUES (?, ?, ?, ?)",
                       [(r["uid"], r["card_id"], r["rating"], r["reviewed_at"]) for r in rows])


def test_states_behind_the_log_are_rebuilt_on_open(tmp_path, deck_dir):
    ctx = Context(data_dir=tmp_path / "data", content_dirs=[deck_dir], settings=Settings())
    with ctx.open_store() as store:
        store.record_review("demo.relu", 3, T0, SRS)
    rows = check_rows([_row("demo.relu", 60 * 24 * 2, 1), _row("demo.sigmoid", 3)], "test")
    _insert_without_states(ctx.db_path, rows)
    with Store.open(ctx.db_path) as store:
        assert store.states_behind()
        assert store.card_state("demo.sigmoid").state == 0  # stale: the cache missed it
    with ctx.open_store() as store:
        assert not store.states_behind()
        repaired = _states(store)
        assert repaired["demo.relu"][1] == 2 and repaired["demo.relu"][2] == 0
        assert repaired["demo.sigmoid"][1] == 1
        store.rebuild_states(Srs(Settings()))
        assert _states(store) == repaired


def test_an_answer_while_states_are_behind_does_not_mark_them_current(tmp_path):
    path = tmp_path / "q.db"
    with Store.open(path) as store:
        store.record_review("demo.relu", 3, T0, SRS)
    _insert_without_states(path, check_rows([_row("demo.sigmoid", 3)], "test"))
    with Store.open(path) as store:
        store.record_review("demo.relu", 3, T0 + timedelta(days=2), SRS)
        assert store.states_behind()  # demo.sigmoid's review is still missing from the states
