"""Reference answers for the coding exercises, computed with real PyTorch in float64.

Each public function takes the exercise's arguments (plain JSON values, as in
the YAML) and returns what the learner's NumPy function must return (NumPy
arrays, floats, ints, tuples). The grader calls these in the parent process,
never in the sandbox. ``*_cases`` functions are the seeded random-case
generators: ``gen(numpy.random.Generator) -> args``, values as plain lists so
that the reference and the learner see exactly the same numbers. torch is
imported inside functions so that loading this module to check names is cheap.
"""
from __future__ import annotations

from engines.detection import box_iou
from engines.regularize import init_scale


def _t(x, dtype="float64"):
    import torch

    return torch.tensor(x, dtype=getattr(torch, dtype))


def _np(t):
    return t.detach().cpu().numpy()


def _copy(param, values):
    import torch

    with torch.no_grad():
        param.copy_(_t(values))


def _scale(rng, choices=(1.0, 5.0, 30.0, 1000.0)):
    return float(rng.choice(choices))


# ---- activations -----------------------------------------------------------

def sigmoid(x):
    import torch

    return _np(torch.sigmoid(_t(x)))


def relu_with_grad(x):
    """(relu(x), d relu/dx) by autograd; PyTorch takes the derivative at 0 as 0."""
    t = _t(x).requires_grad_(True)
    y = t.relu()
    y.sum().backward()
    return _np(y), _np(t.grad)


def softmax(z):
    import torch

    return _np(torch.softmax(_t(z), dim=-1))


def log_softmax(z):
    import torch

    return _np(torch.log_softmax(_t(z), dim=-1))


def vector_cases(rng):
    """A 1-D vector, sometimes huge in magnitude (stability stress)."""
    n = int(rng.integers(1, 9))
    return {"x": (rng.standard_normal(n) * _scale(rng, (1.0, 10.0, 700.0))).tolist()}


def logits_cases(rng):
    """Logits of rank 1 to 3, sometimes ~1000 so that a naive exp overflows."""
    shape = tuple(int(s) for s in rng.integers(1, 6, size=int(rng.integers(1, 4))))
    return {"z": (rng.standard_normal(shape) * _scale(rng) + rng.uniform(-5, 5)).tolist()}


# ---- losses ----------------------------------------------------------------

def cross_entropy(logits, target):
    import torch.nn.functional as F

    return F.cross_entropy(_t(logits), _t(target, "int64")).item()


def classification_cases(rng):
    n, c = int(rng.integers(1, 7)), int(rng.integers(2, 6))
    return {"logits": (rng.standard_normal((n, c)) * _scale(rng)).tolist(),
            "target": rng.integers(0, c, size=n).tolist()}


def binary_cross_entropy(p, y):
    import torch.nn.functional as F

    return F.binary_cross_entropy(_t(p), _t(y)).item()


def probability_cases(rng):
    n = int(rng.integers(1, 9))
    return {"p": rng.uniform(1e-4, 1 - 1e-4, size=n).tolist(), "y": rng.integers(0, 2, size=n).astype(float).tolist()}


def bce_with_logits(logits, y):
    import torch.nn.functional as F

    return F.binary_cross_entropy_with_logits(_t(logits), _t(y)).item()


def binary_logit_cases(rng):
    n = int(rng.integers(1, 9))
    return {"logits": (rng.standard_normal(n) * _scale(rng, (1.0, 20.0, 100.0))).tolist(),
            "y": rng.integers(0, 2, size=n).astype(float).tolist()}


def mse(pred, target):
    import torch.nn.functional as F

    return F.mse_loss(_t(pred), _t(target)).item()


def regression_cases(rng):
    shape = tuple(int(s) for s in rng.integers(1, 6, size=int(rng.integers(1, 3))))
    return {"pred": rng.standard_normal(shape).tolist(), "target": rng.standard_normal(shape).tolist()}


def classifier_loss(logits, target):
    """The fix for the notes' Softmax-then-CrossEntropyLoss model: CE on raw logits."""
    return cross_entropy(logits, target)


# ---- layers ----------------------------------------------------------------

_ACTIVATIONS = {"relu": "relu", "sigmoid": "sigmoid", "tanh": "tanh", "linear": None}


def dense_forward(x, W, b, activation="linear"):
    import torch
    import torch.nn.functional as F

    y = F.linear(_t(x), _t(W), _t(b))
    name = _ACTIVATIONS[activation]
    return _np(getattr(torch, name)(y) if name else y)


def dense_cases(rng):
    n_in, n_out = int(rng.integers(1, 6)), int(rng.integers(1, 6))
    shape = (int(rng.integers(1, 4)), n_in) if rng.random() < 0.7 else (n_in,)
    return {"x": rng.standard_normal(shape).tolist(), "W": rng.standard_normal((n_out, n_in)).tolist(),
            "b": rng.standard_normal(n_out).tolist(),
            "activation": str(rng.choice(list(_ACTIVATIONS)))}


def neuron_step(x, w, b, y, lr):
    """One SGD step on a sigmoid neuron with loss (a - y)^2, by autograd."""
    import torch

    wt, bt = torch.nn.Parameter(_t(w)), torch.nn.Parameter(_t(b))
    opt = torch.optim.SGD([wt, bt], lr=lr)
    a = torch.sigmoid(wt @ _t(x) + bt)
    ((a - y) ** 2).backward()
    opt.step()
    return _np(wt), bt.item()


def neuron_cases(rng):
    n = int(rng.integers(1, 6))
    return {"x": rng.standard_normal(n).tolist(), "w": rng.standard_normal(n).tolist(),
            "b": float(rng.standard_normal()), "y": float(rng.integers(0, 2)), "lr": float(rng.uniform(0.01, 1.0))}


def conv2d(x, k, stride=1, padding=0):
    import torch.nn.functional as F

    return _np(F.conv2d(_t(x)[None, None], _t(k)[None, None], stride=stride, padding=padding)[0, 0])


def conv2d_cases(rng):
    kh, kw = int(rng.integers(1, 4)), int(rng.integers(1, 4))
    padding, stride = int(rng.integers(0, 3)), int(rng.integers(1, 4))
    h, w = int(rng.integers(max(kh - 2 * padding, 1), 8)), int(rng.integers(max(kw - 2 * padding, 1), 8))
    return {"x": rng.standard_normal((h, w)).round(3).tolist(), "k": rng.standard_normal((kh, kw)).round(3).tolist(),
            "stride": stride, "padding": padding}


def conv_output_size(n, k, stride=1, padding=0, dilation=1):
    """Read off the real output width of F.conv2d on a 1 x n input."""
    import torch
    import torch.nn.functional as F

    x, w = torch.zeros(1, 1, 1, n), torch.zeros(1, 1, 1, k)
    return int(F.conv2d(x, w, stride=(1, stride), padding=(0, padding), dilation=(1, dilation)).shape[-1])


def conv_size_cases(rng):
    k, dilation = int(rng.integers(1, 8)), int(rng.integers(1, 4))
    padding, stride = int(rng.integers(0, 4)), int(rng.integers(1, 5))
    n = int(rng.integers(max(dilation * (k - 1) + 1 - 2 * padding, 1), 300))
    return {"n": n, "k": k, "stride": stride, "padding": padding, "dilation": dilation}


def max_pool2d(x, kernel, stride=None):
    import torch.nn.functional as F

    return _np(F.max_pool2d(_t(x)[None, None], kernel, stride=stride)[0, 0])


def pool_cases(rng):
    kernel = int(rng.integers(1, 4))
    stride = None if rng.random() < 0.4 else int(rng.integers(1, 4))
    h, w = int(rng.integers(kernel, 9)), int(rng.integers(kernel, 9))
    return {"x": rng.standard_normal((h, w)).tolist(), "kernel": kernel, "stride": stride}


def global_avg_pool(x):
    import torch.nn.functional as F

    return _np(F.adaptive_avg_pool2d(_t(x)[None], 1)[0, :, 0, 0])


def feature_map_cases(rng):
    c, h, w = (int(s) for s in rng.integers(1, 6, size=3))
    return {"x": rng.standard_normal((c, h, w)).tolist()}


def dropout(x, mask, p):
    """Inverted dropout as nn.Dropout applies it in training, with the mask given."""
    import torch

    return _np(torch.where(_t(mask) > 0, _t(x) / (1.0 - p), torch.zeros(())))


def dropout_cases(rng):
    shape = tuple(int(s) for s in rng.integers(1, 6, size=int(rng.integers(1, 3))))
    p = float(rng.choice([0.0, 0.1, 0.25, 0.5, 0.8]))
    return {"x": rng.standard_normal(shape).tolist(), "mask": (rng.random(shape) >= p).astype(float).tolist(), "p": p}


def batch_norm(x, gamma, beta, eps=1e-5):
    import torch.nn.functional as F

    return _np(F.batch_norm(_t(x), None, None, _t(gamma), _t(beta), training=True, eps=eps))


def batch_norm_cases(rng):
    n, d = int(rng.integers(2, 8)), int(rng.integers(1, 5))
    x = rng.standard_normal((n, d)) * rng.uniform(0.1, 10, size=d) + rng.uniform(-5, 5, size=d)
    return {"x": x.tolist(), "gamma": rng.uniform(0.5, 2, size=d).tolist(), "beta": rng.standard_normal(d).tolist()}


# ---- recurrent -------------------------------------------------------------

def rnn_forward(xs, h0, W_xh, W_hh, b_h):
    """nn.RNN (tanh) with W_xh as weight_ih, W_hh as weight_hh, b_h as the one bias."""
    import torch

    hidden, inputs = len(W_hh), len(W_xh[0])
    rnn = torch.nn.RNN(inputs, hidden, nonlinearity="tanh", dtype=torch.float64)
    _copy(rnn.weight_ih_l0, W_xh)
    _copy(rnn.weight_hh_l0, W_hh)
    _copy(rnn.bias_ih_l0, b_h)
    _copy(rnn.bias_hh_l0, [0.0] * hidden)
    out, _ = rnn(_t(xs)[:, None, :], _t(h0)[None, None, :])
    return _np(out[:, 0, :])


def rnn_cases(rng):
    t, i, h = (int(s) for s in rng.integers(1, 6, size=3))
    return {"xs": rng.standard_normal((t, i)).tolist(), "h0": rng.standard_normal(h).tolist(),
            "W_xh": (rng.standard_normal((h, i)) * 0.7).tolist(), "W_hh": (rng.standard_normal((h, h)) * 0.7).tolist(),
            "b_h": rng.standard_normal(h).tolist()}


def _cell(kind, x, h, W_ih, W_hh, b_ih, b_hh):
    import torch

    cell = getattr(torch.nn, kind)(len(x), len(h), dtype=torch.float64)
    for param, values in ((cell.weight_ih, W_ih), (cell.weight_hh, W_hh), (cell.bias_ih, b_ih), (cell.bias_hh, b_hh)):
        _copy(param, values)
    return cell


def lstm_step(x, h, c, W_ih, W_hh, b_ih, b_hh):
    """nn.LSTMCell with the given weights (gate order i, f, g, o)."""
    cell = _cell("LSTMCell", x, h, W_ih, W_hh, b_ih, b_hh)
    h_new, c_new = cell(_t(x)[None], (_t(h)[None], _t(c)[None]))
    return _np(h_new[0]), _np(c_new[0])


def gru_step(x, h, W_ih, W_hh, b_ih, b_hh):
    """nn.GRUCell with the given weights (gate order r, z, n)."""
    cell = _cell("GRUCell", x, h, W_ih, W_hh, b_ih, b_hh)
    return _np(cell(_t(x)[None], _t(h)[None])[0])


def _gated_cases(rng, gates, with_c):
    i, h = int(rng.integers(1, 5)), int(rng.integers(1, 5))
    args = {"x": rng.standard_normal(i).tolist(), "h": rng.standard_normal(h).tolist()}
    if with_c:
        args["c"] = rng.standard_normal(h).tolist()
    args.update({"W_ih": (rng.standard_normal((gates * h, i)) * 0.6).tolist(),
                 "W_hh": (rng.standard_normal((gates * h, h)) * 0.6).tolist(),
                 "b_ih": rng.standard_normal(gates * h).tolist(), "b_hh": rng.standard_normal(gates * h).tolist()})
    return args


def lstm_cases(rng):
    return _gated_cases(rng, 4, True)


def gru_cases(rng):
    return _gated_cases(rng, 3, False)


# ---- training --------------------------------------------------------------

def clip_grad_norm(grads, max_norm):
    """torch.nn.utils.clip_grad_norm_ over one parameter per gradient."""
    import torch

    params = [torch.nn.Parameter(torch.zeros_like(_t(g))) for g in grads]
    for p, g in zip(params, grads, strict=True):
        p.grad = _t(g)
    torch.nn.utils.clip_grad_norm_(params, max_norm)
    return [_np(p.grad) for p in params]


def clip_cases(rng):
    grads = [(rng.standard_normal(tuple(int(s) for s in rng.integers(1, 4, size=int(rng.integers(1, 3)))))
              * _scale(rng, (0.1, 1.0, 10.0))).tolist() for _ in range(int(rng.integers(1, 4)))]
    return {"grads": grads, "max_norm": float(rng.choice([0.5, 1.0, 5.0, 100.0]))}


def init_std(scheme, fan_in, fan_out):
    """Std of xavier_normal_ (gain 1) or kaiming_normal_ (fan_in, relu): the engine's rule."""
    return init_scale(scheme, fan_in, fan_out)[0]


def init_cases(rng):
    return {"scheme": str(rng.choice(["xavier", "he"])), "fan_in": int(rng.integers(1, 2049)),
            "fan_out": int(rng.integers(1, 2049))}


# ---- detection -------------------------------------------------------------

def box_decode(proposal, deltas):
    """R-CNN box regression: x = xp + tx*wp, y = yp + ty*hp, w = wp*exp(tw), h = hp*exp(th)."""
    import torch

    p, d = _t(proposal), _t(deltas)
    xy = p[..., :2] + d[..., :2] * p[..., 2:]
    wh = p[..., 2:] * torch.exp(d[..., 2:])
    return _np(torch.cat([xy, wh], dim=-1))


def box_decode_cases(rng):
    shape = (int(rng.integers(1, 5)), 4) if rng.random() < 0.6 else (4,)
    proposal = rng.uniform(1, 100, size=shape)
    return {"proposal": proposal.tolist(), "deltas": (rng.standard_normal(shape) * 0.5).tolist()}


def iou(a, b):
    return box_iou(_t([a]), _t([b]))[0][0, 0].item()


def _random_boxes(rng, n):
    xy = rng.uniform(0, 50, size=(n, 2))
    wh = rng.uniform(1, 30, size=(n, 2))
    return [[float(round(v, 2)) for v in row] for row in (list(p) + list(p + s) for p, s in zip(xy, wh, strict=True))]


def iou_cases(rng):
    a, b = _random_boxes(rng, 2)
    return {"a": a, "b": b}


def nms(boxes, scores, iou_threshold):
    """Greedy NMS as torchvision.ops.nms: keep the best, drop IoU > threshold, repeat."""
    import torch

    b, s = _t(boxes).reshape(-1, 4), _t(scores)
    order = torch.argsort(s, descending=True, stable=True)
    overlaps = box_iou(b, b)[0]
    keep, suppressed = [], torch.zeros(len(s), dtype=torch.bool)
    for i in order.tolist():
        if suppressed[i]:
            continue
        keep.append(i)
        suppressed |= overlaps[i] > iou_threshold
    import numpy as np

    return np.array(keep, dtype=np.int64)


def nms_cases(rng):
    n = int(rng.integers(1, 9))
    return {"boxes": _random_boxes(rng, n), "scores": rng.permutation(n).astype(float).tolist(),
            "iou_threshold": float(rng.choice([0.1, 0.3, 0.5, 0.7]))}


# ---- attention and autoencoder ---------------------------------------------

def attention(Q, K, V):
    import torch.nn.functional as F

    return _np(F.scaled_dot_product_attention(_t(Q), _t(K), _t(V)))


def attention_cases(rng):
    lq, lk, d, dv = (int(s) for s in rng.integers(1, 6, size=4))
    scale = _scale(rng, (1.0, 3.0, 100.0))
    return {"Q": (rng.standard_normal((lq, d)) * scale).tolist(), "K": (rng.standard_normal((lk, d)) * scale).tolist(),
            "V": rng.standard_normal((lk, dv)).tolist()}


def reconstruction_loss(x, W_enc, b_enc, W_dec, b_dec):
    """MSE between x and Sigmoid(Linear(ReLU(Linear(x)))) with the given weights."""
    import torch

    enc, dec = torch.nn.Linear(1, 1, dtype=torch.float64), torch.nn.Linear(1, 1, dtype=torch.float64)
    enc.weight, enc.bias = torch.nn.Parameter(_t(W_enc)), torch.nn.Parameter(_t(b_enc))
    dec.weight, dec.bias = torch.nn.Parameter(_t(W_dec)), torch.nn.Parameter(_t(b_dec))
    model = torch.nn.Sequential(enc, torch.nn.ReLU(), dec, torch.nn.Sigmoid())
    x_t = _t(x)
    return torch.nn.MSELoss()(model(x_t), x_t).item()


def autoencoder_cases(rng):
    n, d, code = int(rng.integers(1, 5)), int(rng.integers(2, 7)), int(rng.integers(1, 4))
    return {"x": rng.uniform(0, 1, size=(n, d)).tolist(), "W_enc": rng.standard_normal((code, d)).tolist(),
            "b_enc": rng.standard_normal(code).tolist(), "W_dec": rng.standard_normal((d, code)).tolist(),
            "b_dec": rng.standard_normal(d).tolist()}


# ---- added with issue 11: optimizers, normalization, attention, detection --

def leaky_relu_with_grad(x, negative_slope=0.01):
    """(leaky_relu(x), its derivative) by autograd; at exactly 0 PyTorch uses the slope."""
    import torch.nn.functional as F

    t = _t(x).requires_grad_(True)
    y = F.leaky_relu(t, negative_slope)
    y.sum().backward()
    return _np(y), _np(t.grad)


def leaky_relu_cases(rng):
    args = vector_cases(rng)
    args["x"] = [0.0 if rng.random() < 0.2 else v for v in args["x"]]
    args["negative_slope"] = float(rng.choice([0.01, 0.1, 0.2, 0.5]))
    return args


def smooth_l1(pred, target, beta=1.0):
    import torch.nn.functional as F

    return F.smooth_l1_loss(_t(pred), _t(target), beta=beta).item()


def smooth_l1_cases(rng):
    """Differences on both sides of beta (beta 0 is plain L1)."""
    shape = tuple(int(s) for s in rng.integers(1, 6, size=int(rng.integers(1, 3))))
    scale = _scale(rng, (0.3, 1.0, 3.0))
    return {"pred": (rng.standard_normal(shape) * scale).tolist(), "target": rng.standard_normal(shape).tolist(),
            "beta": float(rng.choice([0.0, 0.1, 0.5, 1.0, 2.0]))}


def _run_optimizer(optimizer, w, grads):
    """Apply ``optimizer`` (built on the one parameter) to a fixed gradient per step."""
    import torch

    param = torch.nn.Parameter(_t(w))
    opt = optimizer([param])
    for g in grads:
        param.grad = _t(g)
        opt.step()
    return _np(param)


def sgd_momentum(w, grads, lr, momentum=0.9):
    """torch.optim.SGD with momentum (dampening 0, not Nesterov), one step per gradient."""
    import torch

    return _run_optimizer(lambda ps: torch.optim.SGD(ps, lr=lr, momentum=momentum), w, grads)


def adam(w, grads, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    """torch.optim.Adam, one step per gradient."""
    import torch

    return _run_optimizer(lambda ps: torch.optim.Adam(ps, lr=lr, betas=(beta1, beta2), eps=eps), w, grads)


def optimizer_cases(rng):
    """A few steps on a small vector; gradients sometimes tiny, so eps matters."""
    d, steps = int(rng.integers(1, 5)), int(rng.integers(1, 6))
    scale = _scale(rng, (1e-9, 1e-3, 1.0, 10.0))
    return {"w": rng.standard_normal(d).tolist(), "grads": (rng.standard_normal((steps, d)) * scale).tolist(),
            "lr": float(rng.choice([0.001, 0.01, 0.1]))}


def sgd_momentum_cases(rng):
    return {**optimizer_cases(rng), "momentum": float(rng.choice([0.5, 0.9, 0.99]))}


def layer_norm(x, gamma, beta, eps=1e-5):
    """nn.LayerNorm over the last axis with the given weight (gamma) and bias (beta)."""
    import torch

    x_t = _t(x)
    norm = torch.nn.LayerNorm(x_t.shape[-1], eps=eps, dtype=torch.float64)
    _copy(norm.weight, gamma)
    _copy(norm.bias, beta)
    return _np(norm(x_t))


def layer_norm_cases(rng):
    n, d = int(rng.integers(1, 6)), int(rng.integers(2, 7))
    x = rng.standard_normal((n, d)) * rng.uniform(0.1, 10, size=(n, 1)) + rng.uniform(-5, 5, size=(n, 1))
    return {"x": x.tolist(), "gamma": rng.uniform(0.5, 2, size=d).tolist(), "beta": rng.standard_normal(d).tolist()}


def multi_head_attention(x, W_in, b_in, W_out, b_out, num_heads):
    """Self-attention nn.MultiheadAttention(E, num_heads)(x, x, x) for one sequence x (L, E)."""
    import torch

    embed = len(W_out)
    mha = torch.nn.MultiheadAttention(embed, num_heads, dtype=torch.float64)
    for param, values in ((mha.in_proj_weight, W_in), (mha.in_proj_bias, b_in),
                          (mha.out_proj.weight, W_out), (mha.out_proj.bias, b_out)):
        _copy(param, values)
    x_t = _t(x)[:, None, :]  # (L, batch 1, E)
    out, _ = mha(x_t, x_t, x_t, need_weights=False)
    return _np(out[:, 0, :])


def mha_cases(rng):
    heads = int(rng.choice([1, 2, 3]))
    embed, length = heads * int(rng.integers(1, 4)), int(rng.integers(1, 6))
    return {"x": rng.standard_normal((length, embed)).tolist(),
            "W_in": (rng.standard_normal((3 * embed, embed)) * 0.8).tolist(),
            "b_in": rng.standard_normal(3 * embed).tolist(),
            "W_out": (rng.standard_normal((embed, embed)) * 0.8).tolist(), "b_out": rng.standard_normal(embed).tolist(),
            "num_heads": heads}


def mlp_backprop(x, y, W1, b1, W2, b2):
    """Gradients (dW1, db1, dW2, db2) of MSELoss(Linear(ReLU(Linear(x))), y), by autograd."""
    import torch
    import torch.nn.functional as F

    params = [torch.nn.Parameter(_t(v)) for v in (W1, b1, W2, b2)]
    w1, c1, w2, c2 = params
    out = F.linear(torch.relu(F.linear(_t(x), w1, c1)), w2, c2)
    F.mse_loss(out, _t(y)).backward()
    return tuple(_np(p.grad) for p in params)


def mlp_cases(rng):
    n, d, hidden, k = int(rng.integers(1, 5)), int(rng.integers(1, 4)), int(rng.integers(1, 5)), int(rng.integers(1, 3))
    return {"x": rng.standard_normal((n, d)).tolist(), "y": rng.standard_normal((n, k)).tolist(),
            "W1": rng.standard_normal((hidden, d)).tolist(), "b1": rng.standard_normal(hidden).tolist(),
            "W2": rng.standard_normal((k, hidden)).tolist(), "b2": rng.standard_normal(k).tolist()}


def conv_transpose_output_size(n, k, stride=1, padding=0, output_padding=0, dilation=1):
    """Read off the real output width of F.conv_transpose2d on a 1 x n input."""
    import torch
    import torch.nn.functional as F

    x, w = torch.zeros(1, 1, 1, n), torch.zeros(1, 1, 1, k)
    out = F.conv_transpose2d(x, w, stride=(1, stride), padding=(0, padding),
                             output_padding=(0, output_padding), dilation=(1, dilation))
    return int(out.shape[-1])


def conv_transpose_size_cases(rng):
    stride, dilation = int(rng.integers(1, 5)), int(rng.integers(1, 4))
    k, n = int(rng.integers(1, 8)), int(rng.integers(1, 100))
    output_padding = int(rng.integers(0, max(stride, dilation)))
    span = (n - 1) * stride + dilation * (k - 1) + output_padding + 1
    padding = int(rng.integers(0, max(1, min(4, (span - 1) // 2 + 1))))
    return {"n": n, "k": k, "stride": stride, "padding": padding, "output_padding": output_padding,
            "dilation": dilation}


def average_precision(tp, num_gt):
    """All-points interpolated AP (PASCAL VOC 2010+, COCO-style envelope), in torch:
    precision made non-increasing from the right, summed over the recall steps."""
    import torch

    hits = _t(tp)
    cum_tp = torch.cumsum(hits, 0)
    precision = cum_tp / torch.arange(1, len(hits) + 1, dtype=torch.float64)
    envelope = torch.flip(torch.cummax(torch.flip(precision, [0]), 0).values, [0])
    return float((envelope * hits).sum() / num_gt) if len(hits) else 0.0


def average_precision_cases(rng):
    n = int(rng.integers(1, 12))
    tp = (rng.random(n) < rng.uniform(0.3, 0.9)).astype(int).tolist()
    return {"tp": tp, "num_gt": int(sum(tp) + rng.integers(0, 4)) or 1}
