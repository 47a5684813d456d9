"""What a sync tool may hand over: a file half-copied, truncated, damaged or from a
newer quizapp. Reading stops at the first line that does not verify, keeps what came
before, and picks up the rest once the file is whole."""
from __future__ import annotations

import json
import shutil

import pytest

from quizapp.interchange.syncfile import encode, read_sync_file
from sync.machines import Machine, at


@pytest.fixture
def pair(tmp_path):
    (tmp_path / "A-side").mkdir()
    (tmp_path / "B-side").mkdir()
    return Machine(tmp_path, "a", tmp_path / "A-side"), Machine(tmp_path, "b", tmp_path / "B-side")


def _a_with_reviews(a: Machine, n: int = 4) -> list[bytes]:
    for i in range(n):
        a.review("demo.relu" if i % 2 else "demo.sigmoid", 3, at(days=i))
    assert a.sync().sent == n
    lines = a.own_file.read_bytes().splitlines(keepends=True)
    assert len(lines) == n + 1  # the header, then one line per review
    return lines


@pytest.mark.parametrize("damage", ["cut mid-line", "no final newline", "flipped byte"])
def test_a_damaged_file_is_read_up_to_the_damage_then_whole_once_complete(pair, damage):
    a, b = pair
    lines = _a_with_reviews(a)
    copy = b.folder / a.own_file.name
    if damage == "cut mid-line":
        copy.write_bytes(b"".join(lines[:3]) + lines[3][: len(lines[3]) // 2])
    elif damage == "no final newline":  # the line parses and verifies, but may still grow
        copy.write_bytes(b"".join(lines[:3]) + lines[3].rstrip(b"\n"))
    else:
        broken = bytearray(lines[3])
        broken[broken.index(b'"rating":3') + 9] = ord("4")
        copy.write_bytes(b"".join(lines[:3]) + bytes(broken) + b"".join(lines[4:]))

    result = b.sync()
    assert result.new_reviews == 2  # lines 2 and 3
    assert len(result.problems) == 1 and "line 4 is incomplete or damaged" in result.problems[0]
    assert len(b.log()) == 2
    assert result.sent == 0  # a's reviews are a's to send, not b's

    shutil.copyfile(a.own_file, copy)  # the sync tool finishes
    result = b.sync()
    assert (result.new_reviews, result.problems) == (2, [])
    assert b.log() == a.log()
    assert b.states() == a.states()
    assert json.loads(b.own_file.read_bytes().splitlines()[0])["event"]["type"] == "machine"


def test_our_own_unfinished_line_is_cut_and_its_events_written_again(pair):
    a, _ = pair
    lines = _a_with_reviews(a, 2)
    with a.own_file.open("ab") as f:  # a crash of ours half way through an append
        f.write(lines[1][:20])
    a.review("demo.relu", 2, at(days=9))
    result = a.sync()
    assert result.sent == 1 and any("cut an unfinished last line" in p for p in result.problems)
    data = a.own_file.read_bytes()
    assert data.startswith(b"".join(lines))
    parsed = read_sync_file(a.own_file, "a")
    assert parsed.complete and len(parsed.events) == 4


def test_events_this_quizapp_cannot_use_are_skipped_and_the_rest_read(pair):
    a, b = pair
    lines = _a_with_reviews(a, 2)
    odd = [encode({"type": "review", "uid": "x1", "card_id": "demo.relu", "rating": 3,
                   "reviewed_at": "9999-12-31T00:00:00+00:00"}),
           encode({"type": "something-new", "uid": "x2"}),
           encode({"type": "flags", "uid": "x3", "card_id": "demo.relu", "at": at(5).isoformat(),
                   "changes": {"flag": 9}})]
    (b.folder / a.own_file.name).write_bytes(lines[0] + odd[0] + odd[1] + odd[2] + b"".join(lines[1:]))
    result = b.sync()
    assert result.new_reviews == 2
    assert result.invalid == 2  # the unknown type is for a newer quizapp: not counted, not an error
    assert b.state("demo.relu")[0].flag == 0


def test_a_file_of_a_newer_format_is_left_alone(pair):
    _, b = pair
    header = encode({"type": "machine", "machine": "zzz", "format": 99})
    review = encode({"type": "review", "uid": "u1", "card_id": "demo.relu", "rating": 3,
                     "reviewed_at": at(0).isoformat()})
    (b.folder / "quizapp-sync-zzz.jsonl").write_bytes(header + review)
    result = b.sync()
    assert result.new_reviews == 0 and "newer quizapp" in result.problems[0]


def test_other_files_in_the_folder_are_ignored(pair):
    _, b = pair
    (b.folder / "notes.jsonl").write_text("not ours\n")
    (b.folder / ".syncthing.quizapp-sync-x.jsonl.tmp").write_text("partial\n")
    result = b.sync()
    assert result.machines == [] and result.problems == []
