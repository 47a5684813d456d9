"""The child side of the grading sandbox: run learner code on the case arguments.

This file is run as a script (``python -I worker.py JOB_FD RESULT_FD [SITE]``)
by :mod:`quizapp.grading.sandbox`, inside the OS isolation of
:mod:`quizapp.grading.isolation` where the machine allows it, never imported
by the app, so it uses only the standard library, NumPy (from ``SITE`` when
given: the sandbox shows NumPy alone there) and its sibling ``confine.py``.
It is started *before* there is a job ("warm"): it sets its own resource
limits, imports NumPy, says it is ready on ``RESULT_FD`` (the parent's time
limit starts then), then blocks reading one job (the arguments and the
learner's source) from ``JOB_FD``. It never receives expected answers: it
only reports what the learner's function returned, one JSON line per case on
``RESULT_FD``, and the parent compares, treating those lines as untrusted
(:mod:`quizapp.grading.protocol`). The limits and guards here are defence
in depth; the parent still enforces wall time, output caps and clean-up.
"""
import builtins
import contextlib
import inspect
import json
import os
import resource
import sys
import traceback
import types

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import confine  # beside this script, which -I keeps off sys.path

del sys.path[0]

MEMORY_BYTES = 1 << 30  # NumPy plus a few arrays fit; a runaway allocation does not
FILE_BYTES = 1 << 20
OPEN_FILES = 64
MAX_RESULT_NUMBERS = 50_000  # far above any expected result; keeps every record small


def _limit(which, value):
    with contextlib.suppress(ValueError, OSError):  # a hard limit already lower: keep it
        resource.setrlimit(which, (value, value))


def _set_limits():
    _limit(resource.RLIMIT_AS, MEMORY_BYTES)
    _limit(resource.RLIMIT_FSIZE, FILE_BYTES)
    _limit(resource.RLIMIT_NOFILE, OPEN_FILES)
    _limit(resource.RLIMIT_CORE, 0)
    # No new processes or threads at all (not enforced for root: see _forbid_processes).
    _limit(resource.RLIMIT_NPROC, 0)


def _set_alarm(seconds):
    """A wall-clock deadline of the worker's own, just past the parent's: a
    sleeping learner function (no CPU, so RLIMIT_CPU never fires) still ends
    if the parent is stuck. (A killed app is handled by PR_SET_PDEATHSIG, which
    learner code cannot ignore.) A warm worker waiting for a job exits on EOF."""
    import signal

    signal.alarm(int(seconds + 0.999) + 2)


def _set_cpu_limit(seconds):
    """CPU limit counted from now: the warm-up time already spent is not charged."""
    used = resource.getrusage(resource.RUSAGE_SELF)
    spent = int(used.ru_utime + used.ru_stime) + 1
    _limit(resource.RLIMIT_CPU, spent + max(1, int(seconds + 0.999)))


def _refuse(*_args, **_kwargs):
    raise PermissionError("creating processes is not allowed in exercises")


def _forbid_processes():
    """Second guard against fork bombs: RLIMIT_NPROC does not bind root."""
    for name in ("fork", "forkpty", "vfork", "posix_spawn", "posix_spawnp", "system",
                 "execv", "execve", "execl", "execle", "execlp", "execlpe", "execvp",
                 "execvpe", "spawnv", "spawnve", "spawnl", "spawnle", "popen"):
        if hasattr(os, name):
            setattr(os, name, _refuse)
    try:
        import _posixsubprocess
        _posixsubprocess.fork_exec = _refuse
    except ImportError:  # pragma: no cover - always present on POSIX
        pass


def _import_guard(allowed, learner_name):
    """Let the learner's module import only the allowed modules.

    A teaching rule (use NumPy, not torch), not the security boundary: imports
    made by library code (NumPy importing its own parts) pass through.
    """
    original = builtins.__import__

    def guarded(name, globals=None, locals=None, fromlist=(), level=0):
        if globals is not None and globals.get("__name__") == learner_name:
            top = name.split(".")[0]
            if level or top not in allowed:
                raise ImportError(
                    f"import of {name!r} is not allowed in this exercise "
                    f"(allowed: {', '.join(sorted(allowed)) or 'none'})"
                )
        return original(name, globals, locals, fromlist, level)

    builtins.__import__ = guarded


def _learner_traceback(exc, path, display):
    """The learner's own frames only: the sandbox's frames are noise to them."""
    lines = []
    try:
        with open(path, encoding="utf-8") as f:
            source = f.read().splitlines()
    except OSError:
        source = []
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == path:
            text = source[frame.lineno - 1].strip() if frame.lineno and 0 < frame.lineno <= len(source) else ""
            lines.append(f"  {display}:{frame.lineno}, in {frame.name}")
            if text:
                lines.append(f"    {text}")
    lines.append("".join(traceback.format_exception_only(type(exc), exc)).strip())
    return "\n".join(lines)


def _to_arg(value, kind, np):
    if value is None:
        return None
    if kind == "array":
        return np.array(value, dtype=np.float64)
    if kind == "int_array":
        return np.array(value, dtype=np.int64)
    if kind == "arrays":
        return [np.array(v, dtype=np.float64) for v in value]
    if kind == "float":
        return float(value)
    return value


def _encode(value, np, depth=0):
    """Learner output as tagged JSON: arrays keep shape and dtype, tuples stay tuples."""
    if depth > 20:
        return {"__unsupported__": "nested too deeply"}
    if np is not None and isinstance(value, np.ndarray):
        value = np.asarray(value)  # a subclass's own dtype, shape or tolist() are not trusted
        if value.size > MAX_RESULT_NUMBERS:
            return {"__unsupported__": f"a {value.dtype} array of shape {value.shape} ({value.size:,} numbers; "
                                       f"results over {MAX_RESULT_NUMBERS:,} numbers are not compared)"}
        if value.dtype.kind not in "biuf":
            return {"__unsupported__": f"array of dtype {value.dtype}"}
        return {"__nd__": value.tolist(), "dtype": str(value.dtype), "shape": list(value.shape)}
    if np is not None and isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, str) and len(value) > 1000:
        return {"__unsupported__": f"a string of {len(value)} characters"}
    if isinstance(value, bool) or value is None or isinstance(value, (int, float, str)):
        return value
    if isinstance(value, tuple):
        return {"__tuple__": [_encode(v, np, depth + 1) for v in value]}
    if isinstance(value, list):
        if len(value) > MAX_RESULT_NUMBERS:
            return {"__unsupported__": f"a list of {len(value):,} items "
                                       f"(results over {MAX_RESULT_NUMBERS:,} are not compared)"}
        return [_encode(v, np, depth + 1) for v in value]
    return {"__unsupported__": type(value).__name__}


def _call(func, args):
    """Call with the case's arguments by position (the parent sends them in
    signature order), so a renamed parameter still works; when the learner's
    parameters cannot take them, say exactly why instead of a bare TypeError."""
    values = list(args.values())
    try:
        inspect.signature(func).bind(*values)
    except TypeError as exc:
        params = ", ".join(inspect.signature(func).parameters)
        raise TypeError(f"your function's parameters are ({params}); the exercise calls it with "
                        f"{len(values)} argument(s): {', '.join(args) or 'none'} ({exc})") from None
    except ValueError:  # no signature to inspect: just call it
        pass
    return func(*values)


def _emit(out, record):
    out.write(json.dumps(record, allow_nan=True) + "\n")
    out.flush()


def _run_job(job, out):
    np: types.ModuleType | None = None
    if "numpy" in job["allowed"]:
        import numpy as np  # already imported while warm: this is a dict lookup
    elif "numpy" in sys.modules:
        import numpy as np  # for converting arguments only; the learner still may not import it
    # ``path`` is a bare file name in the working directory, so that warnings,
    # linecache and tracebacks all show the learner's own file name.
    path, learner = job["path"], "solution"
    display = path
    if np is not None and job.get("strict_float"):  # the prompt forbids overflow warnings
        np.seterr(over="raise", invalid="raise", divide="raise")
    with open(path, "w", encoding="utf-8") as f:
        f.write(job["source"])
    _set_cpu_limit(job["time_limit"])
    _set_alarm(job["time_limit"])
    _forbid_processes()
    confine.forbid_syscalls()
    _import_guard(set(job["allowed"]), learner)
    namespace = {"__name__": learner, "__file__": display, "__builtins__": builtins}
    try:
        with open(path, encoding="utf-8") as f:
            code = compile(f.read(), path, "exec")
        exec(code, namespace)
    except MemoryError:
        _emit(out, {"memory": "while loading your file"})
        return
    except Exception as exc:  # the learner's module failed to load
        _emit(out, {"load_error": _learner_traceback(exc, path, display)})
        return
    func = namespace.get(job["function"])
    if not callable(func):
        _emit(out, {"load_error": f"{display} does not define a function {job['function']}()"})
        return
    for index, case in enumerate(job["cases"]):
        try:
            args = {k: _to_arg(v, job["types"][k], np) for k, v in case["args"].items()}
            value = _call(func, args)
            _emit(out, {"case": index, "value": _encode(value, np)})
        except MemoryError:
            _emit(out, {"case": index, "memory": "MemoryError"})
            return
        except Exception as exc:
            _emit(out, {"case": index, "error": _learner_traceback(exc, path, display)})
    sys.stdout.flush()  # before the end record: the parent stops reading when it arrives
    sys.stderr.flush()
    _emit(out, {"done": True})


def main():
    job_fd, result_fd = int(sys.argv[1]), int(sys.argv[2])
    if len(sys.argv) > 3:
        sys.path.insert(0, sys.argv[3])
    confine.die_with_parent()
    _set_limits()
    with contextlib.suppress(ImportError):
        import numpy  # noqa: F401 - warm-up: the reason this worker is started early
    with contextlib.suppress(OSError):  # the parent starts the time limit now (it may be gone)
        os.write(result_fd, b'{"ready": true}\n')
    with os.fdopen(job_fd, "rb") as f:
        raw = f.read()
    if not raw:  # the parent closed without a job: shutting down
        return
    out = os.fdopen(result_fd, "w", encoding="utf-8")
    _run_job(json.loads(raw), out)
    out.close()
    sys.stdout.flush()


if __name__ == "__main__":
    main()
