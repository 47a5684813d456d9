"""The attacks of issue 11 against the grader, in each isolation mode this machine
supports: every one gets a non-pass verdict or is harmless, and nothing it
started is left running. Each attack computes the right answer only when the
attack itself worked, so a working attack would show up as ``passed``.

Modes: ``bwrap`` and ``unshare`` must stop all of them; ``none`` (namespaces
refused, selected here with the Grader's ``isolation`` argument) stops what the
seccomp filter, the limits and the result checks can, and is skipped, with the
reason, for what only namespaces can stop: the notice tells the learner so.
"""
from __future__ import annotations

import dataclasses
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

from quizapp.grading import expected_cache, isolation
from quizapp.grading.grader import Grader
from quizapp.grading.sandbox import RUN_ENV

ROOT = Path(__file__).resolve().parents[2]
MODES = ("bwrap", "unshare", "none")
PRELUDE = ("import numpy as np\nimport os, sys, ctypes, time, socket, signal, pathlib, glob\n"
           "def right(z):  # what an attack that worked would return\n"
           "    e = np.exp(np.asarray(z) - np.max(z))\n    return e / e.sum()\n")


def runs_of(prefix: str) -> list[int]:
    """Live processes whose environment carries a run token starting with ``prefix``."""
    found, needle = [], f"{RUN_ENV}={prefix}".encode()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            environ = Path(f"/proc/{entry}/environ").read_bytes()
            state = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if needle in environ and state != "Z":
            found.append(int(entry))
    return found


def others_runs(grader: Grader) -> set[int]:
    """The live runs of this process that are not ``grader``'s next worker: those of other
    graders (a session-scoped one, an app's), which ``nothing_left`` does not count."""
    mine = f"{RUN_ENV}={grader._worker.token}".encode() if grader._worker else None
    return {p for p in runs_of(f"quizapp-grade-{os.getpid()}-")
            if mine is None or mine not in Path(f"/proc/{p}/environ").read_bytes()}


def nothing_left(grader: Grader, wait: float = 5.0, others: set[int] = frozenset()) -> bool:
    """No process of a used run of this app is alive (the warm worker is not used yet);
    ``others`` (from :func:`others_runs` before the grade) belong to other graders."""
    warm = grader._worker.token if grader._worker else None
    deadline = time.monotonic() + wait
    while True:
        left = [p for p in runs_of(f"quizapp-grade-{os.getpid()}-") if p not in others
                and (warm is None or f"{RUN_ENV}={warm}".encode() not in Path(f"/proc/{p}/environ").read_bytes())]
        if not left or time.monotonic() > deadline:
            return not left
        time.sleep(0.05)


@pytest.fixture(scope="module", params=MODES)
def mode(request):
    why = isolation.available(request.param)
    if why:
        pytest.skip(f"isolation mode {request.param} is not available here: {why}")
    return request.param


@pytest.fixture(scope="module")
def attack(mode, exercises, tmp_path_factory):
    """(grade(source) -> GradeResult, mode): softmax, 5 s limit (a loaded machine), risky modules importable."""
    grader = Grader(time_limit=5.0, isolation=mode, cache_dir=tmp_path_factory.mktemp("expected"))
    assert grader.isolation.mode == mode
    ex = dataclasses.replace(exercises["softmax"], imports=(
        "numpy", "os", "sys", "ctypes", "time", "socket", "signal", "pathlib", "json", "glob"))

    def grade(body: str):
        source = PRELUDE + textwrap.dedent(body)
        others = others_runs(grader)
        result = grader.grade(ex, source)
        assert nothing_left(grader, others=others), f"processes left running after: {body[:80]}"
        return result

    yield grade, mode
    grader.close()


def needs_namespaces(mode: str, what: str) -> None:
    if mode == "none":
        pytest.skip(f"unisolated mode: {what} is stopped only by namespaces (the notice says so)")


# ---- seeing the parent -------------------------------------------------------------

def test_parent_memory_cannot_be_read(attack):
    grade, mode = attack
    needs_namespaces(mode, "reading /proc/<app>/mem")
    result = grade(f"""
        def softmax(z):
            app = {os.getpid()}
            try:
                start = int(open(f"/proc/{{app}}/maps").readline().split("-")[0], 16)
                with open(f"/proc/{{app}}/mem", "rb") as f:
                    f.seek(start)
                    assert f.read(16)
            except (OSError, AssertionError, ValueError):
                return np.zeros(len(z))
            return right(z)
        """)
    assert result.verdict == "failed"


def test_the_app_is_not_even_visible(attack):
    grade, mode = attack
    needs_namespaces(mode, "seeing the app's processes")
    result = grade(f"""
        def softmax(z):
            pids = [int(p) for p in os.listdir("/proc") if p.isdigit()]
            print("PIDS", pids, os.getppid())
            if {os.getpid()} in pids or len(pids) > 3:
                return None
            return np.zeros(len(z))
        """)
    assert result.verdict == "failed", (result.message, result.cases[0])
    assert str(os.getpid()) not in result.stdout.split("PIDS", 1)[1].split("\n")[0]


def test_the_apps_terminal_cannot_be_drawn_on(attack, capfd):
    grade, mode = attack
    needs_namespaces(mode, "writing to /proc/<app>/fd/1")
    grade(f"""
        def softmax(z):
            for fd in (1, 2):
                try:
                    with open(f"/proc/{os.getpid()}/fd/{{fd}}", "w") as f:
                        f.write("\\nFAKE: softmax passed (13/13 cases)\\n")
                except OSError:
                    pass
            return np.zeros(len(z))
        """)
    captured = capfd.readouterr()
    assert "FAKE" not in captured.out + captured.err


# ---- the user's files, the content, the package --------------------------------------

def test_the_users_files_cannot_be_read(attack, tmp_path_factory):
    grade, mode = attack
    needs_namespaces(mode, "reading the user's files")
    secret = tmp_path_factory.mktemp("home") / "canary.txt"
    secret.write_text("CANARY-1f3a")
    database = tmp_path_factory.mktemp("data") / "quizapp.db"
    database.write_bytes(b"SQLite format 3\0")
    targets = [str(secret), str(database), str(ROOT / "content/exercises/softmax.yaml"),
               str(ROOT / "engines/references.py"), os.path.expanduser("~/.bash_history"), "/etc/passwd"]
    result = grade(f"""
        def softmax(z):
            for path in {targets!r}:
                try:
                    open(path, "rb").read(1)
                    print("READ", path)
                    return None
                except OSError:
                    pass
            return np.zeros(len(z))
        """)
    assert result.verdict == "failed" and "READ" not in result.stdout


def test_the_installed_package_cannot_be_changed(attack):
    grade, mode = attack
    needs_namespaces(mode, "writing the quizapp package")
    import quizapp.grading.cases as cases

    before = Path(cases.__file__).read_bytes()
    targets = [cases.__file__, str(ROOT / "quizapp/grading/worker.py"), "/opt/quizapp/code/worker.py",
               os.__file__, np_file()]
    result = grade(f"""
        def softmax(z):
            for path in {targets!r}:
                try:
                    open(path, "r+b").close()  # opening for writing is the test; nothing is written
                    print("WRITABLE", path)
                    return None
                except OSError:
                    pass
            return np.zeros(len(z))
        """)
    assert result.verdict == "failed" and "WRITABLE" not in result.stdout
    assert Path(cases.__file__).read_bytes() == before


def np_file() -> str:
    import numpy

    return numpy.__file__


def test_files_stay_inside_a_small_private_folder(attack):
    grade, mode = attack
    needs_namespaces(mode, "writing outside the run folder")
    marker = f"quizapp-attack-{os.getpid()}"
    outside = ["/tmp", "/var/tmp", "/dev/shm", os.path.expanduser("~"), str(ROOT), "/"]
    result = grade(f"""
        def softmax(z):
            outside = inside = 0
            for folder in {outside!r}:
                try:
                    with open(os.path.join(folder, "{marker}"), "wb") as f:
                        f.write(b"x" * 1024)
                    outside += 1
                except OSError:
                    pass
            for i in range(64):  # 1 MiB each (the per-file limit): 64 MiB if nothing stops it
                try:
                    with open(f"junk{{i}}", "wb") as f:
                        f.write(b"x" * (1 << 20))
                    inside += 1
                except OSError:
                    break
            print("OUTSIDE", outside, "INSIDE", inside)
            return np.zeros(len(z))
        """)
    assert result.verdict == "failed", result.message
    words = result.stdout.split()
    assert words[words.index("OUTSIDE") + 1] == "0"
    assert int(words[words.index("INSIDE") + 1]) <= 16
    for folder in outside:
        assert not Path(folder, marker).exists()


# ---- network, processes -----------------------------------------------------------

def test_no_network(attack):
    grade, _ = attack
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.2)
    port = listener.getsockname()[1]
    result = grade(f"""
        def softmax(z):
            try:
                socket.create_connection(("127.0.0.1", {port}), timeout=1).sendall(b"stolen")
            except OSError:
                return np.zeros(len(z))
            return right(z)
        """)
    try:
        listener.accept()
        connected = True
    except OSError:
        connected = False
    listener.close()
    assert result.verdict == "failed" and not connected


@pytest.mark.parametrize("body", [
    # libc fork + setsid: as root RLIMIT_NPROC does not bind, and setsid leaves the session sweep
    """
    def softmax(z):
        libc = ctypes.CDLL(None)
        if libc.fork() == 0:
            libc.setsid()
            time.sleep(60)
        return np.zeros(len(z))
    """,
    # a setsid fork bomb
    """
    def softmax(z):
        libc = ctypes.CDLL(None)
        for _ in range(300):
            if libc.fork() == 0:
                libc.setsid()
                time.sleep(60)
        return np.zeros(len(z))
    """,
    # a raw clone syscall instead of fork
    """
    def softmax(z):
        libc = ctypes.CDLL(None)
        if libc.syscall(56, 17, 0, 0, 0, 0) == 0:  # clone(SIGCHLD) on x86_64
            time.sleep(60)
        return np.zeros(len(z))
    """,
], ids=["fork+setsid", "setsid fork bomb", "raw clone"])
def test_no_process_outlives_the_grade(attack, body):
    grade, _ = attack
    result = grade(body)  # grade() itself checks that nothing is left running
    assert result.verdict != "passed"


def test_a_worker_ignoring_sigalrm_dies_with_a_killed_app(mode, tmp_path):
    solution = tmp_path / "stubborn.py"
    solution.write_text("import signal, time\n"
                        "def softmax(z):\n"
                        "    signal.signal(signal.SIGALRM, signal.SIG_IGN)\n"
                        "    signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
                        "    time.sleep(600)\n")
    driver = textwrap.dedent(f"""
        import dataclasses, os, threading, time
        from quizapp.grading.grader import Grader
        from quizapp.grading.exercises import load_exercises
        from quizapp.paths import builtin_content_dir
        ex = next(e for e in load_exercises([builtin_content_dir() / "exercises"])[0] if e.id == "softmax")
        ex = dataclasses.replace(ex, imports=("signal", "time"), time_limit=300)
        grader = Grader(warm=False, isolation={mode!r})  # the run's expected values (tests/conftest.py): no torch
        threading.Thread(target=grader.grade, args=(ex, open({str(solution)!r}).read()), daemon=True).start()

        def stubborn(pid):  # a worker of this app whose learner code ignores SIGALRM (14) and SIGTERM (15)
            try:
                if b"{RUN_ENV}=quizapp-grade-%d-" % os.getpid() not in open(f"/proc/{{pid}}/environ", "rb").read():
                    return False
                ignored = next(int(line.split()[1], 16) for line in open(f"/proc/{{pid}}/status")
                               if line.startswith("SigIgn:"))
            except OSError:
                return False
            return ignored & (1 << 13 | 1 << 14) == 1 << 13 | 1 << 14

        deadline = time.monotonic() + 60  # torch is imported first where the cache is cold
        while not any(stubborn(p) for p in os.listdir("/proc") if p.isdigit()):
            if time.monotonic() > deadline:
                print("the learner's code never ran", flush=True)
                break
            time.sleep(0.05)
        else:
            print("ready", flush=True)
        time.sleep(600)
    """)
    app = subprocess.Popen([sys.executable, "-c", driver], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert app.stdout.readline().strip() == "ready"
        assert runs_of(f"quizapp-grade-{app.pid}-"), "the grade was not running"
    finally:
        app.kill()
        app.wait()
    deadline = time.monotonic() + 10
    while runs_of(f"quizapp-grade-{app.pid}-") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert runs_of(f"quizapp-grade-{app.pid}-") == []


# ---- forged results -----------------------------------------------------------------

FORGED = {
    "a 100-byte line with a 2 GB dtype": b'{"case": 0, "value": {"__nd__": [1], "dtype": "S2000000000", "shape": [1]}}',
    "a load_error that is not text": b'{"load_error": {"lines": ["x"]}}',
    "a passing verdict": b'{"verdict": "passed", "cases": 13}',
}


@pytest.mark.parametrize("name", sorted(FORGED))
def test_forged_result_lines_are_crashed(attack, name):
    grade, _ = attack
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = grade(f"""
        def softmax(z):
            os.write(int(sys.argv[2]), {FORGED[name]!r} + b"\\n")
            os._exit(0)
        """)
    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert result.verdict == "crashed" and isinstance(result.message, str)
    assert "could not be read" in result.message or "exited" in result.message
    assert grown_mib < 200


def test_an_ndarray_subclass_lying_about_its_dtype(attack):
    grade, _ = attack
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = grade("""
        class Liar(np.ndarray):
            @property
            def dtype(self):
                return np.dtype("S1000000000")
            @property
            def shape(self):
                return (100000, 100000)
            def tolist(self):
                return [1]
        def softmax(z):
            return np.zeros(len(z)).view(Liar)
        """)
    assert result.verdict == "failed"  # compared as the zeros it really is
    assert (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024 < 200


def test_a_forged_result_renders_without_error(attack):
    from quizapp.grading.report import render

    grade, _ = attack
    result = grade("""
        def softmax(z):
            os.write(int(sys.argv[2]), b'{"load_error": 12345}\\n{"done": true}\\n')
            os._exit(0)
        """)
    assert result.verdict == "crashed"
    assert "crashed" in render(result)


# ---- the notice ---------------------------------------------------------------------

def test_the_notice_says_once_whether_code_is_isolated(mode, exercises):
    grader = Grader(warm=False, isolation=mode)  # the run's expected values (tests/conftest.py)
    try:
        ex = exercises["softmax"]
        first, second = grader.grade(ex, ex.solution), grader.grade(ex, ex.solution)
    finally:
        grader.close()
    assert first.passed and second.passed
    if mode == "none":
        assert grader.notice.startswith("note: your code runs unisolated")
        assert first.message.startswith(grader.notice) and grader.notice not in second.message
    else:
        assert grader.notice == "" and first.message == ""


def test_refused_namespaces_fall_back_with_a_reason(monkeypatch):
    """An unavailable mode asked for by name: grading still works, unisolated, and says why."""
    monkeypatch.setenv("PATH", "/nonexistent")  # no bwrap on PATH
    isolation.choose.cache_clear()
    try:
        chosen = isolation.choose("bwrap")
    finally:
        isolation.choose.cache_clear()
    assert chosen.mode == "none" and "bubblewrap (bwrap) is not installed" in chosen.notice


# ---- as an unprivileged user ----------------------------------------------------------

UNPRIVILEGED = """
import dataclasses, json, sys
from pathlib import Path
from quizapp.grading.grader import Grader
from quizapp.grading.exercises import load_exercises
from quizapp.paths import builtin_content_dir
ex = next(e for e in load_exercises([builtin_content_dir() / "exercises"])[0] if e.id == "softmax")
ex = dataclasses.replace(ex, imports=tuple(sys.argv[4].split(",")))
grader = Grader(warm=False, isolation=sys.argv[1], cache_dir=Path(sys.argv[3]))
canary = sys.argv[2]
attacks = {
    "fork": ("import ctypes, time\\ndef softmax(z):\\n    if ctypes.CDLL(None).fork() == 0:\\n"
             "        time.sleep(60)\\n    return z\\n"),
    "canary": (f"import numpy as np\\ndef softmax(z):\\n    open({canary!r}).read()\\n"
               "    e = np.exp(z - z.max())\\n    return e / e.sum()\\n"),
    "solution": ex.solution,
}
out = {name: grader.grade(ex, source).verdict for name, source in attacks.items()}
print(json.dumps({"mode": grader.isolation.mode, "verdicts": out}))
grader.close()
"""


UNPRIVILEGED_IMPORTS = ("numpy", "ctypes", "time", "os")  # what the attacks above need


@pytest.fixture(scope="module")
def expected_for_nobody(exercises):
    """That softmax's expected values, in a folder ``nobody`` can read: computed once here
    instead of importing torch in each mode's app process (what is tested is the sandbox)."""
    folder = Path(tempfile.mkdtemp(prefix="quizapp-expected-"))  # pytest's folders are root's alone
    try:
        expected_cache.prepared(dataclasses.replace(exercises["softmax"], imports=UNPRIVILEGED_IMPORTS), folder)
        for path in (folder, *folder.iterdir()):
            path.chmod(0o755 if path.is_dir() else 0o644)
        yield folder
    finally:
        shutil.rmtree(folder)


def as_nobody(*argv: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *argv],
                          capture_output=True, text=True, **kwargs)


def test_as_an_unprivileged_user(mode, tmp_path, expected_for_nobody):
    """The app run by ``nobody``. This venv's interpreter lives under a private /root,
    so the system Python 3.11 runs it, with the venv's packages on PYTHONPATH (which
    the worker's ``-I`` ignores: unisolated, the learner then has no NumPy)."""
    if os.getuid() != 0:
        pytest.skip("needs root to drop to nobody")
    python = "/usr/bin/python3.11"
    site = str(Path(np_file()).parents[1])
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "TMPDIR": "/tmp", "PYTHONPATH": f"{ROOT}:{site}"}
    if as_nobody(python, "-c", "import numpy, quizapp", env=env, cwd="/").returncode != 0:
        pytest.skip(f"nobody cannot run {python} with this checkout's packages")
    tmp_path.chmod(0o755)
    canary = tmp_path / "canary.txt"
    canary.write_text("CANARY")
    canary.chmod(0o644)
    done = as_nobody(python, "-c", UNPRIVILEGED, mode, str(canary), str(expected_for_nobody),
                     ",".join(UNPRIVILEGED_IMPORTS), cwd="/", env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["mode"] == mode
    assert report["verdicts"]["fork"] != "passed"
    if mode != "none":
        assert report["verdicts"]["solution"] == "passed"
        assert report["verdicts"]["canary"] == "error"  # FileNotFoundError: the file is not there
