"""Run learner code in a separate, isolated process and collect what it reports.

The learner's file runs in a child ``python -I`` (``worker.py``) inside the
OS isolation of :mod:`quizapp.grading.isolation` (namespaces through
bubblewrap or the jail, or none where the kernel refuses them), in its own
session and process group, with a minimal environment and stdin closed. The
child sets its own resource limits and seccomp filter; this side enforces
what a child cannot be trusted with: the wall-time limit, the output caps,
the validation of its results (:mod:`quizapp.grading.protocol`) and the
clean-up. Whatever happens, the whole process group is killed and the
session swept before :meth:`Worker.run` returns.

Workers are started from one long-lived thread (``_spawner``): the child's
``PR_SET_PDEATHSIG`` fires when the *thread* that started it ends, and the
TUI grades in short-lived threads, which would kill every warm worker.

A :class:`Worker` is started before it has a job, so that NumPy is already
imported when the learner presses "grade"; it then runs exactly one job. The
time limit is the learner's code's: it starts when the worker says it is ready
(:data:`READY_LINE`), not when the job is sent, so a worker still starting (the
first grade of a session, a cold disk) does not use it up.
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import selectors
import shutil
import signal
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from quizapp.grading import protocol
from quizapp.grading.isolation import Isolation, choose

OUTPUT_LIMIT = 64 * 1024  # learner stdout + stderr
RESULT_LIMIT = protocol.RESULT_LIMIT  # the JSON lines of returned values
LEARNER_FILE = "solution.py"
SAFE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,80}\.py$")
RUN_DIR_PREFIX = "quizapp-grade-"  # then the owning app's pid, "-", random
RUN_ENV = "QUIZAPP_GRADE_RUN"  # the run folder's name, set for the worker and inherited by anything it starts
DONE_LINE = b'{"done": true}\n'  # the worker's last record, as json.dumps writes it
READY_LINE = b'{"ready": true}\n'  # its first, before it reads a job: NumPy is imported, learner code not yet run
START_LIMIT = 30.0  # seconds a worker may take to get ready (a cold disk, a busy machine) before the grade gives up
_spawner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="quizapp-sandbox-spawn")  # lives as long as the app


def _write_all(fd: int, data: bytes) -> None:
    """The job can exceed the pipe buffer (a source of up to 1 MiB); the worker is reading."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


@dataclass
class RunOutcome:
    """What came back from one run; the grader turns it into a verdict."""

    records: list[dict] = field(default_factory=list)
    output: str = ""
    returncode: int | None = None
    killed_for: str | None = None  # "start", "timeout", "output-limit" or "result-limit" when we killed it
    duration: float = 0.0
    stray: int = 0  # processes left in the session after the worker, killed by us
    malformed: str = ""  # why the result lines were rejected (the verdict is then "crashed")


def session_members(sid: int, outside_group: bool = False) -> list[int]:
    """Live (non-zombie) processes in session or process group ``sid``, from /proc;
    with ``outside_group``, only those that left the group (not reached by ``killpg``)."""
    found: list[int] = []
    try:
        entries = os.listdir("/proc")
    except OSError:
        return found
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read().decode("ascii", "replace")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[-1].split()
        if (len(fields) > 3 and fields[0] != "Z" and sid in (int(fields[2]), int(fields[3]))
                and not (outside_group and int(fields[2]) == sid)):
            found.append(int(entry))
    return found


def sweep(pgid: int, rounds: int = 50) -> int:
    """Kill everything in the child's group and session; return how many strays there were.

    A stray is a process that had left the group (``setpgid``), so the group kill
    missed it; members of the group already killed may take a moment to go.
    """
    strays: set[int] = set()
    for _ in range(rounds):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pgid, signal.SIGKILL)
        alive = [p for p in session_members(pgid) if p != pgid]
        if not alive:
            return len(strays)
        strays.update(p for p in session_members(pgid, outside_group=True) if p != pgid)
        for pid in alive:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.01)
    return len(strays)


def remove_orphaned_run_dirs(temp_root: str | None = None) -> int:
    """Delete run folders whose app process is gone; return how many.

    An app that is killed cannot remove its warm worker's folder (the worker
    itself exits when its job pipe closes). Only this user's folders are
    touched, and a folder whose pid is alive, even if reused, is kept.
    """
    root, removed = Path(temp_root or tempfile.gettempdir()), 0
    for folder in root.glob(f"{RUN_DIR_PREFIX}*-*"):
        pid = folder.name[len(RUN_DIR_PREFIX):].split("-", 1)[0]
        try:
            if not pid.isdigit() or folder.stat().st_uid != os.getuid() or _process_exists(int(pid)):
                continue
        except OSError:
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed += 1
    return removed


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        pass
    return True


class Worker:
    """One sandboxed child process, started warm, good for exactly one job."""

    def __init__(self, isolation: Isolation | None = None) -> None:
        """Returns at once: the process starts on the spawner thread (see :attr:`proc`)."""
        self.isolation = isolation or choose()
        # The none mode's working folder, the jail's mount point; always ours to remove.
        self.dir = tempfile.mkdtemp(prefix=f"{RUN_DIR_PREFIX}{os.getpid()}-")
        self.token = os.path.basename(self.dir)  # in the child's environment: how tests find its processes
        job_r, self._job_w = os.pipe()
        self._res_r, res_w = os.pipe()
        self._starting = _spawner.submit(self._start, job_r, res_w)
        self.used = self._done_early = self._closed = False

    def _start(self, job_r: int, res_w: int) -> subprocess.Popen:
        try:
            return subprocess.Popen(
                self.isolation.worker_command(self.dir, (job_r, res_w)),
                cwd=self.dir,
                env={**self.isolation.child_env(self.dir), RUN_ENV: self.token},
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                pass_fds=(job_r, res_w),
                start_new_session=True,
            )
        finally:
            os.close(job_r)
            os.close(res_w)

    @property
    def proc(self) -> subprocess.Popen:
        """The worker process (waits for its start; raises OSError if it could not start)."""
        return self._starting.result()

    @property
    def pgid(self) -> int:
        return self.proc.pid  # start_new_session: the child leads its own group

    def alive(self) -> bool:
        try:
            return self.proc.poll() is None
        except OSError:
            return False

    def run(self, job: dict, source: str, time_limit: float, filename: str = LEARNER_FILE,
            output_limit: int = OUTPUT_LIMIT) -> RunOutcome:
        """Send one job, collect results until exit, deadline or cap; always clean up.

        The source is saved under the learner's own file name (when it is a
        plain ``name.py``) so that warnings and tracebacks name their file.
        """
        if self.used:
            raise RuntimeError("a Worker runs one job only")
        self.used = True
        name = Path(filename).name
        if not SAFE_NAME.match(name):
            name = LEARNER_FILE
        job = {**job, "path": name, "time_limit": time_limit, "source": source}
        start = time.monotonic()
        try:
            _write_all(self._job_w, json.dumps(job).encode())
        except BrokenPipeError:
            pass  # it died while waiting; reported below as an early exit
        finally:
            os.close(self._job_w)
            self._job_w = -1
        outcome, collected = RunOutcome(), False
        try:
            results = self._collect(outcome, time_limit, output_limit)
            collected = True
        finally:  # interrupted (Ctrl-C while learner code runs): kill it now, do not wait for it
            self._finish(outcome, interrupted=not collected)
        outcome.duration = time.monotonic() - start
        parsed = protocol.parse(results, len(job.get("cases", ())))
        outcome.records, outcome.malformed = parsed.records, parsed.problem
        return outcome

    def _collect(self, outcome: RunOutcome, time_limit: float, output_limit: int) -> bytes:
        """Read until the end record, an exit, a cap or the deadline: ``time_limit`` from
        the ready record (which is taken off the results), :data:`START_LIMIT` before it."""
        output, results = bytearray(), bytearray()
        sel = selectors.DefaultSelector()
        assert self.proc.stdout is not None and self.proc.stderr is not None  # spawned with pipes
        sel.register(self.proc.stdout.fileno(), selectors.EVENT_READ, output)
        sel.register(self.proc.stderr.fileno(), selectors.EVENT_READ, output)
        sel.register(self._res_r, selectors.EVENT_READ, results)
        ready, deadline = False, time.monotonic() + START_LIMIT
        try:
            while sel.get_map():
                left = deadline - time.monotonic()
                if left <= 0:
                    outcome.killed_for = "timeout" if ready else "start"
                    break
                for key, _ in sel.select(timeout=left):
                    chunk = os.read(key.fd, 65536)
                    if not chunk:
                        sel.unregister(key.fd)
                        continue
                    key.data.extend(chunk)
                if not ready and results.startswith(READY_LINE):
                    ready, deadline = True, time.monotonic() + time_limit
                    del results[:len(READY_LINE)]
                if results.endswith(DONE_LINE):  # all reported: no need to wait for its exit
                    self._drain(sel, output)
                    self._done_early = True
                    break
                if len(output) > output_limit:
                    outcome.killed_for = "output-limit"
                    break
                if len(results) > RESULT_LIMIT:
                    outcome.killed_for = "result-limit"
                    break
            if outcome.killed_for is None and not self._done_early:  # pipes closed; it may still linger
                try:
                    self.proc.wait(timeout=max(0.0, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    outcome.killed_for = "timeout" if ready else "start"
        finally:
            sel.close()
        outcome.output = bytes(output[:output_limit]).decode("utf-8", "replace")
        return bytes(results)

    @staticmethod
    def _drain(sel, output: bytearray) -> None:
        """What the learner printed is flushed before the end record: take what is in the pipes."""
        while len(output) <= OUTPUT_LIMIT:
            ready = [key for key, _ in sel.select(timeout=0) if key.data is output]
            chunks = [os.read(key.fd, 65536) for key in ready]
            if not any(chunks):
                return
            for chunk in chunks:
                output.extend(chunk)

    def _finish(self, outcome: RunOutcome, interrupted: bool) -> None:
        if interrupted or outcome.killed_for or self._done_early:
            self._kill()
        outcome.returncode = self.isolation.exit_status(self.proc.wait())
        outcome.stray = self.close()

    def _kill(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pgid, signal.SIGKILL)

    def close(self) -> int:
        """Kill the group if still there, release pipes and the temporary folder;
        returns how many strays the sweep found. Only the first call does anything
        (``run`` closes, then the Grader does: one ``/proc`` sweep, not three)."""
        if self._closed:
            return 0
        try:
            proc = self.proc
        except OSError:
            proc = None
        strays = 0
        if proc is not None:
            if proc.poll() is None:
                self._kill()
                proc.wait()
            strays = sweep(proc.pid)
        self._closed = True  # only now: a close interrupted above (Ctrl-C) is done again by the next
        for fd in (self._job_w, self._res_r):
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._job_w = self._res_r = -1
        for stream in (proc.stdout, proc.stderr) if proc else ():
            if stream:
                stream.close()
        shutil.rmtree(self.dir, ignore_errors=True)
        return strays
