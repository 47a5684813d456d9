"""The Textual app: owns the loaded decks and the store, and opens the screens.

Torch is imported in a thread worker once the first screen is up, so start-up
stays as fast as a bare Textual app and numeric cards are ready soon after.
"""
from __future__ import annotations

from textual.app import App, SystemCommand
from textual.binding import Binding

from quizapp.context import Context
from quizapp.deck import Library


class QuizApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "quizapp"
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="help"),
        Binding("ctrl+q", "quit", "Quit", show=False, id="quit"),
    ]

    def __init__(self, ctx: Context, library: Library, store, *, mode: str = "home",
                 decks: list[str] | None = None, drill_new: int = 0):
        super().__init__()
        self.ctx, self.library, self.store = ctx, library, store
        self.mode, self.mode_decks, self.drill_new = mode, decks or [], drill_new
        self.engines_ready = False
        self.engines_error: str | None = None
        self.theme = ctx.settings.theme if ctx.settings.theme in self.available_themes else "textual-dark"

    def on_mount(self) -> None:
        from quizapp.tui.home import HomeScreen

        self.push_screen(HomeScreen())
        if self.mode == "study":
            self.action_study(self.mode_decks)
        elif self.mode == "drill":
            self.action_drill(self.drill_new)
        for error in self.library.errors:
            self.notify(str(error), title="Deck skipped", severity="warning", timeout=8)
        self.call_after_refresh(self._warm_engines)

    def _warm_engines(self) -> None:
        self.run_worker(self._import_torch, thread=True, exclusive=True,
                        group="warm-engines", exit_on_error=False)

    def _import_torch(self) -> None:
        """Load torch and the engines off the UI thread, then tell the screens."""
        try:
            from engines.device import resolve_device

            resolve_device(self.ctx.device)
        except Exception as e:  # a missing or broken torch must not take the app down
            self.engines_error = f"PyTorch could not be loaded: {e}"
        else:
            self.engines_ready = True
        self.call_from_thread(self._announce_engines)

    def _announce_engines(self) -> None:
        from quizapp.tui.study import StudyScreen

        for screen in self.screen_stack:
            if isinstance(screen, StudyScreen):
                screen.engines_changed()

    def cards_for(self, decks: list[str]):
        chosen = [d for d in self.library.decks if not decks or d.name in decks]
        return [card for deck in chosen for card in deck.cards]

    def action_study(self, decks: list[str] | None = None) -> None:
        from quizapp.tui.study import StudyScreen

        self.push_screen(StudyScreen(self.cards_for(decks or []), mode="study"))

    def action_drill(self, new: int = 0) -> None:
        from quizapp.tui.study import StudyScreen

        self.push_screen(StudyScreen(self.cards_for([]), mode="drill", new_limit=new))

    def action_help(self) -> None:
        from quizapp.tui.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen):
        yield from super().get_system_commands(screen)
        yield SystemCommand("Study all decks", "Due cards, then new ones, from every deck", self.action_study)
        yield SystemCommand("Daily drill", "Today's due cards, then a summary", self.action_drill)
        for deck in self.library.decks:
            yield SystemCommand(f"Study {deck.name}", deck.title, lambda d=deck.name: self.action_study([d]))
        yield SystemCommand("Keys", "Show every key binding", self.action_help)
