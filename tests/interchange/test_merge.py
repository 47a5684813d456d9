"""Merging review logs between two data dirs: union by uid, idempotent, states rebuilt."""
from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from quizapp.config import Settings
from quizapp.interchange.merge import check_row
from quizapp.store.database import Store
from quizapp.study.srs import Srs

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def _study(data_dir, answers) -> None:
    """Record ``(card_id, rating, minutes after T0)`` answers in ``data_dir``'s store."""
    srs = Srs(Settings())
    with Store.in_data_dir(data_dir) as store:
        for card_id, rating, minutes in answers:
            store.record_review(card_id, rating, T0 + timedelta(minutes=minutes), srs,
                                duration_ms=4000, answer="x", correct=rating > 1, kind="qa")


def _snapshot(data_dir):
    """Everything a merge may change: the log (by uid, without local row ids) and card states."""
    with Store.in_data_dir(data_dir) as store:
        log = {r["uid"]: {k: v for k, v in r.items() if k != "id"} for r in store.reviews()}
        states = {k: (v.card and v.card.to_dict(), v.reps, v.lapses) for k, v in store.card_states().items()}
    return log, states


def test_two_machines_merge_to_the_union_and_a_second_import_changes_nothing(tmp_path, deck_dir, cli):
    a, b = tmp_path / "a", tmp_path / "b"
    _study(a, [("demo.relu", 3, 0), ("demo.what-is-ann", 1, 1), ("demo.relu", 3, 60 * 24)])
    _study(b, [("demo.relu", 4, 30), ("demo.sigmoid", 3, 31)])
    log_a, _ = _snapshot(a)
    log_b, _ = _snapshot(b)

    exported = tmp_path / "a.json"
    result = cli(a, "export", "-o", exported, content=deck_dir)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(exported.read_text(encoding="utf-8"))["reviews"]) == 3

    result = cli(b, "import", exported, content=deck_dir)
    assert result.returncode == 0, result.stderr
    assert "merged 3 new reviews (0 already present)" in result.stdout
    merged_log, merged_states = _snapshot(b)
    assert merged_log == {**log_a, **log_b}
    assert merged_states["demo.relu"][1] == 3  # A's two answers and B's one, replayed together

    result = cli(b, "import", exported, content=deck_dir)
    assert "merged 0 new reviews (3 already present)" in result.stdout
    assert _snapshot(b) == (merged_log, merged_states)

    with Store.in_data_dir(b) as store:  # the states are exactly a replay of the merged log
        store.rebuild_states(Srs(Settings()))
    assert _snapshot(b) == (merged_log, merged_states)

    back = tmp_path / "b.json"
    assert cli(b, "export", "-o", back, content=deck_dir).returncode == 0
    result = cli(a, "import", back, content=deck_dir)
    assert "merged 2 new reviews (3 already present)" in result.stdout
    assert _snapshot(a) == _snapshot(b)  # both machines now agree on log and schedule


def test_store_merge_reviews_skips_known_uids(tmp_path):
    _study(tmp_path, [("demo.relu", 3, 0)])
    with Store.in_data_dir(tmp_path) as store:
        own = check_row({k: v for k, v in store.reviews()[0].items() if k != "id"})
        foreign = {**own, "uid": "foreign-1", "reviewed_at": "2024-05-02T12:00:00+02:00"}
        assert store.merge_reviews([own, check_row(foreign)], Srs(Settings())) == 1
        rows = store.reviews()
    assert [r["uid"] for r in rows][1] == "foreign-1"
    assert rows[1]["reviewed_at"] == "2024-05-02T10:00:00.000000+00:00"  # stored as fixed-width UTC
