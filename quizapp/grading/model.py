"""The typed form of a coding exercise, shared by the loader and the grader."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

LEVELS = ("basic", "advanced", "research")


@dataclass(frozen=True)
class Param:
    """One argument of the learner's function: its name, type and default."""

    name: str
    type: str
    has_default: bool = False
    default: Any = None


@dataclass(frozen=True)
class Case:
    """A fixed edge case from the file: a name and the arguments it passes."""

    name: str
    args: dict


@dataclass(frozen=True)
class RandomCases:
    """Seeded random cases: ``generator(numpy Generator)`` for seeds seed..seed+count-1."""

    generator: str
    count: int
    seed: int


@dataclass(frozen=True)
class Exercise:
    id: str
    title: str
    level: str
    tags: tuple[str, ...]
    source: str
    prompt: str
    signature: str
    function: str
    params: tuple[Param, ...]
    starter: str
    hints: tuple[str, ...]
    reference: str
    solution: str
    cases: tuple[Case, ...]
    random: RandomCases | None
    rtol: float
    atol: float
    imports: tuple[str, ...]
    time_limit: float
    path: str = ""
    strict_float: bool = False  # NumPy overflow / invalid / divide-by-zero fail the case


    @property
    def types(self) -> dict[str, str]:
        return {p.name: p.type for p in self.params}

    def summary(self) -> dict:
        """The JSON-ready listing entry (``quizapp exercise list --json``)."""
        return {
            "id": self.id,
            "title": self.title,
            "level": self.level,
            "tags": list(self.tags),
            "source": self.source,
            "signature": self.signature,
            "imports": list(self.imports),
        }


def parse_signature(signature: str) -> tuple[str, list[tuple[str, bool, Any]]]:
    """``"conv2d(x, k, stride=1)"`` -> name and (param, has_default, default) list."""
    import ast  # only when exercises are parsed, not when they come from the start-up cache

    tree = ast.parse(f"def {signature}: pass")
    func = tree.body[0]
    if not isinstance(func, ast.FunctionDef) or len(tree.body) != 1:
        raise ValueError("not a function signature")
    a = func.args
    if a.posonlyargs or a.vararg or a.kwarg or a.kwonlyargs:
        raise ValueError("use plain parameters only (no *args, **kwargs, / or *)")
    names = [arg.arg for arg in a.args]
    defaults: list = [None] * (len(names) - len(a.defaults)) + list(a.defaults)
    out = []
    for name, node in zip(names, defaults, strict=True):
        out.append((name, node is not None, ast.literal_eval(node) if node is not None else None))
    return func.name, out
