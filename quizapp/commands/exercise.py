"""``quizapp exercise list|start|hint|solution``: browse coding exercises and
write a starter file to edit (then ``quizapp grade ID FILE``)."""
from __future__ import annotations

import json
from pathlib import Path

from quizapp.errors import QuizError


def register(sub) -> None:
    parser = sub.add_parser("exercise", help="coding exercises: list, start, hint, solution")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="list the exercises")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    start = actions.add_parser("start", help="write the starter file ID.py")
    start.add_argument("id")
    start.add_argument("--dir", default=".", help="folder to write into (default: here)")
    start.add_argument("--force", action="store_true", help="overwrite an existing file")
    hint = actions.add_parser("hint", help="show hint N (1 = first)")
    hint.add_argument("id")
    hint.add_argument("n", nargs="?", type=int, default=1)
    solution = actions.add_parser("solution", help="show the reference solution")
    solution.add_argument("id")
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

    exercises, errors = load_all(ctx.content_dirs)
    if args.action == "list":
        if args.json:
            print(json.dumps([e.summary() for e in exercises], indent=2, ensure_ascii=False))
        else:
            width = max((len(e.id) for e in exercises), default=2)
            for e in exercises:
                print(f"{e.id:<{width}}  {e.level:<8}  {e.title}")
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
        if not 1 <= args.n <= len(exercise.hints):
            raise QuizError(f"{exercise.id} has hints 1 to {len(exercise.hints)}")
        print(f"hint {args.n}/{len(exercise.hints)}: {exercise.hints[args.n - 1]}")
    else:
        print(exercise.solution, end="")
    return 0
