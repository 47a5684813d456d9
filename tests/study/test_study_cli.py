"""`quizapp study --search/--ahead/--cram` (issue 17): a bad search, deck or day count
is one line and exit 2 before any screen opens; in a real terminal a cram session
records cram answers and moves no schedule."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("args", "message"), [
    (["--search", "(deck:demo"], "quizapp: search: unclosed '(' (add the matching ')')"),
    (["--search", "prop:r<x", "--cram"], "quizapp: search: "),
    (["--search", "deck:nope is:due"], "quizapp: unknown deck(s): nope (decks: "),
    (["nope", "--cram"], "quizapp: unknown deck(s): nope (decks: "),
    (["--ahead", "0"], "quizapp: review ahead: a whole number of days from 1 to 9999, not 0"),
])
def test_a_bad_custom_study_is_one_line_and_exit_2(quizapp_cli, tmp_path, deck_dir, args, message):
    """The line starts with ``message`` (the deck list names the built-in decks too)."""
    result = quizapp_cli("study", *args, data_dir=tmp_path / "data", content=deck_dir)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(message), result.stderr
    assert not (tmp_path / "data" / "quizapp.db").exists() or _log(tmp_path / "data" / "quizapp.db") == []


def test_a_day_count_that_is_not_a_number_is_argparses_usage_error(quizapp_cli, tmp_path, deck_dir):
    result = quizapp_cli("study", "--ahead", "soon", data_dir=tmp_path / "data", content=deck_dir)
    assert result.returncode == 2 and "argument --ahead: invalid int value: 'soon'" in result.stderr


def test_the_help_shows_the_custom_study_options(quizapp_cli):
    result = quizapp_cli("study", "--help")
    assert result.returncode == 0
    for words in ("--search QUERY", "--ahead N", "--cram", "deck:cnn is:due prop:r<0.9"):
        assert words in result.stdout


def _log(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT card_id, rating, mode FROM reviews ORDER BY id").fetchall()


@pytest.mark.slow
def test_cram_in_a_real_terminal_records_cram_answers_and_moves_nothing(tmp_path, deck_dir):
    import fcntl
    import pty
    import struct
    import termios

    data = tmp_path / "data"
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "QUIZAPP_CONFIG": str(tmp_path / "no-config.toml")}
    command = [sys.executable, "-m", "quizapp", "--data-dir", str(data), "--content", str(deck_dir),
               "study", "--cram", "demo"]
    app = subprocess.Popen(command, stdin=terminal, stdout=terminal, stderr=terminal, cwd=REPO, env=env,
                           start_new_session=True)
    os.close(terminal)
    shown = bytearray()

    def drain() -> None:  # the app blocks on a full terminal unless its output is read
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:
                return
            if not chunk:
                return
            shown.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()

    def wait_for(what, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while not what():
            assert app.poll() is None, bytes(shown[-2000:])
            assert time.monotonic() < deadline, bytes(shown[-2000:])
            time.sleep(0.02)

    try:
        wait_for(lambda: b"Cram: demo" in shown)
        for n, keys in enumerate((" 3", " 3", "a\r3"), start=1):  # qa, cloze, then the choice card
            for key in keys:
                os.write(controller, key.encode())
                time.sleep(0.05)  # a fast typist: the app takes keys in order, no need to wait on each
            wait_for(lambda n=n: (data / "quizapp.db").exists() and len(_log(data / "quizapp.db")) == n)
        wait_for(lambda: b"Nothing more is due" in shown)
        os.write(controller, b"q")
        assert app.wait(timeout=60) == 0
    finally:
        if app.poll() is None:
            app.kill()
        os.close(controller)
    assert _log(data / "quizapp.db") == [("demo.what-is-ann", 3, "cram"), ("demo.sigmoid", 3, "cram"),
                                         ("demo.relu", 3, "cram")]
    with sqlite3.connect(data / "quizapp.db") as conn:
        assert conn.execute("SELECT count(*) FROM card_state WHERE state != 0").fetchone() == (0,)


def test_stats_json_has_per_deck_what_home_shows_with_the_config_s_deck_limits(quizapp_cli, tmp_path, two_decks):
    config = tmp_path / "config.toml"
    config.write_text("new_per_day = 200\ndeck_limits = {other = {new_per_day = 1}, demo = {new_per_day = 0}}\n",
                      encoding="utf-8")
    result = quizapp_cli("stats", "--json", data_dir=tmp_path / "data", content=two_decks,
                         env={"QUIZAPP_CONFIG": str(config)})
    assert result.returncode == 0, result.stderr
    by_deck = json.loads(result.stdout)["today_by_deck"]
    assert by_deck["demo"] == {"learning": 0, "review": 0, "new": 0}
    assert by_deck["other"] == {"learning": 0, "review": 0, "new": 1}
    assert json.loads(result.stdout)["new_today"] == sum(deck["new"] for deck in by_deck.values())


def test_a_bad_deck_limits_table_is_one_warning_and_the_defaults(quizapp_cli, tmp_path, two_decks):
    config = tmp_path / "config.toml"
    config.write_text("new_per_day = 200\ndeck_limits = {other = {new_per_dy = 1}}\n", encoding="utf-8")
    result = quizapp_cli("stats", "--json", data_dir=tmp_path / "data", content=two_decks,
                         env={"QUIZAPP_CONFIG": str(config)})
    assert result.returncode == 0
    assert [line for line in result.stderr.splitlines() if "deck_limits" in line] == [
        f"quizapp: {config}: deck_limits = {{'other': {{'new_per_dy': 1}}}} is invalid (a table of decks, each with"
        " new_per_day and/or reviews_per_day from 0 to 9999, e.g. {cnn = {new_per_day = 5, reviews_per_day = 50}});"
        " using the default"]
    assert json.loads(result.stdout)["today_by_deck"]["other"]["new"] == 3
