"""The exercise editor's attempt flow without a screen (milliseconds each): runs,
hints that add up below the results, reset that asks, the previous attempt,
giving up, practice and the rating, drafts and progress on disk."""
from __future__ import annotations

import pytest

from quizapp.grading.exercises import load_exercises
from quizapp.grading.grader import CaseResult, GradeResult
from quizapp.paths import builtin_content_dir
from quizapp.study.exercise_progress import ExerciseProgress
from quizapp.study.exercise_sitting import ASK, ASK_RESET, BUSY, ERROR, RESTORED, RUNNING, Done, ExerciseSitting
from quizapp.study.own_editor import Edited
from quizapp.study.srs import AGAIN, EASY, GOOD, HARD

BROKEN = "import numpy as np\n\n\ndef softmax(z):\n    return z\n"


@pytest.fixture(scope="module")
def softmax():
    exercises, errors = load_exercises([builtin_content_dir() / "exercises"])
    assert not errors
    return next(e for e in exercises if e.id == "softmax")


@pytest.fixture
def drafts(tmp_path):
    return tmp_path / "drafts"


def verdict(passed: bool) -> GradeResult:
    return GradeResult("softmax", "passed" if passed else "failed",
                       [CaseResult("rows sum to one", passed, "" if passed else "row 0 sums to 3.0")])


def sitting(softmax, drafts, **kw) -> ExerciseSitting:
    return ExerciseSitting(softmax, drafts, **kw)


def test_a_first_try_pass_asks_the_rating_and_enter_gives_good(softmax, drafts):
    s = sitting(softmax, drafts)
    assert s.notice is not None and s.notice.text.startswith("Review")
    assert s.rate() is None and not s.allows("rate")  # nothing to rate yet: 1-4 type code
    assert s.run(softmax.solution) and s.notice.tone == BUSY and s.notice.text == RUNNING
    s.graded(softmax.solution, verdict(True))
    assert s.choosing and not s.editable and s.allows("accept") and not s.allows("run_tests")
    done = s.rate()
    assert isinstance(done, Done) and (done.rated.rating, done.rated.suggested, done.rated.passed) == (GOOD, GOOD, True)
    assert s.rate(EASY).rated.rating == EASY  # any rating may be chosen
    assert (drafts / "softmax.py").read_text() == softmax.solution  # the run saved the draft


def test_running_the_untouched_starter_counts_nothing_and_leaving_closes_with_nothing(softmax, drafts):
    s = sitting(softmax, drafts)
    s.run(softmax.starter)
    s.graded(softmax.starter, verdict(False))
    assert not s.result_counted and s.result is not None and s.attempt.failed_runs == 0
    assert s.leave() == Done(None)
    assert not (drafts / "softmax.py").exists()  # the starter never becomes a draft


def test_leaving_after_a_failed_run_asks_first_and_e_goes_back_to_the_code(softmax, drafts):
    s = sitting(softmax, drafts)
    s.run(BROKEN)
    s.graded(BROKEN, verdict(False))
    assert s.leave() is None and s.choosing and s.allows("keep_editing")
    assert s.attempt.why() == "Again (no pass)"
    s.keep_editing()
    assert s.editable and not s.choosing and "Ctrl+R" in s.notice.text
    assert s.leave() is None  # asks again
    assert s.leave().rated.rating == AGAIN


def test_hints_add_up_below_the_results_instead_of_replacing_them(softmax, drafts):
    s = sitting(softmax, drafts)
    s.run(BROKEN)
    s.graded(BROKEN, verdict(False))
    s.hint()
    s.hint()
    assert s.hints_shown == 2 and s.result is not None and s.result.verdict == "failed"
    for _ in range(5):
        s.hint()
    assert s.hints_shown == len(softmax.hints) == s.attempt.hints  # no more than there are


def test_hints_seen_in_an_earlier_sitting_come_back_first_and_count(softmax, drafts, tmp_path):
    progress = ExerciseProgress(tmp_path, warn=pytest.fail)
    first = sitting(softmax, drafts, progress=progress)
    first.hint()
    first.hint()
    assert first.leave() == Done(None)  # hints alone start no attempt
    again = sitting(softmax, drafts, progress=progress)
    assert "2 hint(s)" in again.notice.text
    again.hint()
    assert again.hints_shown == 2 and again.attempt.hints == 2  # the seen ones, not a third
    again.run(softmax.solution)
    again.graded(softmax.solution, verdict(True))
    assert again.rate().rated.suggested == HARD


def test_reset_asks_then_replaces_and_an_edit_in_between_takes_the_question_back(softmax, drafts):
    s = sitting(softmax, drafts)
    assert s.reset(BROKEN) is None and s.notice.text == ASK_RESET and s.notice.tone == ASK
    s.edited(BROKEN + "# more\n")
    assert s.reset(BROKEN + "# more\n") is None  # asks again
    assert s.reset(BROKEN + "# more\n") == softmax.starter and s.notice.text == RESTORED
    assert s.code == softmax.starter
    s.edited(softmax.starter)  # the editor reports the starter it was given: still restored
    assert s.notice.text == RESTORED
    s.edited(BROKEN + "# more\n")  # Ctrl+Z brought the code back: "Starter code restored" is no longer true
    assert s.notice is None


def test_f6_in_practice_changes_the_line_that_says_whether_the_attempt_counts(softmax, drafts):
    s = sitting(softmax, drafts, counts=False)
    assert s.notice.text.startswith("Practice (not due)")
    s.toggle_count()
    assert s.notice.text.startswith("Review")  # it said "Practice: nothing is recorded" still
    s.toggle_count()
    assert s.notice.text.startswith("Practice (not due)")
    s.run(BROKEN)
    s.toggle_count()
    assert s.notice.text == RUNNING  # a line about something else stays


def test_the_previous_attempt_is_offered_only_when_it_differs_and_caps_the_pass_at_hard(softmax, drafts):
    assert not sitting(softmax, drafts).allows("previous")
    drafts.mkdir()
    (drafts / "softmax.py").write_text("# header\n" + softmax.starter)
    assert not sitting(softmax, drafts).allows("previous")  # the starter with comments is no attempt
    (drafts / "softmax.py").write_text(softmax.solution)
    s = sitting(softmax, drafts)
    assert s.allows("previous") and "F5" in s.notice.text
    assert s.load_previous() == softmax.solution
    s.run(softmax.solution)
    s.graded(softmax.solution, verdict(True))
    assert s.attempt.why() == "Hard (previous attempt loaded)"


def test_code_that_replaces_an_unloaded_previous_attempt_keeps_it_as_an_earlier_one(softmax, drafts):
    """A review starts from the starter: a stray edit left behind must not erase the
    attempt saved last time. The one it replaces is kept, and the next sitting says where."""
    drafts.mkdir()
    (drafts / "softmax.py").write_text(softmax.solution)
    s = sitting(softmax, drafts)
    for stray in ("x = 1\n", "x = 2\n"):  # two saves in one sitting (a run, then leaving)
        s.edited(softmax.starter + stray)
        s.save_draft()
    assert (drafts / "softmax.py").read_text() == softmax.starter + "x = 2\n"
    [kept] = s.draft.earlier()
    assert kept.read_text() == softmax.solution and kept.name.startswith("softmax.earlier-")
    again = sitting(softmax, drafts)
    assert f"Earlier attempts kept: 1, the latest in {kept}." in again.notice.text
    assert again.load_previous() == softmax.starter + "x = 2\n"
    again.edited(softmax.solution)  # built on the previous attempt: replaced, nothing more kept
    again.save_draft()
    assert again.draft.earlier() == [kept]


def test_an_unreadable_draft_is_a_warning_not_a_crash(softmax, drafts):
    drafts.mkdir()
    (drafts / "softmax.py").write_bytes(b"\xff\xfe not utf-8")
    s = sitting(softmax, drafts)
    assert s.previous is None
    [(message, severity)] = s.take_toasts()
    assert "Could not read your previous attempt" in message and severity == "warning"
    assert s.take_toasts() == []


def test_giving_up_shows_the_solution_and_a_late_grade_changes_nothing(softmax, drafts):
    s = sitting(softmax, drafts)
    s.run(softmax.solution)
    s.give_up()
    s.graded(softmax.solution, verdict(True))  # the run finished after giving up
    assert s.attempt.gave_up and not s.attempt.passed and s.result is None
    assert s.rate().rated.suggested == AGAIN
    s.hint()
    assert s.hints_shown == 0  # the attempt is over


def test_practice_rates_nothing_unless_counted(softmax, drafts):
    s = sitting(softmax, drafts, counts=False)
    assert s.allows("toggle_count") and s.notice.text.startswith("Practice")
    s.run(softmax.solution)
    s.graded(softmax.solution, verdict(True))
    assert not s.choosing and s.leave() == Done(None)
    s.toggle_count()
    assert s.counts and s.choosing and s.rate().rated.rating == GOOD
    s.toggle_count()
    assert not s.choosing and s.leave() == Done(None)
    assert [severity for _, severity in s.take_toasts()] == ["information", "information"]


def test_a_grading_error_is_said_and_keeps_the_last_results(softmax, drafts):
    s = sitting(softmax, drafts)
    s.run(BROKEN)
    s.graded(BROKEN, verdict(False))
    s.run(BROKEN)
    s.grade_failed("the sandbox did not start")
    assert s.notice.tone == ERROR and "sandbox did not start" in s.notice.text
    assert s.result is not None and s.attempt.failed_runs == 1


def test_a_draft_that_cannot_be_written_is_an_error_toast(softmax, tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    s = ExerciseSitting(softmax, blocked)
    assert [severity for _, severity in s.take_toasts()] == ["warning"]  # no draft to read either
    s.run(BROKEN)
    [(message, severity)] = s.take_toasts()
    assert message.startswith("Could not save your draft") and severity == "error"


def test_own_editor_results_load_only_a_change(softmax, drafts):
    s = sitting(softmax, drafts)
    assert s.from_own_editor(softmax.starter, Edited(softmax.starter)) is None
    assert s.from_own_editor(softmax.starter, Edited(None, "Could not start your editor 'nope'")) is None
    assert s.from_own_editor(softmax.starter, Edited(BROKEN)) == BROKEN and s.code == BROKEN
    assert (drafts / "softmax.py").read_text() == BROKEN
    assert [severity for _, severity in s.take_toasts()] == ["information", "error", "information"]
    s.give_up()
    assert not s.allows("own_editor")
