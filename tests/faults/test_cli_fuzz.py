"""No input reaches cli.main's "internal error" handler: each has a message of its own.

Hypothesis throws random command lines over the real sub-commands, random
``solve --params`` at every engine and random import files at ``quizapp
import``, calling :func:`quizapp.cli.main` in-process; every run must end with
exit 0, 1 or 2 and no "internal error". The paths the fuzzing and the attack
run found (compile bombs, a damaged database) are kept below as plain tests.
"""
from __future__ import annotations

import argparse
import json
import random
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engines import ENGINES
from quizapp.cli import build_parser, main
from quizapp.store.database import Store
from quizapp.store.migrations import COLUMNS

FUZZ = settings(max_examples=60, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
# The TUI commands would start Textual (mock too: its --history is tested in tests/tui/test_mock_cli.py);
# serve and --watch never return; help prints and exits 0.
NOT_FUZZED = {"study", "drill", "mock", "serve", "--watch", "-h", "--help"}
DECK = "deck: fz\ntitle: F\ncards:\n  - {id: fz.a, kind: qa, level: basic, source: s, front: f, back: b}\n"


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """A data dir, a config that does not exist, and a few real files to name."""
    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("QUIZAPP_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.chdir(tmp_path)  # export -o and exercise start write here
    (tmp_path / "fz.yaml").write_text(DECK)
    (tmp_path / "a.json").write_text('{"version": 1, "decks": [], "reviews": []}')
    (tmp_path / "a.csv").write_text("question,answer\nq,a\n")
    return tmp_path


def run_cli(argv: list[str], capsys) -> tuple[int, str]:
    """Exit code and everything printed, as a user would see it."""
    try:
        code = main(argv)
    except SystemExit as e:  # --version
        code = e.code
    out, err = capsys.readouterr()
    return code, out + err


def assert_handled(argv: list[str], capsys) -> tuple[int, str]:
    code, text = run_cli(argv, capsys)
    assert "internal error" not in text, (argv, text[-800:])
    assert code in (0, 1, 2), (argv, code, text[-800:])
    return code, text


def words_of(parser: argparse.ArgumentParser) -> list[str]:
    """Every option, choice and nested sub-command name a parser knows."""
    words = []
    for action in parser._actions:
        words += action.option_strings
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                words += [name, *words_of(sub)]
        elif action.choices:
            words += list(action.choices)
    return [w for w in words if w not in NOT_FUZZED]


SUBCOMMANDS = {name: words_of(sub) for name, sub in build_parser()._subparsers._group_actions[0].choices.items()
               if name not in NOT_FUZZED}
VALUES = ["fz.yaml", "a.json", "a.csv", "missing.txt", ".", "-", "softmax", "iou", "fz", "deck:fz", "is:due",
          "prop:lapses>3", "prop:s>=1e308", "prop:r<nan", "(", ")", "or", "--", "0", "-1", "1e308", "nan", "{}",
          '{"x": 1}', *sorted(ENGINES)]
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=10)
GLOBAL = [["--device", "cpu"], ["--content", "."], ["--data-dir", "data"]]


@st.composite
def command_lines(draw) -> list[str]:
    command = draw(st.sampled_from(sorted(SUBCOMMANDS)))
    words = st.one_of(st.sampled_from(SUBCOMMANDS[command]), st.sampled_from(VALUES), TEXT)
    before = draw(st.lists(st.sampled_from(GLOBAL), max_size=2))
    return [w for pair in before for w in pair] + [command] + draw(st.lists(words, max_size=6))


@FUZZ
@given(argv=command_lines())
def test_random_command_lines_get_a_message_not_an_internal_error(workdir, capsys, argv):
    assert_handled([w for w in argv if w not in NOT_FUZZED], capsys)


SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.integers(-3, 40),
                    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=6),
                    st.sampled_from(["relu", "max", "avg", "l2", "adam", "batch", "he", "cosine", "lstm"]))
JSON_VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=4), inner, max_size=3)), max_leaves=10)


@st.composite
def engine_params(draw) -> tuple[str, str]:
    """An engine and its parameters: valid ones drawn by the engine, then up to three
    dropped or replaced by random JSON (or, now and then, random JSON throughout)."""
    name = draw(st.sampled_from(sorted(ENGINES)))
    engine = ENGINES[name]
    if draw(st.integers(0, 9)) == 0:
        return name, json.dumps(draw(JSON_VALUES))
    params = engine.generate(random.Random(draw(st.integers(0, 10**6))),
                             draw(st.sampled_from(["basic", "advanced", "research"])))
    for _ in range(draw(st.integers(1, 3))):
        key = draw(st.sampled_from([p.name for p in engine.params] + ["unknown"]))
        if draw(st.booleans()):
            params.pop(key, None)
        else:
            params[key] = draw(JSON_VALUES)
    return name, json.dumps(params)


@FUZZ
@given(case=engine_params())
def test_random_solve_params_get_a_message_not_an_internal_error(workdir, capsys, case):
    name, params = case
    assert_handled(["solve", name, "--params", params, "--json"], capsys)


REVIEW = st.fixed_dictionaries({}, optional={k: JSON_VALUES | st.sampled_from(
    ["fz.a", "2024-01-01T00:00:00+00:00", "9999-12-31T00:00:00+00:00", 3]) for k in
    ("uid", "card_id", "rating", "reviewed_at", "duration_ms", "answer", "correct", "params", "kind")})
CARD = st.fixed_dictionaries({"id": st.sampled_from(["fz.a", "fz.b", "x"]) | TEXT,
                              "kind": st.sampled_from(["qa", "cloze", "choice", "numeric", "code"]) | JSON_VALUES},
                             optional={k: JSON_VALUES for k in ("level", "front", "back", "text", "source", "tags",
                                                                "question", "correct", "wrong", "engine", "params")})
DECKS = st.lists(st.fixed_dictionaries({"deck": st.sampled_from(["fz", "ann", "exercises"]) | JSON_VALUES},
                                       optional={"title": JSON_VALUES, "cards": st.lists(CARD, max_size=3)}),
                 max_size=2)
EXPORTS = st.fixed_dictionaries({"version": st.just(1) | JSON_VALUES},
                                optional={"decks": DECKS | JSON_VALUES, "reviews": st.lists(REVIEW, max_size=3)})
CSV_ROWS = st.lists(st.lists(TEXT, min_size=1, max_size=5), max_size=4)
CSV_HEADS = st.sampled_from(["question,answer", "id,deck,kind,level,tags,question,answer,source"])
IMPORT_FILES = st.one_of(
    EXPORTS.map(lambda doc: ("export.json", json.dumps(doc).encode())),
    st.tuples(CSV_HEADS, CSV_ROWS).map(
        lambda t: ("export.csv", "\n".join([t[0], *(",".join(row) for row in t[1])]).encode())),
    st.tuples(st.sampled_from(["bytes.json", "bytes.csv"]), st.binary(max_size=200)),
)


@FUZZ
@given(file=IMPORT_FILES, extra=st.sampled_from([[], ["--deck", "fz"], ["--deck", "Not A Name"]]))
def test_random_import_files_get_a_message_not_an_internal_error(workdir, capsys, file, extra):
    name, data = file
    (workdir / name).write_bytes(data)
    assert_handled(["import", name, *extra], capsys)


# ----- what fuzzing and the attack run found, kept as plain tests -------------

@pytest.mark.parametrize("source", [
    "def softmax(z):\n    return " + "1+" * 200_000 + "1\n",  # RecursionError in compile()
    "x = " + "-" * 100_000 + "1\n",  # MemoryError in compile()
])
def test_a_compile_bomb_in_a_solution_is_a_verdict(workdir, capsys, source):
    (workdir / "bomb.py").write_text(source)
    code, text = assert_handled(["grade", "softmax", "bomb.py", "--no-record"], capsys)
    assert code == 1 and "nested too deeply to compile" in text


def test_a_deck_nested_too_deeply_is_a_content_error(workdir, capsys):
    (workdir / "deep.yaml").write_text("deck: deep\ncards: " + "[" * 900 + "]" * 900 + "\n")
    code, text = assert_handled(["content", "check", "deep.yaml"], capsys)
    assert code == 1 and "deep.yaml:2: nested more than" in text


def test_an_import_file_nested_too_deeply_is_one_line(workdir, capsys):
    """It was 'internal error: RecursionError' from the JSON decoder."""
    (workdir / "deep.json").write_text('{"version": 1, "decks": [' + "[" * 100_000 + "]" * 100_000 + "]}")
    code, text = assert_handled(["import", "deep.json"], capsys)
    assert code == 1 and text.strip().endswith("deep.json: nested too deeply to be a quizapp export")


@pytest.mark.parametrize("damage, message", [
    ("DROP TABLE card_state", "card_state: table is missing"),
    ("ALTER TABLE card_state DROP COLUMN flag", "card_state: column(s) flag missing"),
    ("UPDATE meta SET value = 'abc' WHERE key = 'schema_version'", "schema version 'abc' is not a number"),
    ("INSERT INTO reviews (card_id, rating, reviewed_at) VALUES ('fz.a', 3, 'not a date')", "cannot read"),
    ("INSERT INTO reviews (card_id, rating, reviewed_at) VALUES ('fz.a', 7, '2024-01-01T00:00:00+00:00')",
     "cannot read"),
])
@pytest.mark.parametrize("command", [["stats"], ["cards", "is:due"]])
def test_a_damaged_database_is_one_line_not_a_traceback(workdir, capsys, damage, message, command):
    Store.open(workdir / "data" / "quizapp.db").close()
    with sqlite3.connect(workdir / "data" / "quizapp.db") as db:
        db.execute(damage)
    code, text = assert_handled(command, capsys)
    assert code == 1 and message in text.strip().splitlines()[-1] and "Traceback" not in text


def test_the_checked_columns_are_those_a_fresh_database_has(tmp_path):
    Store.open(tmp_path / "quizapp.db").close()
    with sqlite3.connect(tmp_path / "quizapp.db") as db:
        fresh = {table: {row[1] for row in db.execute(f"PRAGMA table_info({table})")} for table in COLUMNS}
    assert fresh == COLUMNS


@pytest.mark.parametrize("damage", ["'{not json'", "'{}'", "'[1, 2]'"])
@pytest.mark.parametrize("command", [["stats"], ["cards", "is:due"], ["plan"]])
def test_a_damaged_card_state_is_rebuilt_from_the_log(workdir, capsys, damage, command):
    """A state row whose JSON was damaged gave 'internal error: JSONDecodeError' in stats,
    cards and plan; a state is a cache of the review log, so it is rebuilt from it."""
    from quizapp.config import Settings
    from quizapp.study.srs import Srs
    from timekeeping import T0

    with Store.open(workdir / "data" / "quizapp.db") as store:
        store.record_review("fz.a", 3, T0, Srs(Settings()))
        before = store.card_state("fz.a").card.stability
    with sqlite3.connect(workdir / "data" / "quizapp.db") as db:
        db.execute(f"UPDATE card_state SET card = {damage}")
    code, text = assert_handled(command, capsys)
    assert code == 0 and "rebuilding them" in text and "internal error" not in text
    with Store.open(workdir / "data" / "quizapp.db") as store:
        assert store.card_state("fz.a").card.stability == before
