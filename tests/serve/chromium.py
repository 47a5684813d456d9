"""A headless Chromium driven over the Chrome DevTools Protocol, as far as the serve tests need.

Playwright and Selenium bring browser builds of their own; Debian's ``chromium``
speaks CDP over a websocket, and aiohttp (textual-serve's own server library)
is the websocket client. Chromium resolves no host name at all
(``--host-resolver-rules``) and its background services are off, so the only
traffic is to the served page on 127.0.0.1.

The page draws the terminal on a canvas (xterm.js with its WebGL or canvas
renderer), so its text is not in the DOM: :meth:`Page.screen` finds the page's
xterm.js ``Terminal`` on the JavaScript heap (``Runtime.queryObjects``) and reads
the lines of its active buffer, which is what xterm.js draws. Keys are real key
events (``Input.dispatchKeyEvent``) into the focused terminal, which xterm.js
turns into the bytes it sends to the app.
"""
from __future__ import annotations

import asyncio
import itertools
import json
import shutil
import subprocess
import time
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp

FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-pings",
         "--disable-extensions", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
         "--window-size=1200,800", "--remote-debugging-port=0"]

# The terminal object: the one with xterm.js's public shape (a buffer of lines, rows, onData).
FIND_TERMINAL = """function () {
    const terminal = this.find(o => { try {
        return typeof o.onData === "function" && typeof o.buffer.active.getLine === "function" && o.rows > 0;
    } catch (e) { return false; } });
    if (terminal) window.__servedTerminal = terminal;
    return !!terminal;
}"""
READ_SCREEN = """(() => {
    const terminal = window.__servedTerminal, lines = [];
    for (let y = 0; y < terminal.rows; y++) lines.push(terminal.buffer.active.getLine(y).translateToString(true));
    return lines.join("\\n");
})()"""

# key: (windowsVirtualKeyCode, code, text)
KEYS = {"Enter": (13, "Enter", "\r"), "ArrowDown": (40, "ArrowDown", ""), " ": (32, "Space", " ")}


def binary() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Chromium:
    """A running headless Chromium on its own profile folder; ``close()`` ends it."""

    def __init__(self, profile: Path, timeout: float = 60):
        command = [binary() or "chromium", *FLAGS, f"--user-data-dir={profile}", "about:blank"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        active = profile / "DevToolsActivePort"  # Chromium writes its port here once it listens
        deadline = time.monotonic() + timeout
        while not (active.exists() and len(active.read_text().split()) == 2):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise RuntimeError(f"chromium did not start (exit {self.process.returncode})")
            time.sleep(0.05)
        self.endpoint = f"http://127.0.0.1:{active.read_text().split()[0]}"

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    @asynccontextmanager
    async def page(self):
        """A new tab, closed afterwards."""
        async with aiohttp.ClientSession() as http:
            async with http.put(f"{self.endpoint}/json/new?about:blank") as answer:
                target = await answer.json()
            try:
                async with http.ws_connect(target["webSocketDebuggerUrl"], max_msg_size=0) as socket:
                    yield Page(socket)
            finally:
                async with http.get(f"{self.endpoint}/json/close/{target['id']}"):
                    pass


class Page:
    def __init__(self, socket: aiohttp.ClientWebSocketResponse):
        self.socket = socket
        self.ids = itertools.count(1)

    async def call(self, method: str, **params) -> dict:
        """One CDP command and its result (events that arrive meanwhile are dropped)."""
        number = next(self.ids)
        await self.socket.send_str(json.dumps({"id": number, "method": method, "params": params}))
        while True:
            message = json.loads((await asyncio.wait_for(self.socket.receive(), 30)).data)
            if message.get("id") == number:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message["result"]

    async def open(self, url: str) -> None:
        result = await self.call("Page.navigate", url=url)
        assert "errorText" not in result, result

    async def screen(self) -> str:
        """The terminal's lines as xterm.js holds them ('' until the terminal exists)."""
        if not await self._terminal_found():
            return ""
        return (await self.call("Runtime.evaluate", expression=READ_SCREEN, returnByValue=True))["result"]["value"]

    async def _terminal_found(self) -> bool:
        known = await self.call("Runtime.evaluate", expression="!!window.__servedTerminal", returnByValue=True)
        if known["result"]["value"]:
            return True
        prototype = await self.call("Runtime.evaluate", expression="Object.prototype", objectGroup="find")
        heap = await self.call("Runtime.queryObjects", prototypeObjectId=prototype["result"]["objectId"],
                               objectGroup="find")
        found = await self.call("Runtime.callFunctionOn", objectId=heap["objects"]["objectId"],
                                functionDeclaration=FIND_TERMINAL, returnByValue=True)
        await self.call("Runtime.releaseObjectGroup", objectGroup="find")  # the heap array, every object in it
        return bool(found["result"]["value"])

    async def wait_for(self, text: str, timeout: float = 60) -> str:
        """The screen once it shows ``text``; fails with the last screen after ``timeout`` seconds."""
        deadline, screen = time.monotonic() + timeout, ""
        while time.monotonic() < deadline:
            screen = await self.screen()
            if text in screen:
                return screen
            await asyncio.sleep(0.1)
        raise AssertionError(f"{text!r} not on the page after {timeout} s; the screen was:\n{screen}")

    async def press(self, key: str) -> None:
        """A key pressed and released in the terminal (a name from KEYS, or one letter or digit)."""
        await self.call("Runtime.evaluate", expression="window.__servedTerminal.focus()")
        if key in KEYS:
            code, name, text = KEYS[key]
        else:
            code, name, text = ord(key.upper()), f"Digit{key}" if key.isdigit() else f"Key{key.upper()}", key
        event = {"key": key, "code": name, "windowsVirtualKeyCode": code, "nativeVirtualKeyCode": code}
        await self.call("Input.dispatchKeyEvent", type="keyDown" if text else "rawKeyDown", text=text, **event)
        await self.call("Input.dispatchKeyEvent", type="keyUp", **event)
