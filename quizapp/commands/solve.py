"""`quizapp solve ENGINE --params JSON`: run an engine, print the answer and steps."""
from __future__ import annotations

import json

from quizapp.errors import QuizError, UsageError


def register(sub) -> None:
    parser = sub.add_parser("solve", help="run an engine and show the worked solution")
    parser.add_argument("engine", metavar="ENGINE", help="engine name (see `quizapp engines`)")
    parser.add_argument("--params", required=True, metavar="JSON", help="parameters as one JSON object")
    parser.add_argument("--json", action="store_true", help="machine-readable result")
    parser.set_defaults(run=run)


def solve(engine_name: str, params_json: str, device: str) -> dict:
    """The `solve` result as a JSON-ready dict. An unknown engine or --params that is
    not JSON is a usage error (exit 2); parameters the engine rejects raise QuizError."""
    from engines import ENGINES
    from engines.base import ParamError
    from engines.device import DeviceError

    engine = ENGINES.get(engine_name)
    if engine is None:
        raise UsageError(f"unknown engine {engine_name!r}; known: {', '.join(sorted(ENGINES))}")
    try:
        params = json.loads(params_json)  # NaN/Infinity parse, then fail validation by name
    except json.JSONDecodeError as e:
        raise UsageError(f"--params is not valid JSON ({e.msg} at column {e.colno})") from None
    try:
        solution = engine.solve(params, device)
    except ParamError as e:
        raise QuizError(f"{e} (schema: `quizapp engines --json`)") from None
    except DeviceError as e:
        raise QuizError(str(e)) from None
    return {
        "engine": engine.name,
        "params": engine.validate(params),
        "answer": solution.answer,
        "steps": [{"label": s.label, "value": s.value} for s in solution.steps],
        "outputs": solution.outputs,
        "device": solution.device,
    }


def run(args, ctx) -> int:
    from quizapp.formatting import format_value

    result = solve(args.engine, args.params, ctx.device)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    for step in result["steps"]:
        print(f"{step['label']}: {format_value(step['value'])}")
    print(f"answer: {format_value(result['answer'])}   (device: {result['device']})")
    return 0
