"""write_atomically: the file holds the old data or the new, never a part, and no temp is left."""
from __future__ import annotations

import os
import threading

import pytest

from quizapp.atomic_file import write_atomically


def test_a_failed_write_leaves_the_old_file_and_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "settings.toml"
    write_atomically(target, "old = 1\n")

    def full_disk(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError):
        write_atomically(target, "new = 2\n", durable=True)
    assert target.read_text() == "old = 1\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["settings.toml"]


def test_writers_racing_on_one_file_each_leave_a_whole_file(tmp_path):
    """Temp names are unique, so two threads never write into one temp file."""
    target = tmp_path / "answers.json"
    payloads = [str(n) * 200_000 for n in range(8)]
    threads = [threading.Thread(target=write_atomically, args=(target, p)) for p in payloads]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert target.read_text() in payloads
    assert [p.name for p in tmp_path.iterdir()] == ["answers.json"]


def test_bytes_and_a_missing_folder(tmp_path):
    target = tmp_path / "new" / "history.jsonl"
    write_atomically(target, b"\x00\xff")
    assert target.read_bytes() == b"\x00\xff"


def test_a_symlinked_file_is_written_where_the_link_points_and_the_link_stays(tmp_path):
    """A config.toml or deck linked from a dotfiles folder stayed a link: the rename replaced
    the link by a file of its own and left the linked file as it was."""
    real = tmp_path / "dotfiles" / "config.toml"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "config" / "config.toml"
    link.parent.mkdir()
    link.symlink_to(real)
    write_atomically(link, "new")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in link.parent.iterdir()) == ["config.toml"]


def test_a_replaced_file_keeps_its_mode_and_a_new_one_gets_the_umasks(tmp_path):
    """`quizapp plan --date` turned a 644 config.toml into 600 (the temp file's mode)."""
    kept = tmp_path / "config.toml"
    kept.write_text("old", encoding="utf-8")
    kept.chmod(0o644)
    write_atomically(kept, "new")
    assert kept.stat().st_mode & 0o777 == 0o644
    umask = os.umask(0o022)
    try:
        write_atomically(tmp_path / "fresh.toml", "x")
    finally:
        os.umask(umask)
    assert (tmp_path / "fresh.toml").stat().st_mode & 0o777 == 0o644
