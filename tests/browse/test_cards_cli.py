"""``quizapp cards`` (the ``cards`` fixture: ``quizapp.cli.main`` as the console script
runs it), on a deck folder and a data dir in tmp_path. Built-in decks load too, so every search names deck:demo."""
from __future__ import annotations

import json
from datetime import timedelta

from quizapp.clock import utc_now
from quizapp.config import Settings
from quizapp.store.database import Store
from quizapp.study.srs import Srs


def test_json_lists_matching_cards_with_their_state(ctx, cards):
    with Store.open(ctx.db_path) as store:
        store.record_review("demo.sigmoid", 4, utc_now() - timedelta(days=1), Srs(Settings(), fuzzing=False))
        store.set_flags("demo.relu", suspended=True)
    out = cards(ctx, "deck:demo", "--json")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert [r["id"] for r in rows] == ["demo.what-is-ann", "demo.sigmoid", "demo.relu"]
    for key in ("id", "deck", "kind", "state", "due", "lapses", "question"):
        assert all(key in r for r in rows), key
    by_id = {r["id"]: r for r in rows}
    assert by_id["demo.sigmoid"]["state"] == "review" and by_id["demo.sigmoid"]["due"]
    first = by_id["demo.what-is-ann"]
    assert {k: first[k] for k in ("deck", "kind", "state", "due", "lapses", "question")} == {
        "deck": "demo", "kind": "qa", "state": "new", "due": None, "lapses": 0, "question": "What is an ANN?"}
    assert by_id["demo.relu"]["suspended"] is True
    suspended = json.loads(cards(ctx, "deck:demo is:suspended", "--json").stdout)
    assert [r["id"] for r in suspended] == ["demo.relu"]


def test_text_output_negation_and_phrases(ctx, cards):
    out = cards(ctx, "deck:demo", "--", "-kind:qa", '"zero for negative"')
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert len(lines) == 2 and lines[-1] == "1 card(s)"
    assert lines[0].split()[:5] == ["demo.relu", "demo", "choice", "new", "–"]
    assert lines[0].endswith("Which activation is zero for negative inputs?")


def test_no_match_is_not_an_error(ctx, cards):
    out = cards(ctx, "deck:demo", "kind:numeric")
    assert (out.returncode, out.stdout) == (0, "no cards match\n")
    assert json.loads(cards(ctx, "deck:demo", "kind:numeric", "--json").stdout) == []
    # a deck that does not exist is a mistake, not an empty answer (tests/test_cli_contract.py)
    assert cards(ctx, "deck:nothing-here").returncode == 2


def test_malformed_search_is_a_one_line_usage_error(ctx, cards):
    out = cards(ctx, "deck:demo", "kind:essay")
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr == ("quizapp: search: 'kind:essay': kind must be one of qa, cloze, choice, "
                          "numeric, code\n")
