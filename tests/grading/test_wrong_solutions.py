"""A wrong-on-purpose solution per family fails with a message that helps:
it names the case, the index and expected vs got (or the shapes)."""
from __future__ import annotations

import pytest

WRONG = {
    # activations: the naive softmax overflows on large logits
    "softmax": ("import numpy as np\ndef softmax(z):\n    e = np.exp(z)\n    return e / e.sum(axis=-1, keepdims=True)\n",
                ["logits around 1000", "expected 0.09", "got nan"]),
    # losses: sum instead of mean
    "mse": ("import numpy as np\ndef mse(pred, target):\n    return float(np.sum((pred - target) ** 2))\n",
            ["three values", "expected 0.166667, got 0.5"]),
    # convolution: a flipped kernel (true convolution, not torch's cross-correlation)
    "conv2d": ("import numpy as np\ndef conv2d(x, k, stride=1, padding=0):\n"
               "    x = np.pad(x, padding); k = k[::-1, ::-1]; kh, kw = k.shape\n"
               "    oh = (x.shape[0]-kh)//stride+1; ow = (x.shape[1]-kw)//stride+1\n"
               "    return np.array([[np.sum(x[i*stride:i*stride+kh, j*stride:j*stride+kw]*k) for j in range(ow)] for i in range(oh)])\n",
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
