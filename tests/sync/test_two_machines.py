"""Two machines studying the same cards offline, syncing through one folder in
either order: the same log and the same card states on both, nothing lost or doubled."""
from __future__ import annotations

import pytest

from quizapp.config import Settings
from quizapp.study.srs import Srs
from sync.machines import Machine, at


@pytest.fixture
def pair(tmp_path):
    folder = tmp_path / "Sync"
    folder.mkdir()
    return Machine(tmp_path, "a", folder), Machine(tmp_path, "b", folder)


def _study_offline(a: Machine, b: Machine) -> None:
    a.review("demo.relu", 3, at(0))
    a.review("demo.what-is-ann", 1, at(1))
    a.review("demo.relu", 3, at(days=1))
    a.flags("demo.what-is-ann", at(2), suspended=True)
    b.review("demo.relu", 4, at(30))
    b.review("demo.sigmoid", 3, at(31))
    b.flags("demo.relu", at(32), flag=2)
    b.flags("demo.sigmoid", at(33), buried_until=at(days=1))


@pytest.mark.parametrize("first", ["a", "b"])
def test_both_orders_give_identical_states_and_the_union_of_the_logs(pair, first):
    a, b = pair
    _study_offline(a, b)
    log_a, log_b = a.log(), b.log()
    assert not set(log_a) & set(log_b)
    x, y = (a, b) if first == "a" else (b, a)

    x.sync()
    y.sync()  # y now has both
    x.sync()  # and x too

    assert a.log() == b.log() == {**log_a, **log_b}  # no review lost or doubled
    assert a.states() == b.states()
    states = a.states()
    assert states["demo.relu"][1] == 3  # a's two answers and b's one, replayed in time order
    assert states["demo.relu"][5] == 2  # b's flag
    assert states["demo.what-is-ann"][3] is True  # a's suspend
    assert states["demo.sigmoid"][4] == at(days=1)  # b's bury

    with a.store() as store:  # the states are exactly a replay of the merged log
        store.rebuild_states(Srs(Settings()))
    assert a.states() == states


def test_answers_on_both_sides_of_a_sync_keep_converging(pair):
    a, b = pair
    _study_offline(a, b)
    a.sync(), b.sync(), a.sync()
    a.review("demo.sigmoid", 1, at(days=2))
    b.review("demo.sigmoid", 3, at(days=2, minutes=5))  # b had not seen a's answer yet
    b.review("demo.what-is-ann", 3, at(days=3))
    b.sync(), a.sync(), b.sync()
    assert a.log() == b.log()
    assert a.states() == b.states()
    assert a.states()["demo.sigmoid"][1] == 3


def test_syncing_again_changes_nothing(pair):
    a, b = pair
    _study_offline(a, b)
    a.sync(), b.sync(), a.sync()
    files = {p.name: p.read_bytes() for p in a.folder.iterdir()}
    before = (a.log(), a.states(), b.log(), b.states())
    for machine in (a, b, a, b):
        result = machine.sync()
        assert (result.new_reviews, result.new_flag_events, result.sent) == (0, 0, 0)
        assert len(result.machines) == 1
    assert {p.name: p.read_bytes() for p in a.folder.iterdir()} == files
    assert (a.log(), a.states(), b.log(), b.states()) == before


def test_each_machine_only_appends_to_its_own_file(pair):
    a, b = pair
    seen: dict = {}

    def check_growth():
        for path in a.folder.iterdir():
            data = path.read_bytes()
            assert data.startswith(seen.get(path.name, b"")), f"{path.name} was rewritten"
            seen[path.name] = data

    for day in range(4):
        a.review("demo.relu", 3, at(days=day))
        b.review("demo.sigmoid", 3, at(days=day, minutes=1))
        b.flags("demo.relu", at(days=day, minutes=2), flag=day % 5)
        writer = a if day % 2 else b
        before = {p.name: p.stat().st_mtime_ns for p in a.folder.iterdir()}
        writer.sync()
        check_growth()
        changed = {p.name for p in a.folder.iterdir() if before.get(p.name) != p.stat().st_mtime_ns}
        assert changed <= {writer.own_file.name}  # the other machine's file is only read
    assert len(list(a.folder.iterdir())) == 2
    assert a.own_file != b.own_file


def test_the_machine_id_is_made_once_and_kept(pair):
    a, _ = pair
    a.sync()
    first = (a.data / "machine-id").read_text()
    a.sync()
    assert (a.data / "machine-id").read_text() == first
    assert a.own_file.name == f"quizapp-sync-{first.strip()}.jsonl"


def test_a_damaged_machine_id_is_kept_aside_and_the_sync_says_so(pair):
    """A new id makes this machine's old sync file look like another machine's: say why."""
    a, _ = pair
    a.data.mkdir(parents=True, exist_ok=True)
    (a.data / "machine-id").write_text("Not An Id!\n")
    result = a.sync()
    made = (a.data / "machine-id").read_text().strip()
    assert made != "Not An Id!" and (a.data / "machine-id.damaged").read_text() == "Not An Id!\n"
    assert f"{a.data / 'machine-id'} was damaged: kept as {a.data / 'machine-id.damaged'}; this machine" \
           f" syncs as {made} from now on" in result.problems
    assert a.sync().problems == []  # said once
