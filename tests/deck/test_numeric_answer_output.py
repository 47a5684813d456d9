"""A numeric card's ``answer:`` must name an output its engine has (SCHEMA.md's example
once asked conv-output-size for ``shape``, which it does not give: the check passed
and the Anki export said "answer not computed")."""
from __future__ import annotations

import re
import textwrap
from pathlib import Path

from quizapp.content.deck import load_deck

REPO = Path(__file__).resolve().parents[2]

DECK = """\
deck: demo
title: Demo
cards:
  - id: demo.conv
    kind: numeric
    level: basic
    source: Output size
    engine: conv-output-size
    params: {h: 32, w: 32, kernel: 5, stride: 2, padding: 1, dilation: 1, in_channels: 3, out_channels: 16}
    prompt: "A {h}x{w} input. Output height?"
    answer: %s
"""


def _problems(tmp_path: Path, answer: str) -> list[str]:
    path = tmp_path / "demo.yaml"
    path.write_text(DECK % answer, encoding="utf-8")
    _, errors = load_deck(path)
    return [str(e) for e in errors]


def test_an_answer_the_engine_does_not_give_is_a_path_line_error_naming_its_outputs(tmp_path):
    (problem,) = _problems(tmp_path, "shape")
    assert problem.startswith(f"{tmp_path / 'demo.yaml'}:11:"), problem
    assert "no output 'shape'" in problem and "outputs: answer, channels, h_out, w_out" in problem
    assert _problems(tmp_path, "h_out") == []


def test_content_check_rejects_it_on_the_command_line(tmp_path, quizapp_cli):
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "demo.yaml").write_text(DECK % "shape", encoding="utf-8")
    result = quizapp_cli("content", "check", str(folder), data_dir=tmp_path / "data")
    assert result.returncode == 1
    assert "demo.yaml:11:" in result.stderr + result.stdout and "no output 'shape'" in result.stderr + result.stdout


def test_the_schema_examples_numeric_card_passes_the_check(tmp_path):
    text = (REPO / "content" / "SCHEMA.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```yaml\n(.*?)```", text, re.S) if "kind: numeric" in b)
    card = textwrap.indent(textwrap.dedent(block).strip(), "    ")
    head = "deck: demo\ntitle: Demo\ncards:\n  - id: demo.example\n    level: basic\n    source: SCHEMA.md\n"
    deck = head + card + "\n"
    path = tmp_path / "demo.yaml"
    path.write_text(deck, encoding="utf-8")
    _, errors = load_deck(path)
    assert [str(e) for e in errors] == []
