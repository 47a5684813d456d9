"""A regular install runs every command, not just the checkout.

The wheel is built from a copy of the sources (an in-tree build would leave a
``build/`` folder whose stale files can end up in later wheels), installed into
a fresh virtual environment and run through its console script from outside
the checkout. No dependency is installed again: the new environment sees the
project environment's already-installed ones through a ``.pth`` file, which
adds that folder to ``sys.path`` without running its ``.pth`` files, so the
checkout's editable install stays out of sight and the ``quizapp`` imported is
the installed copy (asserted through ``quizapp.__file__``).
"""
from __future__ import annotations

import asyncio
import fcntl
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import textwrap
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from decks import EVERY_KIND as DECK

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
NOT_SOURCES = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__",
                                     ".hypothesis", ".pytest_cache")


# Every command path of the installed parser (`content`, `content check`, ...), so a new
# command is covered without touching this file (argparse has no public way to list
# them), each with its --help run through the installed `main`: one process, not one a
# command (a process start apiece was 1.4 s of this file's 12).
EVERY_HELP = """\
import argparse, contextlib, io, json
from quizapp.cli import build_parser, main

def walk(parser, path):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield [*path, name]
                yield from walk(sub, [*path, name])

def help_of(command):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        try:
            code = main([*command, "--help"])
        except SystemExit as done:
            code = done.code
    return {"command": command, "code": code, "out": out.getvalue()}

print(json.dumps([help_of(command) for command in [[], *walk(build_parser(), [])]]))
"""


@dataclass
class Install:
    """A virtual environment holding the wheel, and a place outside the checkout to run it."""

    venv: Path
    home: Path  # working directory and scratch space of the runs

    def python(self, code: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(self.venv / "bin" / "python"), "-c", code], capture_output=True,
                              text=True, cwd=self.home, env=self.env(), timeout=120)

    def quizapp(self, data: str, *args, content: Path | None = None) -> subprocess.CompletedProcess:
        """The installed console script on data dir ``home/data``."""
        extra = ["--content", str(content)] if content else []
        command = [str(self.venv / "bin" / "quizapp"), "--data-dir", str(self.home / data), *extra, *map(str, args)]
        return subprocess.run(command, capture_output=True, text=True, cwd=self.home, env=self.env(), timeout=120)

    def env(self) -> dict:
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "QUIZAPP_DATA_DIR", "VIRTUAL_ENV")}
        return {**env, "QUIZAPP_CONFIG": str(self.home / "no-config.toml"), "PYTHONNOUSERSITE": "1"}


def _build_wheel(work: Path) -> Path:
    """``pip wheel`` of a clean copy of the checkout; returns the wheel.

    Built the way ``pip install .`` builds, in an isolated build environment with
    the setuptools that ``[build-system]`` asks for: the test environment's own
    may be too old (a fresh Python 3.11 venv has setuptools 65)."""
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCES)
    out = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--disable-pip-version-check",
                          "-w", str(work / "dist"), str(source)],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    (wheel,) = (work / "dist").glob("quizapp-*.whl")
    return wheel


def _make_venv(venv: Path, wheel: Path) -> None:
    """A fresh environment with only the wheel installed, then the project's dependencies made visible."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    # pip runs inside the new interpreter, before the .pth exists: it sees an empty environment
    install = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
                              "--no-index", "--disable-pip-version-check", str(wheel)],
                             capture_output=True, text=True, timeout=300)
    assert install.returncode == 0, install.stderr
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    (Path(purelib) / "project-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")


def _venv_of_this_run(tmp_path_factory) -> Path:
    """The venv holding the wheel, built once per test run.

    The xdist workers of a run keep their temporary folders side by side in the run's
    own: the first worker to get here builds the wheel and the venv (~3.5 s of pip) while
    the other waits on the lock, then both use it. (When this module's tests were split
    between the workers, each built its own.) Only the venv is shared, and nothing
    writes to it once built: each worker's tests run in a home of their own."""
    run = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        run = run.parent
    work = run / "packaging"
    with open(run / "packaging.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        if not (work / "built").exists():
            shutil.rmtree(work, ignore_errors=True)  # what a failed build of this run left
            work.mkdir()
            _make_venv(work / "venv", _build_wheel(work))
            (work / "built").touch()
    return work / "venv"


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Install:
    home = tmp_path_factory.mktemp("packaging-home")
    (home / "decks").mkdir()
    (home / "decks" / "demo.yaml").write_text(textwrap.dedent(DECK), encoding="utf-8")
    return Install(_venv_of_this_run(tmp_path_factory), home)


def test_the_installed_copy_is_the_one_imported(installed):
    out = installed.python("import json, engines, quizapp; print(json.dumps([quizapp.__file__, engines.__file__]))")
    assert out.returncode == 0, out.stderr
    for module in json.loads(out.stdout):
        assert Path(module).is_relative_to(installed.venv), module


def test_every_command_prints_its_help(installed):
    listing = installed.python(EVERY_HELP)
    assert listing.returncode == 0, listing.stderr
    helps = json.loads(listing.stdout)
    assert {"export", "import", "content check"} <= {" ".join(h["command"]) for h in helps}
    for shown in helps:
        assert shown["code"] == 0 and shown["out"].startswith("usage: quizapp"), shown


def test_builtin_content_and_stylesheets_ship(installed):
    out = installed.quizapp("data", "content", "check", "--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["errors"] == []
    assert all(Path(d["path"]).is_relative_to(installed.venv) for d in report["decks"])
    assert report["cards"] >= 300 and report["by_kind"]["code"] >= 24
    # every screen's stylesheet ships next to its module (a missing one fails when the screen opens)
    located = installed.python("import quizapp.tui, pathlib; print(pathlib.Path(quizapp.tui.__file__).parent)")
    shipped = {p.name for p in Path(located.stdout.strip()).glob("*.tcss")}
    assert {p.name for p in (ROOT / "quizapp" / "tui").glob("*.tcss")} <= shipped


def test_the_reading_commands_work(installed):
    engines = installed.quizapp("data", "engines", "--json")
    assert engines.returncode == 0, engines.stderr
    assert {"neuron-output", "conv-output-size"} <= {e["name"] for e in json.loads(engines.stdout)}
    params = {"x": [1], "w": [1], "b": 0, "activation": "sigmoid"}
    solved = installed.quizapp("data", "solve", "neuron-output", "--params", json.dumps(params), "--json")
    assert solved.returncode == 0, solved.stderr
    assert abs(json.loads(solved.stdout)["answer"] - 0.7311) < 1e-4
    cards = installed.quizapp("data", "cards", "deck:demo", "--json", content=installed.home / "decks")
    assert cards.returncode == 0, cards.stderr
    assert [c["id"] for c in json.loads(cards.stdout)] == ["demo.what-is-ann", "demo.sigmoid", "demo.relu",
                                                          "demo.conv-size", "demo.conv-size-random",
                                                          "demo.softmax-code"]
    stats = installed.quizapp("data", "stats", "--json")
    assert stats.returncode == 0 and json.loads(stats.stdout)["cards"] >= 300, stats.stderr
    exercises = installed.quizapp("data", "exercise", "list")
    assert exercises.returncode == 0 and "softmax" in exercises.stdout, exercises.stderr


def test_export_in_every_format_and_import_what_import_reads(installed):
    """The demo deck holds every kind, a numeric card among them, so each format runs its
    whole path in the installed copy (the Anki writer, the engines' worked examples).
    Every built-in card is exported in-process by tests/interchange and solved by
    tests/content: here that would only repeat 197 worked examples per format."""
    decks = installed.home / "decks"
    files = {fmt: installed.home / f"demo.{fmt}" for fmt in ("apkg", "csv", "json")}
    for fmt, path in files.items():
        out = installed.quizapp("data", "export", "--format", fmt, "-o", path, "demo", content=decks)
        assert out.returncode == 0, (fmt, out.stderr)
        assert "exported 6 cards in 1 deck(s)" in out.stdout, (fmt, out.stdout)
    with zipfile.ZipFile(files["apkg"]) as package:
        assert "collection.anki2" in package.namelist()
    assert len(files["csv"].read_text(encoding="utf-8").splitlines()) >= 6 + 1
    document = json.loads(files["json"].read_text(encoding="utf-8"))
    assert [deck["deck"] for deck in document["decks"]] == ["demo"] and len(document["decks"][0]["cards"]) == 6

    # into fresh data dirs without --content: the demo deck comes only from the file
    from_json = installed.quizapp("from-json", "import", files["json"])
    assert from_json.returncode == 0, from_json.stderr
    assert "wrote deck demo (6 cards)" in from_json.stdout
    from_csv = installed.quizapp("from-csv", "import", files["csv"])
    assert from_csv.returncode == 0, from_csv.stderr
    assert "wrote deck demo (2 cards)" in from_csv.stdout  # CSV keeps the qa and cloze cards
    imported = installed.quizapp("from-json", "cards", "deck:demo", "--json")
    assert len(json.loads(imported.stdout)) == 6, imported.stderr

    # An .apkg is read with the optional anki library (here from the test extra).
    from_apkg = installed.quizapp("from-apkg", "import", files["apkg"])
    assert from_apkg.returncode == 0, from_apkg.stderr
    assert "wrote deck" in from_apkg.stdout
    assert any((installed.home / "from-apkg" / "decks").glob("*.yaml"))


async def _screen_over_websocket(url: str, needle: str, timeout: float = 60) -> str:
    """What the served app writes to a tab's websocket (terminal output) until ``needle`` is in it."""
    import aiohttp

    written = ""
    async with aiohttp.ClientSession() as http, http.ws_connect(f"{url}?width=100&height=30") as tab:
        async with asyncio.timeout(timeout):
            while needle not in written:
                message = await tab.receive()
                if message.type == aiohttp.WSMsgType.BINARY:
                    written += message.data.decode("utf-8", "replace")
                elif message.type != aiohttp.WSMsgType.TEXT:
                    break
    return written


def test_serve_serves_the_installed_app(installed):
    """textual-serve's page and scripts ship with it, and a tab runs the installed quizapp."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [str(installed.venv / "bin" / "quizapp"), "--data-dir", str(installed.home / "served"),
               "serve", "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              cwd=installed.home, env=installed.env(), start_new_session=True)
    try:
        assert select.select([server.stdout], [], [], 120)[0], "serve printed nothing"
        assert server.stdout.readline() == f"serving quizapp on http://127.0.0.1:{port} (Ctrl+C stops)\n"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as page:
            assert f'data-session-websocket-url="ws://127.0.0.1:{port}/ws"' in page.read().decode()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/js/textual.js", timeout=30) as script:
            assert b"xterm" in script.read()
        assert "Coding exercises" in asyncio.run(_screen_over_websocket(f"ws://127.0.0.1:{port}/ws",
                                                                        "Coding exercises"))
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGINT)
        out, err = server.communicate(timeout=60)
    assert server.returncode == 0 and "Traceback" not in out + err, out + err
