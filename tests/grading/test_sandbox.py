"""Hostile learner code: each gets its verdict and a clear message within the
time limit, the grader keeps working, and no process is left behind."""
from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import time

import pytest

from quizapp.grading import grader as grader_module
from quizapp.grading import sandbox
from quizapp.grading.grader import Grader
from quizapp.grading.isolation import Isolation
from quizapp.grading.sandbox import RUN_DIR_PREFIX, remove_orphaned_run_dirs, session_members

from .grading_support import RecordingWorker

HOSTILE = {
    "infinite loop": ("def softmax(z):\n    while True:\n        pass\n", "timeout", "time limit"),
    "endless printing": ("def softmax(z):\n    while True:\n        print('spam')\n",
                         "output-limit", "printed more than"),
    "huge allocation": ("import numpy as np\ndef softmax(z):\n    return np.ones(10**10)\n", "memory", "out of memory"),
    "huge bytearray at import": ("junk = bytearray(4 * 1024**3)\ndef softmax(z):\n    return z\n",
                                 "memory", "out of memory"),
    "fork loop": ("import os\ndef softmax(z):\n    while True:\n        os.fork()\n",
                  "error", "creating processes is not allowed"),
    "sys.exit before tests": ("import sys\nsys.exit(0)\ndef softmax(z):\n    return z\n",
                              "crashed", "exited (status 0) before the tests finished"),
    "os._exit before tests": ("import os\nos._exit(0)\ndef softmax(z):\n    return z\n",
                              "crashed", "exited (status 0) before the tests finished"),
    "segfault": ("import ctypes\ndef softmax(z):\n    return ctypes.string_at(0)\n",
                 "crashed", "killed by signal SIGSEGV"),
    "syntax error": ("import numpy as np\n\ndef softmax(z:\n    return z\n", "error", "solution.py:3: SyntaxError"),
    "stray child sleeping": ("import ctypes, time\ndef softmax(z):\n    ctypes.CDLL(None).fork()\n    time.sleep(60)\n",
                             "timeout", "time limit"),
}


def group_gone(pgid: int, wait: float = 3.0) -> bool:
    """True once no process (zombies included) is left in the group. A killed
    stray is re-parented to init, which reaps it a moment later."""
    deadline = time.monotonic() + wait
    while True:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)


def assert_nothing_left(workers):
    for worker in workers:
        assert worker.used
        assert session_members(worker.pgid) == []  # nothing alive, right away
        assert group_gone(worker.pgid)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_code(name, hostile):
    grader, exercise = hostile
    source, verdict, message = HOSTILE[name]
    start = time.monotonic()
    result = grader.grade(exercise, source, "solution.py")
    elapsed = time.monotonic() - start
    assert result.verdict == verdict, (result.verdict, result.message, result.cases[:1])
    text = result.message + " ".join(c.message for c in result.cases)
    assert message in text
    assert elapsed < 0.5 + 3.0  # the limit plus process start and clean-up
    assert_nothing_left([w for w in RecordingWorker.started if w.used])
    # the grader keeps working after it
    assert grader.grade(exercise, exercise.solution).verdict == "passed"


def test_exception_traceback_shows_only_learner_lines(hostile):
    grader, exercise = hostile
    source = ("import numpy as np\n\ndef helper(z):\n    return z / undefined_name\n\n"
              "def softmax(z):\n    return helper(z)\n")
    result = grader.grade(exercise, source, "mine.py")
    assert result.verdict == "error"
    message = result.cases[0].message
    assert "mine.py:7, in softmax" in message and "mine.py:4, in helper" in message
    assert "NameError: name 'undefined_name' is not defined" in message
    assert "worker.py" not in message and "quizapp" not in message


def test_disallowed_import_is_an_error(exercises, grader):
    result = grader.grade(exercises["softmax"], "import os\ndef softmax(z):\n    return z\n")
    assert result.verdict == "error"
    assert "import of 'os' is not allowed" in result.message


def test_missing_function(exercises, grader):
    result = grader.grade(exercises["softmax"], "def soft_max(z):\n    return z\n", "s.py")
    assert result.verdict == "error" and "does not define a function softmax()" in result.message


def test_learner_cannot_see_expected_values(exercises, grader):
    """The child only gets arguments: printing its whole job shows no answers."""
    source = ("import numpy as np\ndef softmax(z):\n    print(sorted(globals()))\n    return z\n")
    result = grader.grade(exercises["softmax"], source)
    assert "expected" not in result.stdout and "0.0900306" not in result.stdout


def test_warm_worker_is_faster_than_cold(exercises):
    ex = exercises["softmax"]
    warm, cold = Grader(warm=True), Grader(warm=False)
    try:
        for g in (warm, cold):
            g.grade(ex, ex.solution)  # torch reference computed and cached
        time.sleep(0.5)  # let the next warm worker finish importing NumPy
        t = time.monotonic()
        warm.grade(ex, ex.solution)
        warm_s = time.monotonic() - t
        t = time.monotonic()
        cold.grade(ex, ex.solution)
        cold_s = time.monotonic() - t
    finally:
        warm.close()
        cold.close()
    assert warm_s < cold_s


def _slow_to_start(monkeypatch, seconds: float) -> None:
    """Every worker waits ``seconds`` before it starts, as on a cold disk or a busy machine."""
    command = Isolation.worker_command
    monkeypatch.setattr(Isolation, "worker_command", lambda self, run_dir, fds: [
        "sh", "-c", f'sleep {seconds}; exec "$@"', "sh", *command(self, run_dir, fds)])


def test_the_time_limit_starts_when_the_worker_is_ready(exercises, monkeypatch):
    """The limit is the learner's code's: a first grade whose worker takes 0.8 s to start
    (cold, not warmed ahead) still gives the code its whole 0.5 s. It counted from the
    moment the job was sent, so the start used it up and a right answer timed out."""
    _slow_to_start(monkeypatch, 0.8)
    ex = exercises["softmax"]
    g = Grader(warm=False, time_limit=0.5)
    g.expected(ex)  # computed first, so the job is sent at once, while the worker still starts
    try:
        result = g.grade(ex, ex.solution)
    finally:
        g.close()
    assert result.verdict == "passed", result.message
    assert result.duration >= 0.8


def test_a_worker_that_never_gets_ready_is_an_error_that_blames_no_code(exercises, monkeypatch):
    _slow_to_start(monkeypatch, 60)
    monkeypatch.setattr(sandbox, "START_LIMIT", 1.0)
    ex = exercises["softmax"]
    g = Grader(warm=False, time_limit=0.5)
    g.expected(ex)
    try:
        t = time.monotonic()
        result = g.grade(ex, ex.solution)
        took = time.monotonic() - t
    finally:
        g.close()
    assert result.verdict == "error" and "did not start within 1 s" in result.message
    assert "nothing of your code ran" in result.message and took < 10


def test_worker_ends_by_itself_when_the_app_is_killed_mid_grade(tmp_path):
    """SIGKILL the app while learner code sleeps: the worker must not live on."""
    import textwrap

    solution = tmp_path / "sleepy.py"
    # Sleeping uses no CPU, so only a wall-clock deadline ends it. (exec in fresh
    # globals gets past the teaching-only import rule, as a learner could.)
    solution.write_text('def softmax(z):\n    exec("import time; time.sleep(600)", {})\n', encoding="utf-8")
    driver = textwrap.dedent(f"""
        import os, sys, threading
        from quizapp.grading.grader import Grader
        from quizapp.grading.exercises import load_exercises
        from quizapp.paths import builtin_content_dir
        ex = next(e for e in load_exercises([builtin_content_dir() / "exercises"])[0] if e.id == "softmax")
        grader = Grader(warm=False)
        threading.Thread(target=grader.grade, args=(ex, open({str(solution)!r}).read()), daemon=True).start()
        import time

        def parent(pid):
            return int(open(f"/proc/{{pid}}/stat").read().split(")")[1].split()[1])

        def ours(pid):  # a descendant of this app (bwrap puts itself in between)
            while pid > 1:
                pid = parent(pid)
                if pid == os.getpid():
                    return True
            return False

        def workers():
            found = []
            for p in os.listdir("/proc"):
                try:
                    if p.isdigit() and b"worker.py" in open(f"/proc/{{p}}/cmdline", "rb").read() and ours(int(p)):
                        found.append(p)
                except OSError:
                    pass
            return found

        # A cold expected-value cache means importing torch first: wait for the worker to start.
        deadline = time.monotonic() + 60
        while not workers() and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.5)  # the learner's code is now asleep inside it
        print(" ".join(workers()), flush=True)
        time.sleep(600)
    """)
    private_tmp = tmp_path / "tmp"  # other tests' graders sweep the shared temp folder
    private_tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(private_tmp)}
    app = subprocess.Popen([sys.executable, "-c", driver], stdout=subprocess.PIPE, text=True, env=env)
    try:
        workers = [int(p) for p in app.stdout.readline().split()]
    finally:
        app.kill()
        app.wait()
    assert workers, "no worker was running"
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(p) for p in workers):
        time.sleep(0.2)
    assert not any(_alive(p) for p in workers)
    left = list(private_tmp.glob(f"{RUN_DIR_PREFIX}{app.pid}-*"))
    assert left, "the killed app's run folder should still be there"
    next_app = "from quizapp.grading.grader import Grader; Grader(warm=False).close()"
    subprocess.run([sys.executable, "-c", next_app], env=env, check=True, timeout=60)
    assert not any(folder.exists() for folder in left)  # the next grader swept it


def test_only_folders_of_processes_that_are_gone_are_removed(tmp_path):
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    names = [f"{RUN_DIR_PREFIX}{gone.pid}-abc", f"{RUN_DIR_PREFIX}{os.getpid()}-def",
             f"{RUN_DIR_PREFIX}{os.getppid()}-ghi", f"{RUN_DIR_PREFIX}nopid-jkl", "quizapp-other-1-x"]
    for name in names:
        (tmp_path / name).mkdir()
        (tmp_path / name / "solution.py").write_text("x = 1\n")
    assert remove_orphaned_run_dirs(str(tmp_path)) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names[1:])


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            state = f.read().split(")")[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_ctrl_c_during_a_grade_stops_the_learner_code_at_once(exercises, monkeypatch):
    """Ctrl-C (KeyboardInterrupt) while learner code runs: the grade ends now and its
    worker is gone, instead of waiting for the code (here a 600 s sleep) to finish or
    reach its deadline. Before, the interrupted run waited for the worker to exit."""
    monkeypatch.setattr(grader_module, "Worker", RecordingWorker)
    RecordingWorker.started = []
    ex = dataclasses.replace(exercises["softmax"], time_limit=60.0)
    sleepy = 'def softmax(z):\n    exec("import time; time.sleep(600)", {})\n'
    grader = Grader(warm=False)
    grader.expected(ex)  # so that the interrupt comes while the learner's code sleeps

    def interrupt(*_):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, interrupt)
    try:
        signal.setitimer(signal.ITIMER_REAL, 1.0)
        start = time.monotonic()
        with pytest.raises(KeyboardInterrupt):
            grader.grade(ex, sleepy)
        elapsed = time.monotonic() - start
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        grader.close()
    assert elapsed < 5, elapsed
    assert_nothing_left(RecordingWorker.started)
