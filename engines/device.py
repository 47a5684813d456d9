"""Pick the torch device an engine runs on: ``auto`` (CUDA when present), ``cpu``, ``cuda``."""
from __future__ import annotations

DEVICES = ("auto", "cpu", "cuda")


class DeviceError(RuntimeError):
    """The asked-for device is not available here."""


def resolve_device(device: str = "auto"):
    import torch

    if device not in DEVICES:
        raise DeviceError(f"unknown device {device!r}; use one of {', '.join(DEVICES)}")
    if device == "cpu":
        return torch.device("cpu")
    if torch.cuda.is_available():
        return torch.device("cuda")
    if device == "cuda":
        raise DeviceError("--device cuda: CUDA is not available on this machine (torch.cuda.is_available() is False)")
    return torch.device("cpu")
