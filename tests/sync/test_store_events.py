"""The store side of sync: card_events written with each flag change, the v4 migration's
baseline events (after a backup copy), and the flag replay by time, resets included."""
from __future__ import annotations

import sqlite3

from quizapp.store.database import Store
from quizapp.store.migrations import migrate
from sync.machines import at


def _iso(moment) -> str:
    return moment.isoformat(timespec="microseconds")


def test_each_flag_change_appends_one_event_in_its_transaction(store):
    store.set_flags("demo.relu", suspended=True, at=at(1))
    store.set_flags("demo.relu", flag=3, buried_until=at(days=1), at=at(2))
    store.set_flags("demo.relu", buried_until=None, at=at(3))
    assert [(e["at"], e["changes"]) for e in store.events.card_events()] == [
        (_iso(at(1)), {"suspended": True}),
        (_iso(at(2)), {"flag": 3, "buried_until": _iso(at(days=1))}),
        (_iso(at(3)), {"buried_until": None}),
    ]
    assert len({e["uid"] for e in store.events.card_events()}) == 3


def test_merged_events_replay_by_time_not_by_arrival(store):
    store.set_flags("demo.relu", flag=1, at=at(10))
    new = store.events.merge_card_events([
        {"uid": "late", "card_id": "demo.relu", "at": at(20).isoformat(), "changes": {"flag": 4}},
        {"uid": "early", "card_id": "demo.relu", "at": at(5).isoformat(), "changes": {"flag": 2, "suspended": True}},
    ])
    assert [e["uid"] for e in new] == ["late", "early"]
    state = store.card_state("demo.relu")
    assert (state.flag, state.suspended) == (4, True)
    assert store.events.merge_card_events(new) == []  # by uid: a second merge adds nothing


def test_the_v4_migration_backs_up_and_turns_existing_flags_into_baseline_events(tmp_path):
    path = tmp_path / "quizapp.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=3)
    conn.execute("INSERT INTO card_state (card_id, suspended, flag, leech) VALUES ('demo.relu', 1, 2, 1)")
    conn.execute("INSERT INTO card_state (card_id) VALUES ('demo.plain')")
    conn.close()
    with Store.open(path) as store:
        assert store.backup == tmp_path / "quizapp.db.bak-v3"
        (event,) = store.events.card_events()
        assert event["card_id"] == "demo.relu" and event["at"].startswith("2000-01-01")
        assert event["changes"] == {"suspended": True, "flag": 2, "leech": True}
        state = store.card_state("demo.relu")
        assert state.suspended and state.flag == 2  # unchanged by the migration
        store.set_flags("demo.relu", flag=0, at=at(0))  # any recorded change beats the baseline
        assert store.events.settle_flags(["demo.relu"]) == 0
        assert store.card_state("demo.relu").flag == 0
