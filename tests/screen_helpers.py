"""Reading what a Textual screen shows, for Pilot tests."""
from __future__ import annotations


def footer_keys(screen) -> dict[str, str]:
    """What the footer on screen offers: key -> description, as drawn (a footer that
    was not told the bindings changed still shows the old ones)."""
    from textual.widgets._footer import FooterKey

    return {key.key: key.description for key in screen.query(FooterKey)}


async def wait_for(pilot, condition, seconds: float = 20) -> None:
    """Until ``condition()`` holds, checking every 50 ms: for what is done off the UI
    thread or on a timer (engines, workers, the command palette's search)."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("condition not reached")


async def wait_for_engines(app, pilot, seconds: float = 60) -> None:
    """Torch loads in a worker after the first frame: wait until it did (or failed)."""
    for _ in range(int(seconds / 0.1)):
        if app.engines_ready or app.engines_error:
            break
        await pilot.pause(0.1)
    assert app.engines_ready, app.engines_error


async def click_in_view(pilot, selector: str) -> None:
    """Scroll the widget into view first, as a learner scrolls a long form, then click it
    (Pilot clicks at screen coordinates, so a widget below the fold is missed)."""
    pilot.app.screen.query_one(selector).scroll_visible(animate=False, immediate=True)
    await pilot.pause()
    await pilot.click(selector)
