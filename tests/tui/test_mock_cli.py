"""`quizapp mock`: bad options are one line and exit 2; `--history [--json]` lists the kept
reports; a whole mock run through the command (the real app, headless, answered by an
autopilot as a learner would) prints its report with `--json` and keeps it in the history."""
from __future__ import annotations

import json

import pytest

from quizapp.study.mock_history import add_report, history_file
from quizapp.tui.app import QuizApp


@pytest.fixture
def mock_cli(tmp_path, deck_dir, quizapp_cli):
    """``mock_cli(*args)``: ``quizapp --data-dir tmp/data --content DEMO mock ARGS``."""
    def run(*args: str):
        return quizapp_cli("mock", *args, data_dir=tmp_path / "data", content=deck_dir)

    return run


@pytest.fixture
def headless(monkeypatch):
    """The app runs headless at 80x24 with ``autopilot`` driving it, as a learner at the keys."""
    def use(autopilot) -> None:
        original = QuizApp.run
        monkeypatch.setattr(QuizApp, "run", lambda self, **kw: original(self, headless=True, size=(80, 24),
                                                                          auto_pilot=autopilot))

    return use


@pytest.mark.parametrize(("args", "message"), [
    (["--minutes", "4"], "--minutes must be 5-180, not 4"),
    (["--minutes", "200", "--json"], "--minutes must be 5-180, not 200"),
    (["--level", "expert"], "unknown level(s): expert (levels: basic, advanced, research)"),
    (["--deck", "no-such-deck"], "unknown deck(s): no-such-deck (decks: "),
    (["--history", "--deck", "demo"], "--history lists the past reports: it takes no --minutes, --deck or --level"),
])
def test_bad_options_are_one_line_and_exit_2(mock_cli, args, message):
    out = mock_cli(*args)
    assert out.returncode == 2 and out.stderr.startswith(f"quizapp: {message}") and out.stderr.count("\n") == 1
    assert out.stdout == ("" if "--json" not in args else json.dumps({"error": out.stderr[9:-1]}) + "\n")


def test_the_history_lists_past_reports_and_says_in_one_line_what_it_could_not_read(tmp_path, mock_cli):
    assert mock_cli("--history").stdout == "no mock interviews yet: `quizapp mock` starts one\n"
    assert json.loads(mock_cli("--history", "--json").stdout) == []
    report = {"started_at": "2026-03-02T09:00:00.000000+00:00", "minutes": 30, "questions": 9, "passed": 6,
              "score": 0.667, "readiness": {"before": 0.41, "after": 0.47}, "decks": ["cnn", "rnn\x1b]0;x\x07"]}
    add_report(tmp_path / "data", report)
    with history_file(tmp_path / "data").open("a", encoding="utf-8") as f:
        f.write("not json\n")
    out = mock_cli("--history")
    assert out.returncode == 0 and out.stdout.count("\n") == 1
    assert out.stdout.rstrip().endswith("  30m   6/9   67%  ready 41.0% → 47.0%  cnn,rnn␛]0;x␇")  # shown, never obeyed
    assert out.stderr == (f"quizapp: {history_file(tmp_path / 'data')}: 1 line(s) are not mock reports (line 2);"
                          " skipped and kept as they are\n")
    assert json.loads(mock_cli("--history", "--json").stdout)[0]["decks"] == ["cnn", "rnn␛]0;x␇"]


async def answer_everything(pilot) -> None:
    """Answer every question with the keys a learner would press (Space shows, 3 is Good,
    a picks the first option of the choice card), then close the report."""
    await pilot.pause()
    for _ in range(3):
        panel = pilot.app.screen.query_one("#mock-question")
        await pilot.press(*(["a", "enter"] if panel.attempt.card.kind == "choice" else ["space"]), "3")
        await pilot.pause()
    await pilot.press("enter")


def test_a_whole_mock_prints_its_report_as_json_and_keeps_it(tmp_path, mock_cli, headless):
    headless(answer_everything)
    out = mock_cli("--minutes", "5", "--deck", "demo", "--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert {"started_at", "finished_at", "minutes", "decks", "levels", "elapsed_s", "ended", "questions", "answered",
            "passed", "score", "by_topic", "answers", "study_next", "readiness"} <= set(report)
    assert (report["minutes"], report["decks"], report["ended"], report["answered"]) == (5, ["demo"], "all asked", 3)
    assert [t["topic"] for t in report["by_topic"]] == ["demo"] and report["readiness"]["before"] == 0.0
    assert report["readiness"]["after"] > 0 and {a["rating"] for a in report["answers"]} == {3}
    (kept,) = (json.loads(line) for line in history_file(tmp_path / "data").read_text(encoding="utf-8").splitlines())
    assert kept == report
    listed = mock_cli("--history")
    assert listed.stdout.count("\n") == 1 and "   5m   3/3  100%  ready 0.0% → " in listed.stdout


def test_no_card_to_ask_is_one_line_and_exit_1(mock_cli, headless):
    headless(None)
    out = mock_cli("--deck", "demo", "--level", "advanced", "--json")
    assert out.returncode == 1
    assert out.stderr == "quizapp: no cards in these decks and levels: nothing to ask\n"
    assert json.loads(out.stdout) == {"error": "no cards in these decks and levels: nothing to ask"}


def test_leaving_before_the_first_answer_keeps_nothing_and_json_says_so(tmp_path, mock_cli, headless):
    async def leave(pilot) -> None:
        await pilot.pause()
        await pilot.press("escape")

    headless(leave)
    out = mock_cli("--deck", "demo", "--json")
    assert out.returncode == 1
    assert json.loads(out.stdout) == {"error": "the mock ended before the first answer: no report"}
    assert not history_file(tmp_path / "data").exists()
    assert mock_cli("--deck", "demo").returncode == 0  # without --json: nothing to say
