"""Which OS isolation wraps the grading worker, and the command line for it.

Three modes, best first:

* ``bwrap``: bubblewrap, where installed: new user, PID, mount, network,
  IPC and UTS namespaces, the filesystem of :mod:`quizapp.grading.view`,
  ``--die-with-parent``. The isolation the platform already provides.
* ``unshare``: the same namespaces and view made by
  :mod:`quizapp.grading.jail` with the namespace syscalls, for a machine
  without bubblewrap.
* ``none``: where the kernel refuses namespaces (some containers, hardened
  kernels). Grading still works with the resource limits, the seccomp filter
  and the process sweep, but the code can read the user's files; the grader
  says so once (:attr:`Isolation.notice`).

``auto`` (the default) takes the first mode whose probe (a real sandboxed
``true``, once per process) succeeds. ``QUIZAPP_ISOLATION`` or the Grader's
``isolation`` argument asks for one mode; one that is unavailable falls back
to ``none`` and the notice says why.
"""
from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from quizapp.grading import view

ENV = "QUIZAPP_ISOLATION"
MODES = ("bwrap", "unshare", "none")
JAIL_SCRIPT = str(Path(__file__).with_name("jail.py"))
WORKER_SCRIPT = str(Path(__file__).with_name("worker.py"))
INSIDE_UID = 65534  # "nobody" inside the user namespace, whoever runs the app
PROBE_SECONDS = 10


@dataclass(frozen=True)
class Isolation:
    """The mode in use; ``reason`` says why it is ``none`` when it is."""

    mode: str
    reason: str = ""

    @property
    def isolated(self) -> bool:
        return self.mode != "none"

    @property
    def notice(self) -> str:
        """One line for the learner when their code is not isolated, else ``""``."""
        if self.isolated:
            return ""
        return ("note: your code runs unisolated (it can read your files): "
                f"{self.reason or 'isolation is turned off'}")

    def worker_command(self, run_dir: str, fds: tuple[int, int]) -> list[str]:
        """The argv that starts ``worker.py JOB_FD RESULT_FD [SITE]`` in this mode."""
        job_fd, result_fd = (str(fd) for fd in fds)
        if self.mode == "none":
            return [sys.executable, "-I", WORKER_SCRIPT, job_fd, result_fd]
        worker = [view.interpreter(), "-I", f"{view.CODE}/worker.py", job_fd, result_fd, view.SITE]
        if self.mode == "bwrap":
            return [*bwrap_prefix(), "--", *worker]
        return [*jail_prefix(run_dir), "--", *worker]

    def child_env(self, run_dir: str) -> dict:
        return child_env(None if self.isolated else run_dir)

    def exit_status(self, returncode: int) -> int:
        """Both wrappers report a child killed by signal N as 128+N; give it back as -N."""
        if self.isolated and 128 < returncode < 128 + 65:
            return -(returncode - 128)
        return returncode


def bwrap_prefix() -> list[str]:
    """``bwrap`` and its options for :func:`quizapp.grading.view.entries`."""
    args = [shutil.which("bwrap") or "bwrap", "--unshare-all", "--unshare-user",
            "--uid", str(INSIDE_UID), "--gid", str(INSIDE_UID), "--hostname", "grade",
            "--die-with-parent", "--new-session"]
    for kind, source, dest in view.entries():
        if kind == "ro":
            args += ["--ro-bind", source, dest]
        elif kind == "dev":
            args += ["--dev-bind", source, dest]
        elif kind == "symlink":
            args += ["--symlink", source, dest]
        elif kind == "hide":
            args += ["--tmpfs", dest, "--remount-ro", dest]
        elif kind == "tmpfs":
            args += ["--size", str(view.RUN_BYTES), "--perms", "0700", "--tmpfs", dest, "--chdir", dest]
        elif kind == "proc":
            args += ["--proc", dest]
    return [*args, "--remount-ro", "/"]  # bwrap's own root tmpfs: no unlimited writable space


def jail_prefix(root: str | None) -> list[str]:
    """:mod:`quizapp.grading.jail` with the view; ``root`` None: a temporary one (the probe)."""
    spec = {"root": root, "entries": view.entries(), "run_bytes": view.RUN_BYTES}
    return [view.interpreter(), "-I", JAIL_SCRIPT, json.dumps(spec)]


def child_env(run_dir: str | None = None) -> dict:
    """Only what the child needs: no tokens, no PYTHON* settings, one BLAS thread.

    ``run_dir``: the working folder as the child sees it (the host folder when
    unisolated; inside the sandbox it is always :data:`view.RUN`).
    """
    home = run_dir or view.RUN
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin") if run_dir else "/usr/bin:/bin",
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "LC_ALL": "C.UTF-8",
        "HOME": home,
        "TMPDIR": home,
    }


def _probe(mode: str) -> str:
    """``""`` when ``mode`` can start a sandboxed process here, else why not."""
    if mode == "bwrap":
        if shutil.which("bwrap") is None:
            return "bubblewrap (bwrap) is not installed"
        command = [*bwrap_prefix(), "--", view.interpreter(), "-I", "-S", "-c", "pass"]
    else:
        command = [*jail_prefix(None), "--", view.interpreter(), "-I", "-S", "-c", "pass"]
    try:
        done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, timeout=PROBE_SECONDS,
                              env=child_env(), cwd="/")
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"{mode} could not start ({e})"
    if done.returncode != 0:
        last = (done.stderr.decode("utf-8", "replace").strip().splitlines() or [f"status {done.returncode}"])[-1]
        return f"the kernel refused {mode} namespaces ({last.strip()[:160]})"
    return ""


@functools.cache
def choose(requested: str | None = None) -> Isolation:
    """The mode to use for ``requested`` (else ``$QUIZAPP_ISOLATION``, else ``auto``)."""
    wanted = (requested or os.environ.get(ENV) or "auto").strip().lower()
    if wanted == "none":
        return Isolation("none", f"{ENV}=none" if not requested else "isolation was turned off")
    if wanted not in ("auto", *MODES):
        return Isolation("none", f"unknown isolation mode {wanted!r} (use auto, bwrap, unshare or none)")
    reasons = []
    for mode in (("bwrap", "unshare") if wanted == "auto" else (wanted,)):
        why = _probe(mode)
        if not why:
            return Isolation(mode)
        reasons.append(why)
    return Isolation("none", "; ".join(reasons))


def available(mode: str) -> str:
    """``""`` when ``mode`` works on this machine, else why not (for tests and ``--debug``)."""
    return "" if mode == "none" else _probe(mode)
