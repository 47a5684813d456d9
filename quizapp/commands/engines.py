"""`quizapp engines [--json]`: list the exercise engines and their parameters."""
from __future__ import annotations

import json


def register(sub) -> None:
    parser = sub.add_parser("engines", help="list numeric exercise engines and their parameters")
    parser.add_argument("--json", action="store_true", help="machine-readable list")
    parser.set_defaults(run=run)


def run(args, ctx) -> int:
    from engines import all_engines
    from engines.outputs import output_names

    engines = all_engines()
    if args.json:
        data = [{"name": e.name, "title": e.title, "params": e.schema(), "outputs": list(output_names(e.name))}
                for e in engines]
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    for engine in engines:
        print(f"{engine.name:<22} {engine.title}")
        for p in engine.params:
            extra = f" one of {', '.join(map(str, p.choices))}" if p.choices else ""
            default = f" (default {p.default})" if p.default is not None else ""
            print(f"    {p.name:<14} {p.type:<7} {p.description}{extra}{default}")
        print(f"    outputs: {', '.join(output_names(engine.name))}")
    return 0
