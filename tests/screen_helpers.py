"""Reading what a Textual screen shows, for Pilot tests."""
from __future__ import annotations


def footer_keys(screen) -> dict[str, str]:
    """What the footer on screen offers: key -> description, as drawn (a footer that
    was not told the bindings changed still shows the old ones)."""
    from textual.widgets._footer import FooterKey

    return {key.key: key.description for key in screen.query(FooterKey)}
