"""The exercise attempt rule, in milliseconds: what counts, what it earns, when it is a review."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from fsrs import Card, State

from quizapp.study.exercise_attempt import Attempt, changed_from_starter, counts_now
from quizapp.study.srs import AGAIN, EASY, GOOD, HARD, CardState
from timekeeping import T0

STARTER = "import numpy as np\n\n\ndef f(x):\n    # your code here\n    return x\n"
EDITED = "import numpy as np\n\n\ndef f(x):\n    return x * 2\n"
END = T0 + timedelta(hours=16)  # the end of the study day


def test_comments_blank_lines_and_the_start_header_are_not_changes():
    header = "# Softmax  (softmax, basic)\n#\n# Allowed imports: numpy\n"
    assert not changed_from_starter(header + STARTER + "\n\n", STARTER)
    assert not changed_from_starter(STARTER.replace("\n", "\r\n").replace("x\r\n", "x   \r\n"), STARTER)
    assert changed_from_starter(EDITED, STARTER)


def test_running_the_untouched_starter_is_not_an_attempt():
    attempt = Attempt(STARTER)
    assert attempt.ran(STARTER, passed=False) is False
    assert not attempt.started and attempt.suggested is None and attempt.failed_runs == 0
    with pytest.raises(ValueError):
        attempt.rated()


def test_hints_alone_do_not_start_an_attempt_but_count_once_it_has():
    attempt = Attempt(STARTER)
    attempt.took_hint(1)
    attempt.took_hint(2)
    attempt.took_hint(1)
    assert attempt.hints == 2 and attempt.suggested is None
    attempt.ran(EDITED, passed=True)
    assert attempt.suggested == HARD and attempt.why() == "Hard (2 hints)"


@pytest.mark.parametrize("runs, hints, borrowed, expected", [
    ([True], 0, False, GOOD),
    ([False, True], 0, False, HARD),
    ([True], 1, False, HARD),
    ([True], 0, True, HARD),
    ([False], 0, False, AGAIN),
])
def test_suggested_rating(runs, hints, borrowed, expected):
    attempt = Attempt(STARTER, hints=hints)
    if borrowed:
        attempt.borrow_previous()
    for passed in runs:
        assert attempt.ran(EDITED, passed)
    assert attempt.suggested == expected


def test_giving_up_suggests_again_even_untouched_and_nothing_changes_after_a_pass():
    gave_up = Attempt(STARTER)
    gave_up.give_up()
    assert gave_up.started and gave_up.suggested == AGAIN and gave_up.why() == "Again (gave up)"
    passed = Attempt(STARTER)
    passed.ran(EDITED, True)
    passed.give_up()
    passed.took_hint(1)
    assert passed.ran(EDITED, False) is False
    assert passed.suggested == GOOD and not passed.gave_up and passed.hints == 0


def test_the_learner_may_choose_another_rating_and_the_log_keeps_both():
    attempt = Attempt(STARTER, failed_runs=2)  # carried over from an earlier sitting
    assert not attempt.started  # resuming alone is not trying
    attempt.ran(EDITED, True)
    rated = attempt.rated(EASY)
    assert (rated.rating, rated.suggested, rated.passed) == (EASY, HARD, True)
    fields = rated.review_fields("grade")
    assert fields["correct"] is True
    log = json.loads(fields["params"])
    assert log["via"] == "grade" and log["attempt"]["suggested"] == HARD and log["attempt"]["failed_runs"] == 2
    assert attempt.rated().rating == HARD
    with pytest.raises(ValueError):
        attempt.rated(5)


def state(fsrs_state: State | None, due, **flags) -> CardState:
    card = None if fsrs_state is None else Card(state=fsrs_state, due=due)
    return CardState("exercises.f", card, **flags)


def test_a_card_counts_when_new_or_due_as_the_study_queue_has_it():
    assert counts_now(state(None, None), T0, END)
    assert counts_now(state(State.Review, T0 + timedelta(hours=3)), T0, END)  # due later today
    assert not counts_now(state(State.Review, END + timedelta(hours=1)), T0, END)  # tomorrow: practice
    assert counts_now(state(State.Learning, T0), T0, END)
    assert not counts_now(state(State.Learning, T0 + timedelta(minutes=10)), T0, END)  # just done
    assert not counts_now(state(None, None, suspended=True), T0, END)
    assert not counts_now(state(State.Review, T0, buried_until=T0 + timedelta(hours=1)), T0, END)


def test_the_attempt_modules_load_without_textual_or_torch():
    code = ("import json, sys, quizapp.study.exercise_attempt, quizapp.study.exercise_progress,"
            " quizapp.study.exercise_review; print(json.dumps(sorted(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2])
    loaded = json.loads(out.stdout)
    assert not [m for m in loaded if m.split(".")[0] in ("torch", "textual")]
