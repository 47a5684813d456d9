"""The mock history file (quizapp.study.mock_history): JSON lines added atomically, a damaged
line reported in one line and kept, nothing new lost."""
from __future__ import annotations

import json
import os

import pytest

from quizapp.errors import QuizError
from quizapp.study.mock_history import FILE_NAME, add_report, load_history


def report(n: int) -> dict:
    return {"started_at": f"2026-03-0{n}T09:00:00.000000+00:00", "minutes": 30, "questions": 9, "passed": n,
            "score": n / 9, "readiness": {"before": 0.1, "after": 0.2, "by_topic": []}, "decks": []}


def test_reports_are_added_oldest_first_and_read_back(tmp_path):
    assert load_history(tmp_path).reports == [] and load_history(tmp_path).problem is None
    add_report(tmp_path, report(1))
    add_report(tmp_path, report(2))
    history = load_history(tmp_path)
    assert history.reports == [report(1), report(2)] and history.problem is None
    assert (tmp_path / FILE_NAME).read_text(encoding="utf-8").count("\n") == 2
    assert [p.name for p in tmp_path.iterdir()] == [FILE_NAME]  # no temp file left behind


def test_a_damaged_file_is_one_line_and_a_new_report_loses_nothing(tmp_path):
    add_report(tmp_path, report(1))
    path = tmp_path / FILE_NAME
    not_a_date = json.dumps({**report(2), "started_at": "yesterday"}).encode()
    damaged = (path.read_bytes() + b'{"started_at": "2026-03-02T09:00' + b"\xff\n[1, 2]\n" + not_a_date + b"\n"
               + b'{"half a line')
    path.write_bytes(damaged)
    history = load_history(tmp_path)
    assert history.reports == [report(1)]
    assert history.problem == (f"{path}: 4 line(s) are not mock reports (line 2, 3, 4, 5);"
                               " skipped and kept as they are")
    add_report(tmp_path, report(5))
    assert path.read_bytes() == damaged + b"\n" + path.read_bytes().splitlines(keepends=True)[-1]
    assert load_history(tmp_path).reports == [report(1), report(5)]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_a_folder_that_cannot_be_written_is_one_clear_error(tmp_path):
    add_report(tmp_path, report(1))
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(QuizError, match=f"^{tmp_path / FILE_NAME}: cannot save the mock report"):
            add_report(tmp_path, report(2))
    finally:
        tmp_path.chmod(0o700)
    assert load_history(tmp_path).reports == [report(1)]
