"""Object-detection arithmetic: ``bbox-decode``, ``iou``, ``nms``.

torchvision is not a dependency, so IoU and NMS are written with plain torch
ops (one pairwise-IoU helper both engines share). NMS follows torchvision's
rule: take boxes by falling score, drop any box whose IoU with a kept box is
greater than the threshold.
"""
from __future__ import annotations

import random

from engines import _common as c
from engines.base import Engine, Param, Solution, Step

_MAX_BOXES = 32


def box_iou(a, b):
    """Pairwise IoU of (N, 4) and (M, 4) corner boxes, plus intersection and areas."""
    import torch

    lt = torch.maximum(a[:, None, :2], b[None, :, :2])
    rb = torch.minimum(a[:, None, 2:], b[None, :, 2:])
    inter = (rb - lt).clamp(min=0).prod(dim=2)
    area = lambda boxes: (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])  # noqa: E731
    union = area(a)[:, None] + area(b)[None, :] - inter
    return inter / union, inter, area(a), area(b)


def _check_corners(name: str, box: list) -> None:
    c.require(len(box) == 4, f"{name}: a box is 4 numbers (x1, y1, x2, y2)")
    c.require(box[2] > box[0] and box[3] > box[1], f"{name}: needs x2 > x1 and y2 > y1")


# --- bbox-decode --------------------------------------------------------------

def _decode_solve(p: dict, device) -> Solution:
    x, y, w, h = c.tensor(p["proposal"], device)
    tx, ty, tw, th = c.tensor(p["deltas"], device)
    box = [c.to_py(v) for v in (x + w * tx, y + h * ty, w * tw.exp(), h * th.exp())]
    labels = ("x = x_p + t_x·w_p", "y = y_p + t_y·h_p", "w = w_p·exp(t_w)", "h = h_p·exp(t_h)")
    steps = [Step(label, v) for label, v in zip(labels, box, strict=True)]
    cx, cy, bw, bh = box
    corners = [cx - bw / 2, cy - bh / 2, cx + bw / 2, cy + bh / 2]
    steps.append(Step("corners (x1, y1, x2, y2) = centre ∓ size/2", corners))
    return Solution(box, steps, {"box": box, "corners": corners})


def _decode_generate(rng: random.Random, level: str) -> dict:
    proposal = [float(rng.randint(20, 200)), float(rng.randint(20, 200)),
                float(rng.randrange(20, 120, 10)), float(rng.randrange(20, 120, 10))]
    spread = c.by_level(level, 0.2, 0.5, 0.8)
    return {"proposal": proposal, "deltas": c.vector(rng, 4, -spread, spread)}


def _decode_check(p: dict) -> None:
    c.require(len(p["proposal"]) == 4 and p["proposal"][2] > 0 and p["proposal"][3] > 0,
              "proposal: (x, y, w, h) with centre x, y and positive w, h")
    c.require(len(p["deltas"]) == 4, "deltas: (t_x, t_y, t_w, t_h)")


def _decode_mistakes(p: dict):
    right = c.answer_with(_decode_solve, p)
    (x, y, w, h), (tx, ty, tw, th) = p["proposal"], p["deltas"]
    return c.distinct(right, [
        ([x + w * tx, y + h * ty, w * (1 + tw), h * (1 + th)],
         "Width and height scale by exp(t_w) and exp(t_h), not (1 + t)."),
        ([x + tx, y + ty, right[2], right[3]], "The centre offsets are relative: multiply t_x by w_p and t_y by h_p."),
    ])


BBOX_DECODE = Engine(
    name="bbox-decode",
    title="Decode R-CNN box-regression offsets",
    params=(
        Param("proposal", "vector", "proposal box (x, y, w, h), centre-based", max_len=4),
        Param("deltas", "vector", "predicted offsets (t_x, t_y, t_w, t_h)", max_len=4),
    ),
    solve_fn=_decode_solve,
    generate_fn=_decode_generate,
    mistakes_fn=_decode_mistakes,
    check=_decode_check,
)


# --- iou ----------------------------------------------------------------------

def _iou_solve(p: dict, device) -> Solution:
    iou, inter, area_a, area_b = box_iou(c.tensor([p["a"]], device), c.tensor([p["b"]], device))
    inter, a, b, value = c.to_py(inter[0, 0]), c.to_py(area_a[0]), c.to_py(area_b[0]), c.to_py(iou[0, 0])
    steps = [Step("intersection area", inter), Step("area of a", a), Step("area of b", b),
             Step("union = area a + area b − intersection", a + b - inter), Step("IoU = intersection / union", value)]
    return Solution(value, steps, {"iou": value, "intersection": inter, "union": a + b - inter})


def _random_box(rng: random.Random, top: int = 10) -> list[float]:
    x1, y1 = rng.randint(0, top - 2), rng.randint(0, top - 2)
    return [float(x1), float(y1), float(rng.randint(x1 + 1, top)), float(rng.randint(y1 + 1, top))]


def _iou_generate(rng: random.Random, level: str) -> dict:
    top = c.by_level(level, 6, 10, 20)
    return {"a": _random_box(rng, top), "b": _random_box(rng, top)}


def _iou_check(p: dict) -> None:
    _check_corners("a", p["a"])
    _check_corners("b", p["b"])


def _iou_mistakes(p: dict):
    right = c.answer_with(_iou_solve, p)
    inter = c.answer_with(_iou_solve, p, key="intersection")
    union = c.answer_with(_iou_solve, p, key="union")
    return c.distinct(right, [
        (inter / (union + inter), "Subtract the intersection once from the sum of the areas: it was counted twice."),
    ])


IOU = Engine(
    name="iou",
    title="Intersection over union of two boxes",
    params=(
        Param("a", "vector", "box (x1, y1, x2, y2)", max_len=4),
        Param("b", "vector", "box (x1, y1, x2, y2)", max_len=4),
    ),
    solve_fn=_iou_solve,
    generate_fn=_iou_generate,
    mistakes_fn=_iou_mistakes,
    check=_iou_check,
)


# --- nms ----------------------------------------------------------------------

def _nms_solve(p: dict, device) -> Solution:
    import torch

    boxes, scores = c.tensor(p["boxes"], device), c.tensor(p["scores"], device)
    iou = c.to_py(box_iou(boxes, boxes)[0])
    order = c.to_py(torch.argsort(scores, descending=True, stable=True))
    keep, removed, steps = [], set(), [Step("boxes by falling score", order)]
    for i in order:
        if i in removed:
            continue
        keep.append(i)
        dropped = [j for j in order if j not in removed and j not in keep and iou[i][j] > p["iou_threshold"]]
        removed.update(dropped)
        detail = ", ".join(f"{j} (IoU {iou[i][j]:.3f})" for j in dropped) or "none"
        steps.append(Step(f"keep box {i} (score {p['scores'][i]:g}); suppress {detail}", list(keep)))
    return Solution(keep, steps, {"keep": keep, "count": len(keep)})


def _nms_generate(rng: random.Random, level: str) -> dict:
    n = c.by_level(level, 3, 5, 7)
    centres = [_random_box(rng, 10) for _ in range(c.by_level(level, 1, 2, 3))]
    boxes = []
    for _ in range(n):  # jittered copies of a few boxes, so that some overlap a lot
        x1, y1, x2, y2 = rng.choice(centres)
        dx, dy = rng.randint(-1, 1), rng.randint(-1, 1)
        boxes.append([x1 + dx, y1 + dy, x2 + dx + rng.randint(0, 1), y2 + dy + rng.randint(0, 1)])
    scores = rng.sample([v / 100 for v in range(50, 100, 5)], n)
    return {"boxes": boxes, "scores": scores, "iou_threshold": rng.choice((0.3, 0.5))}


def _nms_check(p: dict) -> None:
    c.require(len(p["scores"]) == len(p["boxes"]), f"scores: needs one score per box ({len(p['boxes'])})")
    for n, box in enumerate(p["boxes"]):
        _check_corners(f"boxes[{n}]", box)


def _nms_mistakes(p: dict):
    right = c.answer_with(_nms_solve, p)
    by_index = {**p, "scores": [float(len(p["scores"]) - n) for n in range(len(p["scores"]))]}
    return c.distinct(right, [
        (c.answer_with(_nms_solve, by_index), "Visit boxes from the highest score down, not in the order given."),
        (sorted(right), "List the kept boxes highest score first."),
    ])


NMS = Engine(
    name="nms",
    title="Non-maximum suppression",
    params=(
        Param("boxes", "matrix", "boxes, one (x1, y1, x2, y2) row each", max_len=_MAX_BOXES),
        Param("scores", "vector", "one score per box", max_len=_MAX_BOXES),
        Param("iou_threshold", "float", "suppress when IoU is greater than this", default=0.5, required=False,
              min=0.0, max=1.0),
    ),
    solve_fn=_nms_solve,
    generate_fn=_nms_generate,
    mistakes_fn=_nms_mistakes,
    check=_nms_check,
    exact_outputs=frozenset({"answer", "keep", "count"}),
)

ENGINES = (BBOX_DECODE, IOU, NMS)
