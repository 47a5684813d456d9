"""Detector training and evaluation numbers: ``average-precision``, ``smooth-l1``, ``yolo-output``.

Average precision has no torch module, so it is torch tensor ops on the
ranked detections: cumulative TP/FP counts give precision and recall, then
either every-point interpolation (VOC 2010+, COCO-style: the area under the
precision envelope, precision made non-increasing from the right) or the
VOC 2007 11-point rule (mean of the best precision at recall ≥ 0, 0.1, …, 1).
``smooth-l1`` is ``nn.SmoothL1Loss`` (mean); ``yolo-output`` reshapes a real
YOLOv1 head (``nn.Linear`` to S·S·(5B + C), on the meta device) to its grid.
"""
from __future__ import annotations

import random

from engines import _common as c
from engines.base import Engine, Param, ParamError, Solution, Step

_METHODS = ("all-points", "voc11")


# --- average-precision --------------------------------------------------------

def _pr_curve(p: dict, device):

    tp = c.tensor(p["tp"], device)
    tp_cum, fp_cum = tp.cumsum(0), (1 - tp).cumsum(0)
    return tp_cum / (tp_cum + fp_cum), tp_cum / p["num_gt"]


def _ap_solve(p: dict, device) -> Solution:
    import torch

    precision, recall = _pr_curve(p, device)
    if p["method"] == "all-points":
        envelope = precision.flip(0).cummax(0).values.flip(0)
        gains = torch.diff(recall, prepend=recall.new_zeros(1))
        ap = (gains * envelope).sum()
        final = [Step("precision envelope (max to the right)", c.to_py(envelope)),
                 Step("AP = Σ (Δrecall × envelope)", c.to_py(ap))]
    else:
        levels = torch.arange(11, dtype=torch.float64, device=device) / 10
        reached = recall[None, :] >= levels[:, None]
        best = torch.where(reached, precision[None, :], precision.new_zeros(1)).max(dim=1).values
        ap = best.mean()
        final = [Step("best precision at recall ≥ 0, 0.1, …, 1", c.to_py(best)),
                 Step("AP = mean of the 11 values", c.to_py(ap))]
    outputs = {"precision": c.to_py(precision), "recall": c.to_py(recall), "ap": c.to_py(ap)}
    steps = [Step("precision = TP so far / detections so far", outputs["precision"]),
             Step(f"recall = TP so far / {p['num_gt']} ground-truth boxes", outputs["recall"]), *final]
    return Solution(outputs["ap"], steps, outputs)


def _ap_generate(rng: random.Random, level: str) -> dict:
    n = c.by_level(level, 4, 6, 10)
    tp = [1] + [rng.randint(0, 1) for _ in range(n - 1)]
    rng.shuffle(tp)
    return {"tp": tp, "num_gt": sum(tp) + rng.randint(0, c.by_level(level, 0, 1, 2)),
            "method": c.by_level(level, "all-points", rng.choice(_METHODS), rng.choice(_METHODS))}


def _ap_check(p: dict) -> None:
    if len(c.shape(p["tp"])) != 1 or any(v not in (0, 1) for v in p["tp"]):
        raise ParamError("tp: a list of 1 (true positive) and 0 (false positive), one per detection")
    c.require(p["num_gt"] >= sum(p["tp"]),
              f"num_gt: {sum(p['tp'])} detections are true positives, so there are at least that many boxes")


def _ap_mistakes(p: dict):
    right = c.answer_with(_ap_solve, p)
    precision, recall = c.answer_with(_ap_solve, p, "precision"), c.answer_with(_ap_solve, p, "recall")
    raw = sum((r - r0) * q for r, r0, q in zip(recall, [0.0, *recall[:-1]], precision, strict=True))
    other = "voc11" if p["method"] == "all-points" else "all-points"
    return c.distinct(right, [
        (raw if p["method"] == "all-points" else None,
         "Interpolate first: at each recall use the best precision at that recall or beyond."),
        (c.answer_with(_ap_solve, p, method=other), f"That is the {other} rule; this card uses {p['method']}."),
        (c.answer_with(_ap_solve, p, num_gt=sum(p["tp"])) if p["num_gt"] > sum(p["tp"]) else None,
         "Recall divides by all ground-truth boxes, including those never detected."),
    ])


AVERAGE_PRECISION = Engine(
    name="average-precision",
    title="Average precision of ranked detections",
    params=(
        Param("tp", "vector", "1 (true positive) or 0 (false positive) per detection, highest score first",
              max_len=64),
        Param("num_gt", "int", "number of ground-truth boxes", min=1, max=1000),
        Param("method", "str", "interpolation", default="all-points", required=False, choices=_METHODS),
    ),
    solve_fn=_ap_solve,
    generate_fn=_ap_generate,
    mistakes_fn=_ap_mistakes,
    check=_ap_check,
)


# --- smooth-l1 ----------------------------------------------------------------

def _sl1_solve(p: dict, device) -> Solution:
    import torch

    pred, target = c.tensor(p["pred"], device), c.tensor(p["target"], device)
    beta = p["beta"]
    per_item = torch.nn.SmoothL1Loss(reduction="none", beta=beta)(pred, target)
    loss = torch.nn.SmoothL1Loss(beta=beta)(pred, target)
    diff = (pred - target).abs()
    steps = [Step("|pred − target|", c.to_py(diff)),
             Step(f"per item: 0.5·d²/{beta:g} if d < {beta:g}, else d − {0.5 * beta:g}", c.to_py(per_item)),
             Step("mean over items", c.to_py(loss))]
    return Solution(c.to_py(loss), steps, {"per_item": c.to_py(per_item), "sum": c.to_py(per_item.sum()),
                                           "l1": c.to_py(diff.mean())})


def _sl1_generate(rng: random.Random, level: str) -> dict:
    n = c.by_level(level, 2, 4, 4)
    params = {"pred": c.vector(rng, n, -2, 2), "target": c.vector(rng, n, -2, 2)}
    params["beta"] = c.by_level(level, 1.0, 1.0, rng.choice((0.5, 1.0, 2.0)))
    return params


def _sl1_mistakes(p: dict):
    right = c.answer_with(_sl1_solve, p)
    diffs = [abs(a - b) for a, b in zip(c.as_list(p["pred"]), c.as_list(p["target"]), strict=True)]
    return c.distinct(right, [
        (c.answer_with(_sl1_solve, p, key="sum"), "PyTorch averages over the items (reduction='mean')."),
        (c.answer_with(_sl1_solve, p, key="l1"), "That is plain L1; below beta the loss is quadratic, 0.5·d²/beta."),
        (sum(0.5 * d * d for d in diffs) / len(diffs), "Above beta the loss is linear, d − 0.5·beta: that is what "
                                                       "keeps outliers from dominating."),
        (right * p["beta"] if p["beta"] != 1 else None, "That is the Huber loss (beta × smooth L1); SmoothL1Loss "
                                                        "divides the quadratic part by beta."),
    ])


SMOOTH_L1 = Engine(
    name="smooth-l1",
    title="Smooth L1 loss (box regression)",
    params=(
        Param("pred", "tensor", "predictions", max_len=64),
        Param("target", "tensor", "targets, same shape as pred", max_len=64),
        Param("beta", "float", "where the quadratic part ends", default=1.0, required=False, min=0.0, max=100.0),
    ),
    solve_fn=_sl1_solve,
    generate_fn=_sl1_generate,
    mistakes_fn=_sl1_mistakes,
    check=lambda p: c.require(c.shape(p["pred"]) == c.shape(p["target"]), "target: must have the same shape as pred"),
)


# --- yolo-output --------------------------------------------------------------

def _yolo_solve(p: dict, device) -> Solution:
    import torch

    S, B, C = p["S"], p["B"], p["C"]
    head = c.real_module(torch.nn.Linear, 4096, S * S * (5 * B + C), device="meta")
    grid = head(torch.zeros(1, 4096, dtype=torch.float64, device="meta")).view(S, S, 5 * B + C)
    shape, size = list(grid.shape), grid.numel()
    steps = [Step(f"per cell: {B} boxes × (x, y, w, h, confidence) + {C} class probabilities = 5·{B} + {C}", shape[2]),
             Step(f"grid {S}×{S}, output shape", shape), Step(f"numbers = {S}·{S}·{shape[2]}", size),
             Step(f"boxes predicted = {S}·{S}·{B}", S * S * B)]
    return Solution(shape, steps, {"shape": shape, "size": size, "per_cell": shape[2], "boxes": S * S * B})


def _yolo_generate(rng: random.Random, level: str) -> dict:
    return {"S": rng.choice(c.by_level(level, (7,), (5, 7, 9), (7, 11, 13, 14))),
            "B": rng.choice(c.by_level(level, (2,), (1, 2, 3), (2, 3, 5))),
            "C": rng.choice(c.by_level(level, (20,), (3, 10, 20), (20, 80, 91)))}


def _yolo_mistakes(p: dict):
    S, B, C = p["S"], p["B"], p["C"]
    return c.distinct([S, S, 5 * B + C], [
        ([S, S, B * (5 + C)], "YOLOv1 predicts class probabilities once per cell, not per box (per box is the "
                              "anchor layout of YOLOv2 and later)."),
        ([S, S, 4 * B + C], "Each box has a confidence score too: 5 numbers per box."),
        ([S, S, 5 * B], "Add the C class probabilities of each cell."),
    ])


YOLO_OUTPUT = Engine(
    name="yolo-output",
    title="YOLOv1 output tensor",
    params=(
        Param("S", "int", "grid side (S×S cells)", min=1, max=64),
        Param("B", "int", "boxes per cell", min=1, max=16),
        Param("C", "int", "number of classes", min=1, max=1000),
    ),
    solve_fn=_yolo_solve,
    generate_fn=_yolo_generate,
    mistakes_fn=_yolo_mistakes,
    exact_outputs=frozenset({"answer", "shape", "size", "per_cell", "boxes"}),
)

ENGINES = (AVERAGE_PRECISION, SMOOTH_L1, YOLO_OUTPUT)
