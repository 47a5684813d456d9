"""Reading what a Textual screen offers, for Pilot tests."""
from __future__ import annotations


def footer_keys(screen) -> dict[str, str]:
    """What the footer offers: key -> description of each binding shown and enabled."""
    return {key: active.binding.description for key, active in screen.active_bindings.items()
            if active.binding.show and active.enabled}
