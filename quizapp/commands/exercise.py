"""``quizapp exercise list|start|hint|solution``: browse coding exercises and
write a starter file to edit (then ``quizapp grade ID FILE``).

``list`` shows each exercise's status and due as the TUI list does; ``hint``
shows the next hint each time and remembers how far the learner got, so the
hints count toward the attempt ``grade`` records; ``solution`` on a due or new
exercise is giving up, saved as Again (``--no-record`` to just read it).
The solution text goes to stdout and what was saved to stderr, so
``quizapp exercise solution ID > file.py`` still writes only the code."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from quizapp.errors import QuizError
from quizapp.safetext import say


def register(sub) -> None:
    parser = sub.add_parser("exercise", help="coding exercises: list, start, hint, solution")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="list the exercises")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    start = actions.add_parser("start", help="write the starter file ID.py")
    start.add_argument("id")
    start.add_argument("--dir", default=".", help="folder to write into (default: here)")
    start.add_argument("--force", action="store_true", help="overwrite an existing file")
    hint = actions.add_parser("hint", help="show the next hint (or hint N, 1 = first)")
    hint.add_argument("id")
    hint.add_argument("n", nargs="?", type=int, default=None)
    solution = actions.add_parser("solution", help="show the reference solution (gives up a due attempt)")
    solution.add_argument("id")
    solution.add_argument("--no-record", action="store_true", help="just read it: save nothing")
    parser.set_defaults(run=run)


def starter_text(exercise) -> str:
    """The file a learner edits: the task as a comment block, then the starter code."""
    header = [f"# {exercise.title}  ({exercise.id}, {exercise.level})", "#"]
    header += [f"# {line}".rstrip() for line in exercise.prompt.rstrip().splitlines()]
    header += ["#", f"# Allowed imports: {', '.join(exercise.imports) or 'none'}",
               f"# Check it with: quizapp grade {exercise.id} {exercise.id}.py", ""]
    return "\n".join(header) + "\n" + exercise.starter


def run(args, ctx) -> int:
    from quizapp.grading.report import load_all, require

    exercises, errors = load_all(ctx)
    if args.action == "list":
        list_exercises(ctx, exercises, args.json)
        return 1 if errors else 0
    exercise = require(exercises, args.id)
    if args.action == "start":
        folder = Path(args.dir)
        if not folder.is_dir():
            raise QuizError(f"{folder}: no such folder")
        target = folder / f"{exercise.id}.py"
        if target.exists() and not args.force:
            raise QuizError(f"{target} already exists; use --force to overwrite it")
        try:
            target.write_text(starter_text(exercise), encoding="utf-8")
        except OSError as e:
            raise QuizError(f"{target}: cannot write: {e.strerror or e}") from None
        print(f"wrote {target}\ncheck it with: quizapp grade {exercise.id} {target}")
    elif args.action == "hint":
        show_hint(ctx, exercise, args.n)
    else:
        from quizapp.commands.exercise_record import AttemptRecorder

        print(exercise.solution, end="")
        sys.stdout.flush()
        outcome = AttemptRecorder(ctx, exercise, enabled=not args.no_record).gave_up()
        if outcome is not None:
            print(outcome.note, file=sys.stderr)
    return 0


def list_exercises(ctx, exercises, as_json: bool) -> None:
    """Status and due from the review store, in the same words as the TUI list."""
    from quizapp.clock import iso, utc_now
    from quizapp.store.database import Store
    from quizapp.study.exercise_review import exercise_rows

    store = Store.open(ctx.db_path)
    try:
        rows = exercise_rows(store, ctx.settings, exercises, utc_now())
    finally:
        store.close()
    if as_json:
        listed = [{**e.summary(), "status": r.status, "due": None if r.due_at is None else iso(r.due_at),
                   "due_text": r.due, "counts": r.counts} for e, r in zip(exercises, rows, strict=True)]
        print(json.dumps(listed, indent=2, ensure_ascii=False))
        return
    width = max((len(e.id) for e in exercises), default=8)
    print(f"{'exercise':<{width}}  {'level':<8}  {'status':<6}  {'due':<8}  title")
    for r in rows:
        print(f"{r.id:<{width}}  {r.level:<8}  {r.status:<6}  {r.due:<8}  {r.title}")


def show_hint(ctx, exercise, n: int | None) -> None:
    """Hint ``n``, or the one after those already seen; remembered for ``grade``."""
    from quizapp.study.exercise_progress import ExerciseProgress

    count = len(exercise.hints)
    if count == 0:
        raise QuizError(f"{exercise.id} has no hints")
    progress = ExerciseProgress(ctx.data_dir, warn=say)
    attempt = progress.resume(exercise)
    if n is None:
        n = min(attempt.hints + 1, count)
    elif not 1 <= n <= count:
        raise QuizError(f"{exercise.id} has hints 1 to {count}")
    attempt.took_hint(n)
    if not progress.keep(exercise.id, attempt):
        say(f"could not write {progress.path}; this hint is not remembered")
    print(f"hint {n}/{count}: {exercise.hints[n - 1]}")
    last = " (the last hint)" if n == count else ""
    print(f"hints seen: {attempt.hints} of {count}{last}; they count toward this attempt (a pass is rated Hard)")
