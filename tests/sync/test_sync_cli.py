"""`quizapp sync DIR`: one summary line, warnings on stderr, exit 2 for a missing
folder; the sync_dir setting as the default folder and on the TUI's start and quit."""
from __future__ import annotations

import json

from quizapp.config import Settings, update_settings
from quizapp.store.database import Store
from quizapp.study.srs import Srs
from sync.machines import at


def _answer(data_dir, card_id="demo.relu"):
    with Store.in_data_dir(data_dir) as store:
        store.record_review(card_id, 3, at(0), Srs(Settings()))


def test_sync_prints_one_line_and_a_second_machine_gets_the_reviews(tmp_path, quizapp_cli, deck_dir):
    folder = tmp_path / "Dropbox" / "quizapp"
    folder.mkdir(parents=True)
    _answer(tmp_path / "a")
    done = quizapp_cli("sync", folder, data_dir=tmp_path / "a", content=deck_dir)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (f"synced with 0 other machines through {folder}: got 0 review(s) and"
                           " 0 flag change(s), sent 1 event(s)\n")
    assert done.stderr == ""
    done = quizapp_cli("sync", folder, "--json", data_dir=tmp_path / "b", content=deck_dir)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["received"] == {"reviews": 1, "flag_events": 0} and data["sent"] == 0
    assert len(data["machines"]) == 1 and data["problems"] == []
    with Store.in_data_dir(tmp_path / "b") as store:
        assert store.card_state("demo.relu").reps == 1


def test_a_missing_folder_is_a_usage_error(tmp_path, quizapp_cli):
    done = quizapp_cli("sync", tmp_path / "not-there", data_dir=tmp_path / "a")
    assert done.returncode == 2
    missing = tmp_path / "not-there"
    assert done.stderr == f"quizapp: {missing}: no such folder (sync needs a folder that already exists)\n"
    assert not (tmp_path / "not-there").exists()


def test_no_folder_given_nor_set_is_a_usage_error(tmp_path, quizapp_cli):
    done = quizapp_cli("sync", "--json", data_dir=tmp_path / "a")
    assert done.returncode == 2
    assert "sync needs a folder" in json.loads(done.stdout)["error"]


def test_the_sync_dir_setting_is_the_default_folder(tmp_path, quizapp_cli):
    folder = tmp_path / "shared"
    folder.mkdir()
    config = tmp_path / "config.toml"
    update_settings(config, "setting the folder", sync_dir=str(folder))
    _answer(tmp_path / "a")
    done = quizapp_cli("sync", data_dir=tmp_path / "a", env={"QUIZAPP_CONFIG": str(config)})
    assert done.returncode == 0, done.stderr
    assert "sent 1 event(s)" in done.stdout


def test_a_half_copied_file_is_a_warning_not_a_failure(tmp_path, quizapp_cli):
    folder = tmp_path / "shared"
    folder.mkdir()
    (folder / "quizapp-sync-other-0123456789ab.jsonl").write_text('{"sum": "00", "event": {"ty')
    done = quizapp_cli("sync", folder, data_dir=tmp_path / "a")
    assert done.returncode == 0
    assert "line 1 is incomplete or damaged" in done.stderr and done.stderr.count("\n") == 1
    assert "synced with 1 other machine " in done.stdout


def test_a_file_that_cannot_be_written_is_one_line_and_exit_1(tmp_path, quizapp_cli):
    folder = tmp_path / "shared"
    folder.mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "machine-id").write_text("here-0123456789ab\n")
    (folder / "quizapp-sync-here-0123456789ab.jsonl").mkdir()  # in the way of this machine's file
    done = quizapp_cli("sync", folder, data_dir=tmp_path / "a")
    assert done.returncode == 1
    assert done.stderr.startswith("quizapp: ") and "cannot sync" in done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


class AppThatQuitsAtOnce:
    """In place of the TUI where only the sync lines around its run are tested."""

    unsaved = ()
    return_code = 0

    def __init__(self, *a, **kw):
        pass

    def run(self):
        pass


def test_the_tui_syncs_before_it_starts_and_after_it_quits(tmp_path, ctx, monkeypatch, capsys):
    from dataclasses import replace

    from quizapp.commands import home

    folder = tmp_path / "shared"
    folder.mkdir()
    ctx.settings = replace(ctx.settings, sync_dir=str(folder))
    calls = []

    class FakeApp:
        unsaved = ()
        return_code = 0

        def __init__(self, ctx, library, store, **kw):
            self.ctx = ctx
            calls.append(("start", sorted(p.name for p in folder.iterdir())))
            store.record_review("demo.relu", 3, at(0), Srs(ctx.settings))

        def run(self):
            pass

    monkeypatch.setattr("quizapp.tui.app.QuizApp", FakeApp)
    assert home.launch(ctx) == 0
    assert len(calls[0][1]) == 1  # this machine's file was there before the app began
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and all(line.startswith("quizapp: synced with 0 other machines") for line in err)
    assert err[1].endswith("sent 1 event(s)")  # the answer given in the session left on quit


def test_the_tuis_sync_says_each_problem_in_full(tmp_path, ctx, monkeypatch, capsys):
    """A damaged machine-id is said once, by the sync that set it aside: a count with
    "run quizapp sync to see them" pointed to a command that no longer shows it."""
    from dataclasses import replace

    from quizapp.commands import home

    folder = tmp_path / "shared"
    folder.mkdir()
    ctx.data_dir.mkdir(parents=True, exist_ok=True)
    (ctx.data_dir / "machine-id").write_text("Not An Id!\n")
    ctx.settings = replace(ctx.settings, sync_dir=str(folder))

    monkeypatch.setattr("quizapp.tui.app.QuizApp", AppThatQuitsAtOnce)
    assert home.launch(ctx) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[1].startswith(f"quizapp: sync: {ctx.data_dir / 'machine-id'} was damaged: kept as")
    assert len(err) == 3 and all(line.startswith("quizapp: synced with") for line in (err[0], err[2]))


def test_the_tui_still_opens_when_the_sync_folder_is_gone(tmp_path, ctx, monkeypatch, capsys):
    from dataclasses import replace

    from quizapp.commands import home

    ctx.settings = replace(ctx.settings, sync_dir=str(tmp_path / "unmounted"))

    monkeypatch.setattr("quizapp.tui.app.QuizApp", AppThatQuitsAtOnce)
    assert home.launch(ctx) == 0
    err = capsys.readouterr().err.splitlines()
    assert err == [f"quizapp: not synced: {tmp_path / 'unmounted'}: no such folder"
                   " (sync needs a folder that already exists)"] * 2


def test_without_sync_dir_the_tui_start_imports_no_sync_code(tmp_path):
    import subprocess
    import sys

    code = ("import sys; from quizapp.commands import home; from quizapp.context import Context;"
            "print('quizapp.interchange.sync' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_a_peer_entry_that_cannot_be_read_is_skipped_with_a_warning_and_the_rest_syncs(tmp_path, quizapp_cli,
                                                                                       deck_dir):
    """A folder, or a FIFO, named like a peer's file stopped the whole sync (or hung it):
    the good peer was not read and this machine's file not written."""
    import os

    folder = tmp_path / "shared"
    folder.mkdir()
    _answer(tmp_path / "peer")
    assert quizapp_cli("sync", folder, data_dir=tmp_path / "peer", content=deck_dir).returncode == 0
    (folder / "quizapp-sync-zzbad-0123456789ab.jsonl").mkdir()
    os.mkfifo(folder / "quizapp-sync-zzfifo-0123456789ab.jsonl")
    done = quizapp_cli("sync", folder, data_dir=tmp_path / "here", content=deck_dir, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "got 1 review(s)" in done.stdout
    assert done.stderr.count("cannot read") == 2 and done.stderr.count("\n") == 2
