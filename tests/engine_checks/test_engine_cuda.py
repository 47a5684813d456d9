"""CUDA: same answers as on the CPU where a GPU exists; a clear error where it does not."""
from __future__ import annotations

import random

import pytest
import torch

from engines import all_engines
from engines.device import DeviceError, resolve_device

from .engine_helpers import solve


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="CUDA not available on this machine")
@pytest.mark.parametrize("engine", all_engines(), ids=lambda e: e.name)
def test_cuda_matches_cpu(engine):
    for level in ("basic", "research"):
        params = engine.generate(random.Random(3), level)
        cpu, gpu = engine.solve(params, "cpu"), engine.solve(params, "cuda")
        assert gpu.device.startswith("cuda")
        assert gpu.answer == pytest.approx(cpu.answer, rel=1e-9, abs=1e-12) if not isinstance(cpu.answer, list) \
            else _flat(gpu.answer) == pytest.approx(_flat(cpu.answer), rel=1e-9, abs=1e-12)


def _flat(v):
    return [x for item in v for x in _flat(item)] if isinstance(v, list) else [v]


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has CUDA")
def test_cuda_without_cuda_is_a_clear_error():
    with pytest.raises(DeviceError, match="CUDA is not available"):
        resolve_device("cuda")
    with pytest.raises(DeviceError, match="CUDA is not available"):
        solve("softmax", {"z": [1.0, 2.0]}, device="cuda")


def test_auto_falls_back_to_cpu_and_unknown_device_is_refused():
    assert solve("softmax", {"z": [1.0]}, device="auto").device == ("cuda" if torch.cuda.is_available() else "cpu")
    with pytest.raises(DeviceError, match="unknown device"):
        resolve_device("tpu")
