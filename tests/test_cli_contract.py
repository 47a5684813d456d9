"""The command-line contract: names, exit codes, JSON shapes, one-line errors."""
from __future__ import annotations

import argparse
import json
import subprocess
import sys

import pytest

from quizapp.cli import build_parser


@pytest.fixture
def quizapp(tmp_path, monkeypatch, quizapp_cli):
    """``quizapp(*args, process=False)``: ``quizapp --data-dir tmp/data ARGS`` with the config
    file tmp/config.toml, in this process or (``process=True``) as the real ``python -m quizapp``."""
    monkeypatch.setenv("QUIZAPP_CONFIG", str(tmp_path / "config.toml"))

    def run(*args: str, process: bool = False):
        return quizapp_cli(*args, data_dir=tmp_path / "data", process=process)

    return run


def test_version(quizapp):
    out = quizapp("--version", process=True)
    assert out.returncode == 0 and out.stdout.startswith("quizapp ")


def test_content_check_json_shape_with_an_extra_folder(tmp_path, deck_dir, quizapp):
    out = quizapp("--content", str(deck_dir), "content", "check", "--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert {"decks", "cards", "by_kind", "errors"} <= set(report)
    names = [d["name"] for d in report["decks"]]
    assert "demo" in names and "ann" in names  # built-in decks plus the extra folder
    assert report["cards"] == sum(d["cards"] for d in report["decks"])


def test_a_bad_deck_is_reported_and_the_others_still_load(tmp_path, deck_dir, quizapp):
    (deck_dir / "zz-bad.yaml").write_text("deck: bad\ncards:\n  - id: bad.x\n    kind: essay\n", encoding="utf-8")
    out = quizapp("content", "check", str(deck_dir))
    assert out.returncode == 1
    assert f"{deck_dir / 'zz-bad.yaml'}:4: unknown kind 'essay'" in out.stdout
    assert "1 deck(s), 3 card(s)" in out.stdout
    assert "Traceback" not in out.stdout + out.stderr


def test_config_file_adds_deck_folders(tmp_path, deck_dir, quizapp):
    (tmp_path / "config.toml").write_text(f'content_dirs = ["{deck_dir}"]\n', encoding="utf-8")
    out = quizapp("content", "check", "--json")
    assert "demo" in [d["name"] for d in json.loads(out.stdout)["decks"]]


def test_invalid_config_value_names_the_key_and_falls_back(tmp_path, quizapp):
    (tmp_path / "config.toml").write_text("new_per_day = -3\n", encoding="utf-8")
    out = quizapp("stats", "--json")
    assert out.returncode == 0
    assert "new_per_day" in out.stderr and "default" in out.stderr


def test_stats_json_shape(quizapp):
    out = quizapp("stats", "--json")
    assert out.returncode == 0, out.stderr
    stats = json.loads(out.stdout)
    for key in ("cards", "due_today", "new_today", "reviews_total", "reviews_today", "streak_days", "retention_30d"):
        assert key in stats
    assert stats["reviews_total"] == 0 and stats["retention_30d"] is None


def test_solve_json_shape(quizapp):
    params = {"x": [2, 1], "w": [0.5, -1.0], "b": 0.2, "activation": "sigmoid"}
    out = quizapp("solve", "neuron-output", "--params", json.dumps(params), "--json")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert {"engine", "params", "answer", "steps", "device"} <= set(result)
    assert result["device"] == "cpu" and all({"label", "value"} <= set(s) for s in result["steps"])


def test_engines_json_lists_every_engine(quizapp):
    out = quizapp("engines", "--json")
    names = {e["name"] for e in json.loads(out.stdout)}
    assert {"lstm-step", "conv-output-size", "nms", "attention"} <= names


def test_errors_are_one_line_with_the_right_exit_code(quizapp):
    bad_params = quizapp("solve", "softmax", "--params", '{"z": [NaN]}', process=True)
    assert bad_params.returncode == 1 and bad_params.stderr.count("\n") == 1
    assert "softmax: z: must be a finite number" in bad_params.stderr
    unknown_deck = quizapp("study", "no-such-deck", process=True)
    assert unknown_deck.returncode == 2 and "unknown deck(s): no-such-deck" in unknown_deck.stderr
    usage = quizapp("solve", process=True)
    assert usage.returncode == 2


def _newer_database(data_dir):
    """A database written by a newer quizapp: every command that opens it fails (exit 1)."""
    import sqlite3

    data_dir.mkdir(exist_ok=True)
    with sqlite3.connect(data_dir / "quizapp.db") as db:
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        db.execute("INSERT INTO meta VALUES ('schema_version', '999')")


def test_newer_database_gets_a_clear_message(tmp_path, quizapp):
    _newer_database(tmp_path / "data")
    out = quizapp("stats", process=True)
    assert out.returncode == 1 and "newer quizapp" in out.stderr and "Traceback" not in out.stderr


def test_output_into_a_closed_pipe_is_not_an_error(tmp_path):
    import os

    env = {**os.environ, "QUIZAPP_CONFIG": str(tmp_path / "config.toml")}
    # `true` exits at once, so the pipe is closed before quizapp writes to it.
    shell = f"{sys.executable} -m quizapp --data-dir {tmp_path / 'data'} exercise list | true"
    out = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, env=env, timeout=120)
    assert out.stderr == ""


@pytest.fixture
def run_main(tmp_path, quizapp):
    """``quizapp.cli.main`` in this process on a fresh data dir; returns (code, stdout, stderr)."""
    (tmp_path / "attempt.py").write_text("def softmax(z):\n    return z\n", encoding="utf-8")

    def run(*args: str) -> tuple[int, str, str]:
        done = quizapp(*(a.replace("{tmp}", str(tmp_path)) for a in args))
        return done.returncode, done.stdout, done.stderr

    return run


USAGE_ERRORS = {
    "params not JSON": (["solve", "softmax", "--params", "{not json"], "--params is not valid JSON"),
    "unknown engine": (["solve", "no-such-engine", "--params", "{}"], "unknown engine 'no-such-engine'"),
    "grade: unknown exercise": (["grade", "no-such-exercise", "{tmp}/attempt.py"],
                                "unknown exercise 'no-such-exercise'"),
    "start: unknown exercise": (["exercise", "start", "no-such-exercise", "--dir", "{tmp}"],
                                "unknown exercise 'no-such-exercise'"),
    "hint: unknown exercise": (["exercise", "hint", "no-such-exercise"], "unknown exercise 'no-such-exercise'"),
    "solution: unknown exercise": (["exercise", "solution", "no-such-exercise"],
                                   "unknown exercise 'no-such-exercise'"),
    "study: unknown deck": (["study", "no-such-deck"], "unknown deck(s): no-such-deck (decks: ann,"),
    "cards: unknown deck": (["cards", "deck:no-such-deck"], "unknown deck(s): no-such-deck (decks: ann,"),
    "cards: a glob no deck matches": (["cards", "tag:cnn", "(deck:zz* or deck:cnn)"], "unknown deck(s): zz*"),
    "export: unknown deck": (["export", "-o", "{tmp}/out.json", "no-such-deck"], "unknown deck(s): no-such-deck"),
    "grade: missing file": (["grade", "softmax", "{tmp}/missing.py"], "missing.py: no such file"),
    "import: missing file": (["import", "{tmp}/missing.json"], "missing.json: no such file"),
    "sync: missing folder": (["sync", "{tmp}/no-such-folder"], "no-such-folder: no such folder"),
    "serve: bad port": (["serve", "--port", "http"], "--port must be a whole number from 1 to 65535, not 'http'"),
    "plan: bad date": (["plan", "--date", "30/06/2025"], "--date '30/06/2025': give a date as YYYY-MM-DD"),
}


@pytest.mark.parametrize("case", sorted(USAGE_ERRORS))
def test_usage_errors_exit_2_with_one_line(run_main, case):
    args, message = USAGE_ERRORS[case]
    code, out, err = run_main(*args)
    assert code == 2, err
    assert err.startswith("quizapp: ") and err.count("\n") == 1 and message in err
    assert out == ""


def test_a_deck_search_names_only_the_decks_that_do_not_exist(run_main):
    code, out, err = run_main("cards", "deck:CNN", "--", "-deck:zz-not-there-either*")
    assert code == 2 and "unknown deck(s): zz-not-there-either* (decks:" in err  # negated or not
    code, out, err = run_main("cards", "deck:cnn", '"deck:no-such-deck"')  # quoted: free text
    assert code == 0 and out == "no cards match\n"
    code, out, err = run_main("cards", "deck:cnn*", "--json")
    assert code == 0 and {c["deck"] for c in json.loads(out)} == {"cnn"}


# One real error per command that has --json: a command added with --json must be added here.
JSON_ERRORS = {
    ("content", "check"): (["content", "check", "--json", "--no-such-option"], 2,
                           "unrecognized arguments: --no-such-option"),
    ("engines",): (["engines", "--json", "--no-such-option"], 2, "unrecognized arguments: --no-such-option"),
    ("solve",): (["solve", "no-such-engine", "--params", "{}", "--json"], 2, "unknown engine 'no-such-engine'"),
    ("exercise", "list"): (["exercise", "list", "--json", "--no-such-option"], 2,
                           "unrecognized arguments: --no-such-option"),
    ("grade",): (["grade", "no-such-exercise", "{tmp}/attempt.py", "--json"], 2, "unknown exercise"),
    ("stats",): (["stats", "--json"], 1, "newer quizapp"),
    ("cards",): (["cards", "deck:no-such-deck", "--json"], 2, "unknown deck(s): no-such-deck"),
    ("optimize",): (["optimize", "--json"], 1, "newer quizapp"),
    ("sync",): (["sync", "{tmp}/no-such-folder", "--json"], 2, "no-such-folder: no such folder"),
    ("mock",): (["mock", "--minutes", "4", "--json"], 2, "--minutes must be 5-180, not 4"),
    ("plan",): (["plan", "--date", "2025-02-30", "--json"], 2, "give a date as YYYY-MM-DD"),
}


def _commands_with_json(parser: argparse.ArgumentParser, path: tuple = ()) -> set[tuple]:
    found = {path} if any("--json" in a.option_strings for a in parser._actions) else set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found |= _commands_with_json(sub, (*path, name))
    return found


def test_every_command_with_json_has_a_json_error_case():
    assert _commands_with_json(build_parser()) == set(JSON_ERRORS)


@pytest.mark.parametrize("command", sorted(JSON_ERRORS), ids=" ".join)
def test_with_json_an_error_is_a_json_object_on_stdout_and_a_line_on_stderr(tmp_path, run_main, command):
    args, exit_code, fragment = JSON_ERRORS[command]
    _newer_database(tmp_path / "data")
    code, out, err = run_main(*args)
    assert code == exit_code, err
    error = json.loads(out)["error"]
    assert out == json.dumps({"error": error}, ensure_ascii=False) + "\n" and fragment in error
    assert f"quizapp: {error}\n" == err or err.endswith(f": error: {error}\n")  # parse errors keep usage


def test_json_error_in_a_real_process(quizapp):
    out = quizapp("cards", "deck:no-such-deck", "--json", process=True)
    assert out.returncode == 2
    message = json.loads(out.stdout)["error"]
    assert out.stdout.count("\n") == 1 and out.stderr == f"quizapp: {message}\n"



@pytest.mark.parametrize("command", [[], ["study"], ["drill"], ["mock"]], ids=["home", "study", "drill", "mock"])
def test_the_app_without_a_terminal_is_one_line_not_a_spinning_screen(tmp_path, command):
    """Textual reads keys from stdin and draws on stderr: with stdin at its end (a pipe,
    /dev/null, cron) it drew escape codes into the pipe and its input thread spun a core
    forever. Now it says in one line that it needs a terminal (the app's own ``run``)."""
    data = tmp_path / "data"
    done = subprocess.run([sys.executable, "-m", "quizapp", "--data-dir", str(data), *command],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1, done.stderr[-500:]
    assert done.stderr.startswith("quizapp: ") and done.stderr.count("\n") == 1, done.stderr
    assert "terminal" in done.stderr and "\x1b" not in done.stdout + done.stderr


ESCAPES = "\x1b[2J\x1b]0;pwn\x07x"  # clear the screen, set the window title


@pytest.mark.parametrize("args", [
    ["import", f"{ESCAPES}.csv"],
    ["grade", "softmax", f"{ESCAPES}.py"],
    ["cards", f"deck:{ESCAPES}"],
    ["export", "--format", "csv", "-o", f"/nonexistent/{ESCAPES}"],
    ["sync", f"/nonexistent/{ESCAPES}"],
    ["solve", ESCAPES, "--params", "{}"],
    ["export", "--format", ESCAPES, "-o", "x"],  # argparse's own error quotes the choice
], ids=["import", "grade", "cards", "export", "sync", "solve", "argparse"])
def test_names_and_paths_echoed_in_errors_reach_the_terminal_as_text_not_commands(quizapp, args):
    """A file or deck name is untrusted text like a deck's: escape codes in one cleared the
    screen and set the window title when an error quoted it."""
    result = quizapp(*args)
    assert result.returncode != 0
    assert "\x1b" not in result.stderr + result.stdout and "\x07" not in result.stderr
    assert "␛" in result.stderr or "\\x1b" in result.stderr  # said, visibly


def test_a_deck_file_name_with_escape_codes_is_shown_visibly_by_content_check(tmp_path, quizapp_cli):
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / f"{ESCAPES}.yaml").write_text("deck: [\n", encoding="utf-8")
    result = quizapp_cli("content", "check", data_dir=tmp_path / "data", content=decks)
    assert result.returncode == 1
    assert "\x1b" not in result.stdout + result.stderr and "␛[2J" in result.stdout


def test_content_check_of_a_path_that_is_not_there_is_a_usage_error(tmp_path, quizapp):
    """It was exit 1 with an empty table: the README's exit 2 is for a file that is not there."""
    out = quizapp("content", "check", str(tmp_path / "nonexistent.yaml"))
    assert out.returncode == 2
    assert out.stderr == f"quizapp: {tmp_path / 'nonexistent.yaml'}: no such file or folder\n" and out.stdout == ""


def test_a_negative_count_of_new_cards_for_a_drill_is_a_usage_error(quizapp):
    """`drill --new -1` was taken as 0 without a word (and only a terminal check spoke)."""
    out = quizapp("drill", "--new", "-1")
    assert out.returncode == 2 and out.stderr == "quizapp: --new -1: give how many new cards to add, 0 or more\n"


def test_a_content_folder_named_on_the_command_line_that_is_not_there_is_a_usage_error(tmp_path, quizapp):
    """It was a deck problem and exit 1, listed among the decks' problems."""
    out = quizapp("--content", str(tmp_path / "typo"), "stats")
    assert out.returncode == 2 and out.stderr == f"quizapp: --content {tmp_path / 'typo'}: no such file or folder\n"
