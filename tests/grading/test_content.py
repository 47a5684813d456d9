"""Every shipped exercise: the reference solution passes and the starter fails
(rustlings' dev check), and the ids and signatures the product fixes exist."""
from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.grading.exercises import load_exercises

from .grading_support import CONTENT

REQUIRED = {
    "softmax": "softmax(z)",
    "conv2d": "conv2d(x, k, stride=1, padding=0)",
    "conv-output-size": "conv_output_size(n, k, stride=1, padding=0, dilation=1)",
    "lstm-step": "lstm_step(x, h, c, W_ih, W_hh, b_ih, b_hh)",
    "rnn-forward": "rnn_forward(xs, h0, W_xh, W_hh, b_h)",
    "iou": "iou(a, b)",
    "nms": "nms(boxes, scores, iou_threshold)",
    "dropout": "dropout(x, mask, p)",
    # issue 11's topics
    "sgd-momentum": "sgd_momentum(w, grads, lr, momentum=0.9)",
    "adam": "adam(w, grads, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8)",
    "layer-norm": "layer_norm(x, gamma, beta, eps=1e-5)",
    "multi-head-attention": "multi_head_attention(x, W_in, b_in, W_out, b_out, num_heads)",
    "average-precision": "average_precision(tp, num_gt)",
    "mlp-backprop": "mlp_backprop(x, y, W1, b1, W2, b2)",
    "smooth-l1": "smooth_l1(pred, target, beta=1.0)",
    "conv-transpose-output-size": "conv_transpose_output_size(n, k, stride=1, padding=0, output_padding=0, dilation=1)",
    "leaky-relu": "leaky_relu_with_grad(x, negative_slope=0.01)",
}
SECTIONS = Path(__file__).resolve().parents[1] / "content" / "sections.txt"
IDS = sorted(e.id for e in load_exercises([CONTENT])[0])


def test_at_least_36_exercises_and_the_fixed_ids(exercises):
    assert len(exercises) >= 36
    for exercise_id, signature in REQUIRED.items():
        assert exercises[exercise_id].signature == signature
    assert sum("find-the-bug" in e.tags for e in exercises.values()) >= 2


def test_every_source_names_a_section_of_the_notes(exercises):
    """As for deck cards: the normalized heading, so Browse and the plan group them by topic."""
    known = set(SECTIONS.read_text(encoding="utf-8").splitlines())
    assert sorted(e.id for e in exercises.values() if e.source not in known) == []


def test_prompts_that_forbid_overflow_turn_warnings_into_failures(exercises):
    for ex in exercises.values():
        assert ex.strict_float == ("fails the case" in ex.prompt), ex.id


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
