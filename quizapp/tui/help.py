"""`?`: every key binding of the screen underneath, and the global ones."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static

HELP = """\
[b]Keys[/b]

[b]Home[/b]      ↑/↓ pick a deck · Enter study it · a study all · d daily drill
          e coding exercises · t stats · b browse · , settings · q quit
[b]Study[/b]     Space/Enter show answer · 1 Again · 2 Hard · 3 Good · 4 Easy (Enter = Good)
          u undo last answer · m more explanation · Esc/q back
[b]Choice[/b]    a–h pick options (toggle when several are right) · Enter check
[b]Numeric[/b]   type the answer (0.6883, 1e-3, 3/4, [1, 2], 16x15x15) · Enter check
          a wrong answer is rated Again; a right one lets you pick Hard/Good/Easy
[b]Exercise[/b]  Ctrl+R run tests · F2 next hint · F3 reset · F4 give up · Esc back
[b]Browse[/b]    type a search · ↓ results · s suspend · b bury · f flag · r r reset · / search
[b]Stats[/b]     r refresh · Esc back
[b]Settings[/b]  Ctrl+S save · Esc back (twice to discard changes)
[b]Anywhere[/b]  ? this help · Ctrl+P command palette · Ctrl+Q quit

Press any key to close."""


class HelpScreen(ModalScreen):
    CSS_PATH = "help.tcss"

    def compose(self) -> ComposeResult:
        yield Static(HELP, id="help")

    def on_key(self, event) -> None:
        event.stop()
        self.dismiss()
