"""Terminal commands in deck text are shown, never obeyed: loader, content check, cards."""
from __future__ import annotations

import json

import pytest
from rich.text import Text

from hostile_text import ESCAPE_DECK, controls
from quizapp.cli import main
from quizapp.content.deck import load_deck
from quizapp.safetext import visible


@pytest.fixture
def escape_dir(tmp_path):
    folder = tmp_path / "esc"
    folder.mkdir()
    (folder / "esc.yaml").write_text(ESCAPE_DECK, encoding="utf-8")
    return folder


def test_visible_shows_each_control_as_one_character():
    assert visible("a\x1b]0;t\x07 \x9b2J \b\x7f\r\n\tz") == "a␛]0;t␇ �2J ␈␡\n\tz"
    assert visible("plain [red]markup[/red] ünïcode\n") == "plain [red]markup[/red] ünïcode\n"
    styled = Text("ab\x1bc")  # one for one, so a Text's styles stay on their letters
    assert len(visible(styled.plain)) == len(styled.plain)


def test_loader_makes_controls_visible_and_warns_at_their_lines(escape_dir):
    deck, errors = load_deck(escape_dir / "esc.yaml")
    assert errors == [] and deck is not None
    card = deck.cards[0]
    for text in (deck.title, card.front, card.back, card.more, card.source):
        assert controls(text) == [] and "␛]0;" in text
    assert sorted({w.line for w in deck.warnings}) == [2, 7, 8, 9, 10]
    assert all("U+001B" in w.message for w in deck.warnings)


def test_content_check_lists_the_warnings(escape_dir, capsys):
    assert main(["content", "check", str(escape_dir), "--json"]) == 0  # a warning is not a failure
    report = json.loads(capsys.readouterr().out)
    assert [w["line"] for w in report["warnings"]] == [2, 7, 8, 9, 10]
    assert main(["content", "check", str(escape_dir)]) == 0
    out = capsys.readouterr().out
    assert f"{escape_dir / 'esc.yaml'}:8: warning: control character U+001B" in out
    assert controls(out) == []


@pytest.mark.parametrize("as_json", [False, True])
def test_cards_prints_no_controls(escape_dir, tmp_path, capsys, monkeypatch, as_json):
    monkeypatch.setenv("QUIZAPP_CONFIG", str(tmp_path / "none.toml"))
    argv = ["--data-dir", str(tmp_path / "data"), "--content", str(escape_dir), "cards", "deck:esc"]
    assert main(argv + (["--json"] if as_json else [])) == 0
    out = capsys.readouterr().out
    assert controls(out) == [] and "␛]0;pwned␇" in (json.loads(out)[0]["question"] if as_json else out)
