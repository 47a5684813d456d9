"""Expected values on disk: the same as computing them, reused without torch,
and a damaged or forged file only means computing afresh."""
from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

import numpy as np

from quizapp.grading import expected_cache
from quizapp.grading.cases import prepare

from .grading_support import ROOT


def same(a, b) -> bool:
    if isinstance(a, np.ndarray):
        return (isinstance(b, np.ndarray) and a.dtype == b.dtype and a.shape == b.shape
                and np.array_equal(a, b, equal_nan=True))
    if isinstance(a, (tuple, list)):
        return type(a) is type(b) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and np.isnan(a):
        return isinstance(b, float) and np.isnan(b)
    return type(a) is type(b) and a == b


def test_cached_values_equal_computed_ones_for_every_exercise(exercises, tmp_path):
    for ex in exercises.values():
        fresh = prepare(ex)
        expected_cache.prepared(ex, tmp_path)  # stores
        cached = expected_cache.prepared(ex, tmp_path)  # reads
        assert [c.name for c in cached] == [c.name for c in fresh], ex.id
        for f, c in zip(fresh, cached, strict=True):
            assert same(f.expected, c.expected), (ex.id, f.name, f.expected, c.expected)
            assert json.dumps(c.args) == json.dumps(f.args)


class _Reading:
    """An exercise that notes which of its fields are read."""

    def __init__(self, exercise, read: set[str]):
        self._exercise, self._read = exercise, read

    def __getattr__(self, name):
        self._read.add(name)
        return getattr(self._exercise, name)


def test_the_key_holds_every_field_that_prepare_reads(exercises):
    read: set[str] = set()
    for ex in exercises.values():
        assert [c.name for c in prepare(_Reading(ex, read))] == [c.name for c in prepare(ex)]
    assert read == set(expected_cache.KEY_FIELDS)


def test_an_edit_that_changes_no_expected_value_keeps_the_key(exercises):
    ex = exercises["softmax"]
    same_values = [dataclasses.replace(ex, prompt="Say it again.", hints=(), title="Softmax!", time_limit=300,
                                       imports=("numpy", "os", "time"), rtol=0.5, solution="", starter="")]
    assert {expected_cache.key(e) for e in same_values} == {expected_cache.key(ex)}
    case = ex.cases[0]
    other_values = [dataclasses.replace(ex, cases=(dataclasses.replace(case, args={**case.args, "z": [1.0, 2.0]}),
                                                   *ex.cases[1:])),
                    dataclasses.replace(ex, reference=exercises["sigmoid"].reference),
                    dataclasses.replace(ex, random=dataclasses.replace(ex.random, seed=ex.random.seed + 1)),
                    dataclasses.replace(ex, params=exercises["sigmoid"].params)]
    keys = {expected_cache.key(e) for e in other_values}
    assert len(keys) == len(other_values) and expected_cache.key(ex) not in keys


def test_a_cold_grade_with_a_warm_cache_needs_no_torch(exercises, tmp_path):
    """The cache is filled here, where torch is loaded anyway; a fresh process then grades
    without importing it (a second process filling it first cost 1.3 s of torch)."""
    expected_cache.prepared(exercises["softmax"], tmp_path)
    code = (
        "import sys\n"
        "from quizapp.grading.grader import Grader\n"
        "from quizapp.grading.exercises import load_exercises\n"
        "from quizapp.paths import builtin_content_dir\n"
        "ex = next(e for e in load_exercises([builtin_content_dir() / 'exercises'])[0] if e.id == 'softmax')\n"
        f"g = Grader(warm=False, cache_dir={str(tmp_path)!r})\n"
        "assert g.grade(ex, ex.solution).passed\n"
        "g.close()\n"
        "print('torch' in sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.stdout.strip() == "False", run.stderr[-2000:]


def test_damaged_or_forged_files_are_recomputed(exercises, tmp_path):
    ex = exercises["softmax"]
    expected_cache.prepared(ex, tmp_path)
    file = tmp_path / "softmax.json"
    key = json.loads(file.read_text())[0]
    for text in ("not json", json.dumps([key, [{"@": "ndarray", "dtype": "S2000000000", "shape": [1], "data": [1]}]]),
                 json.dumps([key, {"@": "Popen", "args": ["true"]}]), json.dumps(["other key", []])):
        file.write_text(text)
        got = expected_cache.prepared(ex, tmp_path)
        assert len(got) == len(prepare(ex)) and same(got[0].expected, prepare(ex)[0].expected)
