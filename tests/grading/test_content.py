"""Every shipped exercise: the reference solution passes and the starter fails
(rustlings' dev check), and the ids and signatures the product fixes exist."""
from __future__ import annotations

import pytest

from grading_support import CONTENT
from quizapp.grading.exercises import load_exercises

REQUIRED = {
    "softmax": "softmax(z)",
    "conv2d": "conv2d(x, k, stride=1, padding=0)",
    "conv-output-size": "conv_output_size(n, k, stride=1, padding=0, dilation=1)",
    "lstm-step": "lstm_step(x, h, c, W_ih, W_hh, b_ih, b_hh)",
    "rnn-forward": "rnn_forward(xs, h0, W_xh, W_hh, b_h)",
    "iou": "iou(a, b)",
    "nms": "nms(boxes, scores, iou_threshold)",
    "dropout": "dropout(x, mask, p)",
}
IDS = sorted(e.id for e in load_exercises([CONTENT])[0])


def test_at_least_26_exercises_and_the_fixed_ids(exercises):
    assert len(exercises) >= 26
    for exercise_id, signature in REQUIRED.items():
        assert exercises[exercise_id].signature == signature
    assert sum("find-the-bug" in e.tags for e in exercises.values()) >= 2


def test_random_cases_are_seeded(exercises):
    from quizapp.grading.cases import case_arguments

    for ex in exercises.values():
        assert case_arguments(ex) == case_arguments(ex), ex.id


def test_softmax_has_a_stability_case(exercises):
    from quizapp.grading.cases import prepare

    assert any(abs(v) >= 1000 for c in prepare(exercises["softmax"]) for v in c.args["z"] if isinstance(v, float))


@pytest.mark.parametrize("exercise_id", IDS)
def test_solution_passes(exercise_id, exercises, grader):
    result = grader.grade(exercises[exercise_id], exercises[exercise_id].solution)
    assert result.verdict == "passed", [c for c in result.cases if not c.passed] or result.message


@pytest.mark.parametrize("exercise_id", IDS)
def test_starter_fails(exercise_id, exercises, grader):
    result = grader.grade(exercises[exercise_id], exercises[exercise_id].starter)
    assert result.verdict in ("failed", "error"), result.verdict
    assert not all(c.passed for c in result.cases)
