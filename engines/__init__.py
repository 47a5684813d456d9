"""Exercise engines, by name.

Importing this package loads only the standard library: each engine imports
torch inside ``solve``, so listing engines and validating parameters stay fast
and the app can start without torch.
"""
from __future__ import annotations

from engines import (
    activations_losses,
    attention,
    backward,
    conv,
    conv_cost,
    dense,
    detection,
    detection_metrics,
    gradients,
    normalization,
    optim,
    params,
    recurrent,
    regularize,
    shapes,
)
from engines.base import Engine

_MODULES = (dense, activations_losses, shapes, conv, params, gradients, recurrent, regularize, detection, attention,
            backward, optim, normalization, conv_cost, detection_metrics)

ENGINES: dict[str, Engine] = {engine.name: engine for module in _MODULES for engine in module.ENGINES}


def get_engine(name: str) -> Engine:
    """The engine called ``name``; a ``KeyError`` listing the known names otherwise."""
    try:
        return ENGINES[name]
    except KeyError:
        raise KeyError(f"unknown engine {name!r}; known engines: {', '.join(sorted(ENGINES))}") from None


def all_engines() -> list[Engine]:
    """Every engine, in a stable order (grouped by topic)."""
    return list(ENGINES.values())
