"""Grade a learner's source file against an exercise: one verdict, per-case results.

:class:`Grader` keeps one warm sandbox worker (NumPy already imported) so the
next grade does not pay for process start-up; each worker runs one job and the
next is started in the background right after. Expected values are computed
once per exercise with torch and kept, in memory and on disk
(:mod:`quizapp.grading.expected_cache`), so a cold grade needs no torch.
Verdicts are exactly ``passed failed error timeout memory output-limit crashed``.

The isolation in use is :attr:`Grader.isolation`; when learner code runs
unisolated, :attr:`Grader.notice` says so in one line, and the first result
of each Grader carries it at the top of its message (so ``quizapp grade``
and the TUI both show it once).
"""
from __future__ import annotations

import atexit
import signal
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

from quizapp.grading import expected_cache, sandbox
from quizapp.grading.cases import PreparedCase, check, decode, with_inputs
from quizapp.grading.isolation import Isolation, choose
from quizapp.grading.model import Exercise
from quizapp.grading.sandbox import OUTPUT_LIMIT, RESULT_LIMIT, RunOutcome, Worker, remove_orphaned_run_dirs

# How a grade can end: the verdicts `quizapp grade --json` prints and the screens word.
Verdict = Literal["passed", "failed", "error", "timeout", "memory", "output-limit", "crashed"]
MAX_SOURCE = 1 << 20


@dataclass
class CaseResult:
    name: str
    passed: bool
    message: str = ""


@dataclass
class GradeResult:
    exercise: str
    verdict: Verdict
    cases: list[CaseResult] = field(default_factory=list)
    message: str = ""  # why, for verdicts other than passed/failed
    stdout: str = ""  # what the learner's code printed (stdout and stderr)
    duration: float = 0.0

    @property
    def passed(self) -> bool:
        return self.verdict == "passed"

    def as_dict(self) -> dict:
        return {**asdict(self), "cases": [asdict(c) for c in self.cases]}


def syntax_problem(source: str, filename: str) -> str | None:
    """Compile (never run) the source here, so a typo costs no sandbox start."""
    try:
        compile(source, filename, "exec", dont_inherit=True)
    except SyntaxError as e:
        where = f"{filename}:{e.lineno}" if e.lineno else filename
        text = (e.text or "").rstrip("\n")
        caret = ""
        if text and e.offset:
            stripped = text.lstrip()
            caret = "\n    " + " " * max(0, e.offset - 1 - (len(text) - len(stripped))) + "^"
            text = stripped
        return f"{where}: SyntaxError: {e.msg}" + (f"\n    {text}{caret}" if text else "")
    except ValueError as e:  # null bytes
        return f"{filename}: {e}"
    except (RecursionError, MemoryError):  # CPython's compiler gives up on a compile bomb
        return f"{filename}: SyntaxError: an expression is nested too deeply to compile"
    return None


def _signal_name(returncode: int) -> str:
    try:
        return signal.Signals(-returncode).name
    except ValueError:
        return f"signal {-returncode}"


def _process_verdict(outcome: RunOutcome, time_limit: float) -> tuple[Verdict, str] | None:
    """A verdict decided by how the process ended, or None when it ran to the end."""
    rc = outcome.returncode
    if outcome.killed_for == "output-limit":
        return "output-limit", (f"your code printed more than {OUTPUT_LIMIT // 1024} KiB, "
                                "so it was stopped (a print in a loop?)")
    if outcome.killed_for == "result-limit":
        return "output-limit", (f"your function returned more than {RESULT_LIMIT // (1024 * 1024)} MiB of values, "
                                "so it was stopped (an array far larger than it should be?)")
    if outcome.killed_for == "start":
        return "error", (f"the grading sandbox did not start within {sandbox.START_LIMIT:g} s (a very busy machine?): "
                         "nothing of your code ran; grade again")
    if outcome.killed_for == "timeout" or rc == -signal.SIGXCPU:
        return "timeout", f"did not finish within the {time_limit:g} s time limit (an endless loop?)"
    memory = next((r["memory"] for r in outcome.records if "memory" in r), None)
    if memory is not None or (rc != 0 and "MemoryError" in outcome.output):
        return "memory", "ran out of memory (the limit is 1 GiB): is an array far larger than it should be?"
    load_error = next((r["load_error"] for r in outcome.records if "load_error" in r), None)
    if load_error is not None:
        return "error", load_error
    if outcome.malformed:
        return "crashed", (f"the test results could not be read ({outcome.malformed}): "
                           "did your code write to the grader's results pipe?")
    if any(r.get("done") for r in outcome.records):
        return None
    if rc is not None and rc < 0:
        return "crashed", f"your code was killed by signal {_signal_name(rc)} before the tests finished"
    return "crashed", f"your code exited (status {rc}) before the tests finished (sys.exit or os._exit?)"


def _case_results(outcome: RunOutcome, prepared: list[PreparedCase], ex: Exercise, unfinished: str) -> list[CaseResult]:
    by_index = {r["case"]: r for r in outcome.records if isinstance(r.get("case"), int)}
    results = []
    for i, case in enumerate(prepared):
        record = by_index.get(i)
        if record is None:
            results.append(CaseResult(case.name, False, f"not run ({unfinished})"))
        elif "error" in record:
            results.append(CaseResult(case.name, False, with_inputs(str(record["error"]), case)))
        elif "memory" in record:
            results.append(CaseResult(case.name, False, "ran out of memory"))
        else:
            problem = check(case, decode(record.get("value")), ex.rtol, ex.atol)
            results.append(CaseResult(case.name, problem is None, problem or ""))
    return results


class Grader:
    """Owns one warm worker; thread-safe; close() (or exit) leaves no process behind."""

    def __init__(self, warm: bool = True, time_limit: float | None = None, isolation: str | None = None,
                 cache_dir: Path | Literal[True] | None = True):
        """``isolation``: ``auto`` (default: ``$QUIZAPP_ISOLATION`` or the best mode that
        works), ``bwrap``, ``unshare`` or ``none``. ``cache_dir``: where expected values
        are kept; True for the user's cache folder, None to keep them in memory only."""
        self.warm, self.time_limit = warm, time_limit
        self.isolation: Isolation = choose(isolation)
        self.cache_dir = expected_cache.default_dir() if cache_dir is True else cache_dir
        self._notice_pending = bool(self.notice)
        self._lock = threading.Lock()
        remove_orphaned_run_dirs()
        self._worker: Worker | None = Worker(self.isolation) if warm else None
        self._expected: dict[str, tuple[Exercise, list[PreparedCase]]] = {}
        atexit.register(self.close)

    @property
    def notice(self) -> str:
        """One line saying learner code runs unisolated, and why; ``""`` when isolated."""
        return self.isolation.notice

    def expected(self, exercise: Exercise) -> list[PreparedCase]:
        cached = self._expected.get(exercise.id)
        if cached is None or cached[0] is not exercise:
            cached = (exercise, expected_cache.prepared(exercise, self.cache_dir))
            self._expected[exercise.id] = cached
        return cached[1]

    def grade(self, exercise: Exercise, source: str, filename: str = "solution.py") -> GradeResult:
        start = time.monotonic()
        with self._lock:
            result = self._grade(exercise, source, filename)
            if self._notice_pending:
                self._notice_pending = False
                result.message = self.notice + ("\n" + result.message if result.message else "")
        result.duration = time.monotonic() - start
        return result

    def _take_worker(self) -> Worker:
        worker, self._worker = self._worker, None
        if worker is None or not worker.alive():
            if worker is not None:
                worker.close()
            worker = Worker(self.isolation)
        return worker

    def _grade(self, ex: Exercise, source: str, filename: str) -> GradeResult:
        if len(source) > MAX_SOURCE:
            return GradeResult(ex.id, "error", message=f"{filename} is larger than {MAX_SOURCE // 1024} KiB")
        problem = syntax_problem(source, filename)
        if problem:
            return GradeResult(ex.id, "error", message=problem)
        # Start (or take) the worker first: it imports NumPy while torch computes the answers.
        worker = self._take_worker()
        try:
            prepared = self.expected(ex)
            time_limit = self.time_limit or ex.time_limit
            job = {"function": ex.function, "allowed": list(ex.imports),
                   "types": ex.types, "cases": [{"args": c.args} for c in prepared],
                   "strict_float": ex.strict_float}
            outcome = worker.run(job, source, time_limit, filename)
        finally:
            worker.close()
            if self.warm:
                self._worker = Worker(self.isolation)  # starts importing NumPy while the learner reads
        decided = _process_verdict(outcome, time_limit)
        cases = _case_results(outcome, prepared, ex, decided[0] if decided else "")
        if decided:
            verdict, message = decided
        elif any("error" in r for r in outcome.records):
            verdict, message = "error", ""
        else:
            verdict = "passed" if all(c.passed for c in cases) else "failed"
            message = ""
        if outcome.stray:
            message = (message + "\n" if message else "") + f"({outcome.stray} stray process(es) were killed)"
        return GradeResult(ex.id, verdict, cases, message, outcome.output)

    def close(self) -> None:
        with self._lock:
            if self._worker is not None:
                self._worker.close()
                self._worker = None


_default: Grader | None = None


def grade(exercise: Exercise, source: str, filename: str = "solution.py") -> GradeResult:
    """Grade with a shared module-level :class:`Grader` (started on first use)."""
    global _default
    if _default is None:
        _default = Grader()
    return _default.grade(exercise, source, filename)
