"""Wrong solutions must fail, and the failure must help.

``wrong_solutions.yaml`` holds the plausible mistakes for every exercise (at
least one each): a grade that passes one of them is a false pass, the worst
bug a grader can have. The messages tests below check that a failure names
the case, its inputs, the index and expected vs got with enough digits.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from quizapp.grading.exercises import load_exercises

from .grading_support import CONTENT

WRONG_FILE = Path(__file__).with_name("wrong_solutions.yaml")
WRONG_SOLUTIONS = yaml.safe_load(WRONG_FILE.read_text(encoding="utf-8"))
SHIPPED = sorted(e.id for e in load_exercises([CONTENT])[0])
CASES = [(ex_id, i, item["why"]) for ex_id, items in sorted(WRONG_SOLUTIONS.items()) for i, item in enumerate(items)]


def test_every_exercise_has_a_wrong_solution():
    assert sorted(WRONG_SOLUTIONS) == SHIPPED


@pytest.mark.parametrize(("exercise_id", "index", "why"), CASES, ids=[f"{e}:{w}" for e, _, w in CASES])
def test_wrong_solution_fails(exercise_id, index, why, exercises, grader):
    result = grader.grade(exercises[exercise_id], WRONG_SOLUTIONS[exercise_id][index]["code"], f"{exercise_id}.py")
    assert result.verdict in ("failed", "error"), f"false pass: {why}"

WRONG = {
    # activations: a global sum instead of one per row
    "softmax": ("import numpy as np\ndef softmax(z):\n    e = np.exp(z - z.max())\n    return e / e.sum()\n",
                ["a batch of rows", "index (0, 0)", "expected 0.0900306, got 0", "z = [[", "1000."]),
    # losses: sum instead of mean
    "mse": ("import numpy as np\ndef mse(pred, target):\n    return float(np.sum((pred - target) ** 2))\n",
            ["three values", "expected 0.166667, got 0.5"]),
    # convolution: a flipped kernel (true convolution, not torch's cross-correlation)
    "conv2d": ("import numpy as np\ndef conv2d(x, k, stride=1, padding=0):\n"
               "    x = np.pad(x, padding); k = k[::-1, ::-1]; kh, kw = k.shape\n"
               "    oh = (x.shape[0]-kh)//stride+1; ow = (x.shape[1]-kw)//stride+1\n"
               "    return np.array([[np.sum(x[i*stride:i*stride+kh, j*stride:j*stride+kw]*k)\n"
               "                      for j in range(ow)] for i in range(oh)])\n",
               ["the notes' 4x4 example", "index (0, 0)", "expected -1", "got 1"]),
    # shapes: a missing keepdims-style mistake returns the wrong shape
    "global-avg-pool": ("import numpy as np\ndef global_avg_pool(x):\n    return x.mean(axis=(1, 2), keepdims=True)\n",
                        ["shape mismatch", "expected (2,)", "got (2, 1, 1)"]),
    # recurrent: gates in TensorFlow's order (i, g, f, o) instead of PyTorch's
    "lstm-step": ("import numpy as np\ndef lstm_step(x, h, c, W_ih, W_hh, b_ih, b_hh):\n"
                  "    s = lambda v: 1/(1+np.exp(-v))\n"
                  "    i, g, f, o = np.split(W_ih @ x + b_ih + W_hh @ h + b_hh, 4)\n"
                  "    c2 = s(f)*c + s(i)*np.tanh(g)\n    return s(o)*np.tanh(c2), c2\n",
                  ["one unit, zero state", "in item 0", "expected"]),
    # detection: union without subtracting the intersection
    "iou": ("def iou(a, b):\n    w = max(0, min(a[2], b[2]) - max(a[0], b[0]))\n"
            "    h = max(0, min(a[3], b[3]) - max(a[1], b[1]))\n"
            "    return w*h / ((a[2]-a[0])*(a[3]-a[1]) + (b[2]-b[0])*(b[3]-b[1]))\n",
            ["identical boxes", "expected 1, got 0.5"]),
    # integer answers: the notes' formula without the floor returns a float
    "conv-output-size": ("def conv_output_size(n, k, stride=1, padding=0, dilation=1):\n"
                         "    return (n - dilation*(k-1) - 1 + 2*padding) / stride + 1\n",
                         ["expected the integer 28", "28.0 (float)"]),
    # tuples: returning one value where a pair is expected
    "relu-derivative": ("import numpy as np\ndef relu_with_grad(x):\n    return np.maximum(0, x)\n",
                        ["expected a tuple of 2"]),
}


@pytest.mark.parametrize("exercise_id", sorted(WRONG))
def test_wrong_solution_fails_usefully(exercise_id, exercises, grader):
    source, expected_bits = WRONG[exercise_id]
    result = grader.grade(exercises[exercise_id], source, f"{exercise_id}.py")
    assert result.verdict == "failed", (result.verdict, result.message)
    first = next(c for c in result.cases if not c.passed)
    text = f"{first.name} {first.message}"
    for bit in expected_bits:
        assert bit in text, text


def test_nms_returns_indices_in_score_order(exercises, grader):
    source = ("import numpy as np\ndef nms(boxes, scores, iou_threshold):\n"
              "    return np.arange(len(scores))\n")
    result = grader.grade(exercises["nms"], source)
    assert result.verdict == "failed"
    assert "expected (2,), got (3,)" in result.cases[0].message


def first_failure(result) -> str:
    case = next(c for c in result.cases if not c.passed)
    return f"{case.name}\n{case.message}"


def test_close_numbers_are_shown_with_the_digits_that_differ(exercises, grader):
    """eps added to the std: off in the 6th digit, so 6 digits would print the same number twice."""
    source = WRONG_SOLUTIONS["batch-norm"][1]["code"]
    text = first_failure(grader.grade(exercises["batch-norm"], source))
    assert "expected -1.224743, got -1.224737 (off by 5.2e-06; allowed 1.2e-06)" in text, text


def test_a_random_case_shows_its_inputs(exercises, grader):
    source = "import numpy as np\ndef mse(pred, target):\n    return float(np.mean(pred - target) ** 2)\n"
    result = grader.grade(exercises["mse"], source)
    case = next(c for c in result.cases if not c.passed and c.name.startswith("random"))
    assert "inputs:\n  pred = [" in case.message and "\n  target = [" in case.message, case.message


def test_big_inputs_are_clipped(exercises):
    from quizapp.grading.feedback import describe_inputs

    text = describe_inputs({"x": [[float(i)] * 50 for i in range(50)], "k": 3})
    assert "..." in text and "(shape (50, 50))" in text and "k = 3" in text
    assert len(text) < 900


def test_a_forbidden_overflow_says_why_it_fails(exercises, grader):
    result = grader.grade(exercises["sigmoid"], WRONG_SOLUTIONS["sigmoid"][0]["code"])
    text = first_failure(result)
    assert "FloatingPointError: overflow encountered in exp" in text and "as its prompt says" in text, text
    assert "x = [-1000.," in text, text


def test_returning_none_says_missing_return(exercises, grader):
    source = ("import numpy as np\ndef softmax(z):\n    e = np.exp(z - z.max(axis=-1, keepdims=True))\n"
              "    e / e.sum(axis=-1, keepdims=True)\n")
    text = first_failure(grader.grade(exercises["softmax"], source))
    assert "the function returned None (missing return?)" in text and "nan" not in text, text


def test_a_huge_result_is_reported_as_such(exercises, grader):
    source = "import numpy as np\ndef softmax(z):\n    return np.zeros((1000, 1000))\n"
    result = grader.grade(exercises["softmax"], source)
    assert result.verdict == "failed", (result.verdict, result.message)
    text = first_failure(result)
    assert "array of shape (1000, 1000) (1,000,000 numbers" in text and "printed" not in text, text


CORRECT_BUT_UNUSUAL = {
    # a renamed parameter: cases are passed by position
    "renamed parameter": ("softmax", "import numpy as np\ndef softmax(logits):\n"
                          "    e = np.exp(logits - logits.max(axis=-1, keepdims=True))\n"
                          "    return e / e.sum(axis=-1, keepdims=True)\n"),
    "renamed parameters with defaults": ("conv-output-size", "def conv_output_size(size, kernel, s=1, p=0, d=1):\n"
                                         "    return (size + 2 * p - d * (kernel - 1) - 1) // s + 1\n"),
    # annotations, typing and a habitual unused numpy import in a math-only exercise
    "future annotations and typing": ("init-std", "from __future__ import annotations\nfrom typing import Literal\n"
                                      "import math\nimport numpy as np\n\n"
                                      "def init_std(scheme: Literal['xavier', 'he'], fan_in: int,\n"
                                      "             fan_out: int) -> float:\n"
                                      "    return math.sqrt(2 / (fan_in + fan_out) if scheme == 'xavier'\n"
                                      "                     else 2 / fan_in)\n"),
}


@pytest.mark.parametrize("what", sorted(CORRECT_BUT_UNUSUAL))
def test_correct_code_written_differently_passes(what, exercises, grader):
    exercise_id, source = CORRECT_BUT_UNUSUAL[what]
    result = grader.grade(exercises[exercise_id], source)
    assert result.verdict == "passed", (result.message, [c.message for c in result.cases if not c.passed][:1])


def test_parameters_that_cannot_take_the_arguments_are_explained(exercises, grader):
    source = "import numpy as np\ndef softmax(z, axis):\n    return z\n"
    text = first_failure(grader.grade(exercises["softmax"], source))
    assert "your function's parameters are (z, axis); the exercise calls it with 1 argument(s): z" in text, text
