"""Validate one exercise mapping and build the :class:`Exercise`, collecting every problem.

Each check appends a ``ContentError(path, line, message)`` and carries on, so
one run of ``quizapp content check`` lists all the mistakes in a file. The
learner-facing code (starter, solution) is parsed, never run, here.
"""
from __future__ import annotations

import ast
import importlib
import re
from typing import TYPE_CHECKING, Any, TypeGuard, cast

from quizapp.content.cards import plain_data
from quizapp.errors import ContentError
from quizapp.grading.model import LEVELS, Case, Exercise, Param, RandomCases, parse_signature

if TYPE_CHECKING:
    from quizapp.content.yamlsource import LineDict

ARG_TYPES = ("array", "int_array", "arrays", "float", "int", "str", "bool")
REQUIRED = ("id", "title", "level", "source", "prompt", "signature", "args", "starter",
            "hints", "reference", "solution", "imports")
OPTIONAL = ("tags", "cases", "random", "tolerance", "time_limit", "strict_float")
# Allowed in every exercise: they cannot do the task for the learner, and refusing
# a habitual `import numpy` or `from __future__ import annotations` is unfair.
ALWAYS_ALLOWED = ("__future__", "typing", "math", "numpy")
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DEFAULT_RTOL, DEFAULT_ATOL, DEFAULT_TIME_LIMIT = 1e-6, 1e-9, 5.0


def _is_mapping(value: Any) -> TypeGuard[LineDict]:
    """A YAML mapping: the loader makes each one a LineDict (which knows its lines)."""
    return isinstance(value, dict)


class _Checker:
    """Holds the file's path and error list so that each check is one line."""

    def __init__(self, data: LineDict, path: str, errors: list[ContentError]):
        self.data, self.path, self.errors = data, path, errors

    def fail(self, key_or_line, message: str) -> None:
        line = key_or_line if isinstance(key_or_line, int) else self.data.line_of(key_or_line)
        self.errors.append(ContentError(self.path, line, message))

    def text(self, key: str) -> str:
        value = self.data.get(key)
        if not isinstance(value, str) or not value.strip():
            self.fail(key, f"{key}: expected non-empty text")
            return ""
        return value

    def str_list(self, key: str, allow_empty: bool) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.fail(key, f"{key}: expected a list of non-empty strings")
            return ()
        if not value and not allow_empty:
            self.fail(key, f"{key}: needs at least one entry")
        return tuple(value)


def _number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _check_nested(v: Any, integer: bool) -> str | None:
    """None if ``v`` is a rectangular nested list of numbers (ints if asked)."""
    if _number(v):
        return "expected an integer array" if integer and not isinstance(v, int) else None
    if not isinstance(v, list):
        return f"expected a (nested) list of numbers, got {type(v).__name__}"
    for item in v:
        problem = _check_nested(item, integer)
        if problem:
            return problem
    shapes = {len(i) if isinstance(i, list) else -1 for i in v}
    if len(shapes) > 1:
        return "rows must all have the same length"
    return None


def check_value(kind: str, v: Any) -> str | None:
    """Why ``v`` does not fit an argument of type ``kind``, or None."""
    if kind in ("array", "int_array"):
        if not isinstance(v, list):
            return "expected a list"
        return _check_nested(v, kind == "int_array")
    if kind == "arrays":
        if not isinstance(v, list) or not all(isinstance(a, list) for a in v):
            return "expected a list of arrays"
        return next((p for p in (_check_nested(a, False) for a in v) if p), None)
    if kind == "float":
        return None if _number(v) else f"expected a number, got {v!r}"
    if kind == "int":
        return None if isinstance(v, int) and not isinstance(v, bool) else f"expected an integer, got {v!r}"
    if kind == "str":
        return None if isinstance(v, str) else f"expected a string, got {v!r}"
    return None if isinstance(v, bool) else f"expected true or false, got {v!r}"


def _params(c: _Checker, signature: str) -> tuple[str, tuple[Param, ...]]:
    try:
        name, parsed = parse_signature(signature)
    except (SyntaxError, ValueError) as e:
        c.fail("signature", f"signature: not a valid Python signature ({e})")
        return "", ()
    types = c.data.get("args")
    if not _is_mapping(types):
        c.fail("args", "args: expected a mapping of parameter name to type")
        return name, ()
    names = [p[0] for p in parsed]
    if list(types) != names:
        c.fail("args", f"args: must list the signature's parameters in order: {', '.join(names)}")
        return name, ()
    params = []
    for pname, has_default, default in parsed:
        kind = types[pname]
        if kind not in ARG_TYPES:
            c.fail(types.line_of(pname), f"args.{pname}: unknown type {kind!r}; use one of {', '.join(ARG_TYPES)}")
        params.append(Param(pname, kind, has_default, default))
    return name, tuple(params)


def _code(c: _Checker, key: str, function: str, imports: tuple[str, ...]) -> str:
    source = c.text(key)
    if not source:
        return ""
    try:
        tree = ast.parse(source)
    except SyntaxError as e:
        c.fail(c.data.line_of(key) + (e.lineno or 0), f"{key}: Python syntax error: {e.msg}")
        return source
    if function and not any(isinstance(n, ast.FunctionDef) and n.name == function for n in tree.body):
        c.fail(key, f"{key}: must define a top-level function {function}()")
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        for mod in names:
            if mod.split(".")[0] not in imports:
                c.fail(c.data.line_of(key) + node.lineno, f"{key}: imports {mod!r}, which is not in imports")
    return source


def _lookup(c: _Checker, key: str, name: Any) -> str:
    if not isinstance(name, str) or not name.isidentifier():
        c.fail(key, f"{key}: expected the name of a function in engines/references.py")
        return ""
    try:
        module = importlib.import_module("engines.references")
    except ImportError as e:
        c.fail(key, f"{key}: cannot import engines.references ({e})")
        return name
    if not callable(getattr(module, name, None)) or name.startswith("_"):
        c.fail(key, f"{key}: engines/references.py has no function {name!r}")
    return name


def _cases(c: _Checker, params: tuple[Param, ...]) -> tuple[Case, ...]:
    raw = c.data.get("cases", [])
    if not isinstance(raw, list):
        c.fail("cases", "cases: expected a list")
        return ()
    by_name = {p.name: p for p in params}
    cases, names = [], set()
    for item in raw:
        line = getattr(item, "line", c.data.line_of("cases"))
        if not _is_mapping(item) or set(item) != {"name", "args"} or not _is_mapping(item["args"]):
            c.fail(line, "cases: each case needs exactly 'name' and 'args' (a mapping)")
            continue
        name, args = str(item["name"]), item["args"]
        if name in names:
            c.fail(line, f"cases: duplicate case name {name!r}")
        names.add(name)
        for key in args:
            if key not in by_name:
                c.fail(args.line_of(key), f"case {name!r}: unknown argument {key!r}")
        for p in params:
            if p.name not in args:
                if not p.has_default:
                    c.fail(line, f"case {name!r}: missing argument {p.name!r}")
                continue
            value = args[p.name]
            problem = None if value is None and p.has_default and p.default is None else check_value(p.type, value)
            if problem:
                c.fail(args.line_of(p.name), f"case {name!r}: {p.name}: {problem}")
        cases.append(Case(name, plain_data(args)))
    return tuple(cases)


def _random(c: _Checker) -> RandomCases | None:
    raw = c.data.get("random")
    if raw is None:
        return None
    if not _is_mapping(raw) or set(raw) - {"generator", "count", "seed"}:
        c.fail("random", "random: expected a mapping with generator, count and seed")
        return None
    count, seed = raw.get("count", 5), raw.get("seed", 0)
    if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= 100:
        c.fail(raw.line_of("count"), "random.count: expected an integer from 1 to 100")
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        c.fail(raw.line_of("seed"), "random.seed: expected a non-negative integer")
    generator = _lookup(c, "random", raw.get("generator"))
    return RandomCases(generator, count, seed)


def _tolerance(c: _Checker) -> tuple[float, float]:
    raw = c.data.get("tolerance", {})
    if not _is_mapping(raw) or set(raw) - {"rtol", "atol"}:
        c.fail("tolerance", "tolerance: expected a mapping with rtol and/or atol")
        return DEFAULT_RTOL, DEFAULT_ATOL
    rtol, atol = raw.get("rtol", DEFAULT_RTOL), raw.get("atol", DEFAULT_ATOL)
    for key, value in (("rtol", rtol), ("atol", atol)):
        if not _number(value) or value < 0:
            c.fail(raw.line_of(key), f"tolerance.{key}: expected a non-negative number")
    return float(rtol) if _number(rtol) else DEFAULT_RTOL, float(atol) if _number(atol) else DEFAULT_ATOL


def build_exercise(data: Any, path: str, errors: list[ContentError]) -> Exercise | None:
    """Check one parsed file, appending every problem to ``errors``; None if unusable."""
    if not isinstance(data, dict) or not hasattr(data, "line_of"):
        errors.append(ContentError(path, getattr(data, "line", None) or 1, "an exercise file must be a YAML mapping"))
        return None
    data = cast("LineDict", data)  # a mapping with line_of: the YAML loader's LineDict
    c = _Checker(data, path, errors)
    for key in REQUIRED:
        if key not in data:
            c.fail(data.line or 1, f"missing field {key!r}")
    for key in data:
        if key not in REQUIRED + OPTIONAL:
            c.fail(key, f"unknown field {key!r}")
    if any(key not in data for key in REQUIRED):
        return None
    exercise_id = data["id"]
    if not isinstance(exercise_id, str) or not ID_RE.match(exercise_id):
        c.fail("id", "id: lowercase letters, digits and '-' only")
    if data["level"] not in LEVELS:
        c.fail("level", f"level: must be one of {', '.join(LEVELS)}")
    imports = tuple(dict.fromkeys(c.str_list("imports", allow_empty=True) + ALWAYS_ALLOWED))
    function, params = _params(c, c.text("signature"))
    time_limit = data.get("time_limit", DEFAULT_TIME_LIMIT)
    if not _number(time_limit) or not 0 < time_limit <= 60:
        c.fail("time_limit", "time_limit: expected seconds, more than 0 and at most 60")
        time_limit = DEFAULT_TIME_LIMIT
    cases, random = _cases(c, params), _random(c)
    if not cases and random is None:
        c.fail(data.line or 1, "an exercise needs fixed cases, random cases or both")
    rtol, atol = _tolerance(c)
    strict_float = data.get("strict_float", False)
    if not isinstance(strict_float, bool):
        c.fail("strict_float", "strict_float: expected true or false")
    return Exercise(
        id=str(exercise_id), title=c.text("title"), level=str(data["level"]),
        tags=c.str_list("tags", allow_empty=True), source=c.text("source"),
        prompt=c.text("prompt"), signature=str(data["signature"]), function=function,
        params=params, starter=_code(c, "starter", function, imports),
        hints=c.str_list("hints", allow_empty=False), reference=_lookup(c, "reference", data["reference"]),
        solution=_code(c, "solution", function, imports), cases=cases, random=random,
        rtol=rtol, atol=atol, imports=imports, time_limit=float(time_limit), path=path,
        strict_float=strict_float is True,
    )
