"""``quizapp grade ID FILE [--json] [--watch] [--no-record]``: run a solution file in the sandbox.

Exit 0 only when every case passes. When the exercise's card is new or due, a
pass is saved for spaced repetition like an attempt in the TUI editor (failed
runs and hints make it Hard) and the output says the rating and the next
review; ``--no-record`` opts out (:mod:`quizapp.commands.exercise_record`).
``--watch`` re-grades whenever the file's modification time changes (polling,
so it works on every file system) and keeps one warm sandbox worker between
runs; Ctrl-C ends it with exit 0.
"""
from __future__ import annotations

import json
import signal
import sys
import threading
import time
from pathlib import Path

from quizapp.errors import QuizError, UsageError
from quizapp.regular_file import read_regular
from quizapp.safetext import say

POLL_SECONDS = 0.5


def register(sub) -> None:
    parser = sub.add_parser("grade", help="grade a solution file against an exercise")
    parser.add_argument("id", help="exercise id (see `quizapp exercise list`)")
    parser.add_argument("file", help="your solution file")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--watch", action="store_true", help="re-grade when the file changes")
    parser.add_argument("--no-record", action="store_true",
                        help="do not save the attempt for spaced repetition (practice only)")
    parser.set_defaults(run=run)


def _read(path: Path) -> str:
    try:
        return read_regular(path).decode("utf-8")
    except UnicodeDecodeError:
        raise QuizError(f"{path}: not valid UTF-8; save the file as UTF-8") from None
    except OSError as e:
        raise QuizError(f"{path}: cannot read: {e.strerror or e}") from None


def _grade_once(grader, exercise, path: Path, as_json: bool, recorder):
    from quizapp.grading.report import render
    from quizapp.safetext import visible, visible_data

    source = _read(path)
    result = grader.grade(exercise, source, path.name)
    outcome = recorder.graded(source, result.passed)
    if as_json:
        print(json.dumps(visible_data({**result.as_dict(), "record": outcome.as_dict()}), ensure_ascii=False))
    else:
        print(visible(render(result)))  # the output is the learner's program's
        print(outcome.note)
    sys.stdout.flush()
    return result


def _noting(stopped: threading.Event):
    """A Ctrl-C handler for the watch: it interrupts a grade in progress (KeyboardInterrupt),
    and it is noted, so the loop stops even where that exception was lost on its way (a
    watch once went on polling 20 s after SIGINT, in CI, with no trace of it)."""

    def on_ctrl_c(signum, frame):
        stopped.set()
        raise KeyboardInterrupt

    return on_ctrl_c


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


def run(args, ctx) -> int:
    from quizapp.commands.exercise_record import AttemptRecorder
    from quizapp.grading.grader import Grader
    from quizapp.grading.report import load_all, require

    exercises, _ = load_all(ctx)
    exercise = require(exercises, args.id)
    path = Path(args.file)
    if not path.exists():  # the command line names a file that is not there: exit 2
        raise UsageError(f"{path}: no such file")
    if path.is_dir():
        raise UsageError(f"{path}: is a folder, not a solution file")
    recorder = AttemptRecorder(ctx, exercise, enabled=not args.no_record)
    grader = Grader(warm=args.watch)
    try:
        result = _grade_once(grader, exercise, path, args.json, recorder)
        if not args.watch:
            return 0 if result.passed else 1
        seen = _mtime(path)
        print(f"watching {path} (Ctrl-C to stop)", file=sys.stderr)
        stopped, previous = threading.Event(), signal.getsignal(signal.SIGINT)
        signal.signal(signal.SIGINT, _noting(stopped))
        try:
            while not stopped.is_set():
                time.sleep(POLL_SECONDS)
                now = _mtime(path)
                if now is not None and now != seen:
                    seen = now
                    print("", file=sys.stderr)
                    try:
                        _grade_once(grader, exercise, path, args.json, recorder)
                    except QuizError as e:  # e.g. the editor saved a half-written file
                        say(str(e))
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGINT, previous)
        return 0
    finally:
        grader.close()
