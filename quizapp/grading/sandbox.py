"""Run learner code in a separate, limited process and collect what it reports.

The learner's file runs in a child ``python -I`` (the app's own interpreter) in
a fresh temporary directory, in its own session and process group, with a
minimal environment and stdin closed. The child (``worker.py``) sets its own
resource limits; this side enforces what a child cannot be trusted with: the
wall-time limit, the output caps, and the clean-up. Whatever happens, the whole
process group is killed and the session swept before :meth:`Worker.run`
returns, so a fork loop or a stray child never outlives the grading.

A :class:`Worker` is started before it has a job, so that NumPy is already
imported when the learner presses "grade"; it then runs exactly one job.
"""
from __future__ import annotations

import json
import os
import re
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

WORKER_SCRIPT = str(Path(__file__).with_name("worker.py"))
OUTPUT_LIMIT = 64 * 1024  # learner stdout + stderr
RESULT_LIMIT = 32 * 1024 * 1024  # the JSON lines of returned values
LEARNER_FILE = "solution.py"
SAFE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,80}\.py$")
RUN_DIR_PREFIX = "quizapp-grade-"  # then the owning app's pid, "-", random


def child_env() -> dict:
    """Only what the child needs: no tokens, no PYTHON* settings, one BLAS thread."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "LC_ALL": "C.UTF-8",
    }


@dataclass
class RunOutcome:
    """What came back from one run; the grader turns it into a verdict."""

    records: list[dict] = field(default_factory=list)
    output: str = ""
    returncode: int | None = None
    killed_for: str | None = None  # "timeout" or "output-limit" when we killed it
    duration: float = 0.0
    stray: int = 0  # processes left in the session after the worker, killed by us
    bad_records: bool = False


def session_members(sid: int) -> list[int]:
    """Live (non-zombie) processes in session or process group ``sid``, from /proc."""
    found = []
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
        if len(fields) > 3 and fields[0] != "Z" and sid in (int(fields[2]), int(fields[3])):
            found.append(int(entry))
    return found


def sweep(pgid: int, rounds: int = 50) -> int:
    """Kill everything in the child's group and session; return how many strays there were."""
    strays: set[int] = set()
    for _ in range(rounds):
        try:
            os.killpg(pgid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        alive = [p for p in session_members(pgid) if p != pgid]
        if not alive:
            return len(strays)
        strays.update(alive)
        for pid in alive:
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
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

    def __init__(self) -> None:
        self.dir = tempfile.mkdtemp(prefix=f"{RUN_DIR_PREFIX}{os.getpid()}-")
        job_r, self._job_w = os.pipe()
        self._res_r, res_w = os.pipe()
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-I", WORKER_SCRIPT, str(job_r), str(res_w)],
                cwd=self.dir,
                env=child_env(),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                pass_fds=(job_r, res_w),
                start_new_session=True,
            )
        except BaseException:
            for fd in (self._job_w, self._res_r):
                os.close(fd)
            shutil.rmtree(self.dir, ignore_errors=True)
            raise
        finally:
            os.close(job_r)
            os.close(res_w)
        self.pgid = self.proc.pid  # start_new_session: the child leads its own group
        self.used = False

    def alive(self) -> bool:
        return self.proc.poll() is None

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
        Path(self.dir, name).write_text(source, encoding="utf-8")
        job = {**job, "path": name, "time_limit": time_limit}
        start = time.monotonic()
        try:
            os.write(self._job_w, json.dumps(job).encode())  # tiny next to the pipe buffer
        except BrokenPipeError:
            pass  # it died while waiting; reported below as an early exit
        finally:
            os.close(self._job_w)
            self._job_w = -1
        outcome = RunOutcome()
        try:
            results = self._collect(outcome, start + time_limit, output_limit)
        finally:
            self._finish(outcome)
        outcome.duration = time.monotonic() - start
        for line in results.decode("utf-8", "replace").splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                outcome.bad_records = True
                continue
            if isinstance(record, dict):
                outcome.records.append(record)
            else:
                outcome.bad_records = True
        return outcome

    def _collect(self, outcome: RunOutcome, deadline: float, output_limit: int) -> bytes:
        output, results = bytearray(), bytearray()
        sel = selectors.DefaultSelector()
        sel.register(self.proc.stdout.fileno(), selectors.EVENT_READ, output)
        sel.register(self.proc.stderr.fileno(), selectors.EVENT_READ, output)
        sel.register(self._res_r, selectors.EVENT_READ, results)
        try:
            while sel.get_map():
                left = deadline - time.monotonic()
                if left <= 0:
                    outcome.killed_for = "timeout"
                    break
                for key, _ in sel.select(timeout=left):
                    chunk = os.read(key.fd, 65536)
                    if not chunk:
                        sel.unregister(key.fd)
                        continue
                    key.data.extend(chunk)
                if len(output) > output_limit or len(results) > RESULT_LIMIT:
                    outcome.killed_for = "output-limit"
                    break
            if outcome.killed_for is None:  # pipes closed; the process may still linger
                try:
                    self.proc.wait(timeout=max(0.0, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    outcome.killed_for = "timeout"
        finally:
            sel.close()
        outcome.output = bytes(output[:output_limit]).decode("utf-8", "replace")
        return bytes(results)

    def _finish(self, outcome: RunOutcome) -> None:
        if outcome.killed_for:
            self._kill()
        outcome.returncode = self.proc.wait()
        outcome.stray = sweep(self.pgid)
        self.close()

    def _kill(self) -> None:
        try:
            os.killpg(self.pgid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass

    def close(self) -> None:
        """Kill the group if still there, release pipes and the temporary folder."""
        if self.proc.poll() is None:
            self._kill()
            self.proc.wait()
        sweep(self.pgid)
        for fd in (self._job_w, self._res_r):
            if fd >= 0:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self._job_w = self._res_r = -1
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream:
                stream.close()
        shutil.rmtree(self.dir, ignore_errors=True)
