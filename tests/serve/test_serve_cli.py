"""`quizapp serve` before it serves: the address it is given, the command it serves."""
from __future__ import annotations

import shlex
import socket
import sys
from pathlib import Path

import pytest

from quizapp.cli import build_parser
from quizapp.commands.serve import page_url, served_command
from quizapp.context import Context


@pytest.mark.parametrize("port", ["abc", "0", "65536", "-1", "80.5", ""])
def test_a_bad_port_is_a_one_line_usage_error(quizapp_cli, tmp_path, port):
    out = quizapp_cli("serve", "--port", port, data_dir=tmp_path / "data")
    assert out.returncode == 2
    assert out.stderr == f"quizapp: --port must be a whole number from 1 to 65535, not {port!r}\n"
    assert out.stdout == ""


def test_a_port_already_taken_is_one_line_before_anything_is_served(quizapp_cli, tmp_path):
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        out = quizapp_cli("serve", "--port", str(port), data_dir=tmp_path / "data")
    assert out.returncode == 1
    assert out.stderr == f"quizapp: cannot serve on http://127.0.0.1:{port}: Address already in use\n"
    assert out.stdout == ""


def test_a_database_the_app_cannot_open_fails_the_command_not_each_tab(quizapp_cli, tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "quizapp.db").write_text("not a database")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    out = quizapp_cli("serve", "--port", str(port), data_dir=tmp_path / "data")
    assert out.returncode == 1 and out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
    assert out.stdout == ""


def test_the_served_command_is_quizapp_on_the_same_data_decks_and_device(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "decks").mkdir()
    (Path.home() / "more").mkdir()  # the test's own HOME: a --content folder must be there
    args = build_parser().parse_args(["--data-dir", "data", "--content", "decks", "--content", "~/more",
                                      "--device", "cpu", "--debug", "serve", "--port", "9000"])
    words = shlex.split(served_command(args, Context.from_args(args)))
    assert words == [sys.executable, "-m", "quizapp", "--data-dir", str(tmp_path / "data"),
                     "--content", str(tmp_path / "decks"), "--content", str(Path.home() / "more"),
                     "--device", "cpu", "--debug"]


def test_the_served_command_quotes_what_the_shell_would_split(tmp_path):
    args = build_parser().parse_args(["--data-dir", str(tmp_path / "my data; rm -rf x"), "serve"])
    words = shlex.split(served_command(args, Context.from_args(args)))
    assert words[3:] == ["--data-dir", str(tmp_path / "my data; rm -rf x")]


def test_the_page_url_brackets_an_ipv6_address():
    assert page_url("127.0.0.1", 8000) == "http://127.0.0.1:8000"
    assert page_url("::1", 8000) == "http://[::1]:8000"
