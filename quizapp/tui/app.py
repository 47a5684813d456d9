"""The Textual app: owns the loaded decks and the store, and opens the screens.

Torch is imported in a thread worker once the first screen is up, so start-up
stays as fast as a bare Textual app and numeric cards are ready soon after.
How far that got is the app's :attr:`QuizApp.engines` reactive: a screen that
cares watches it (``self.watch(self.app, "engines", ...)``) rather than the app
knowing which screens to tell.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive

from quizapp.clock import utc_now
from quizapp.content.deck import Library
from quizapp.context import Context
from quizapp.errors import QuizError
from quizapp.paths import unsaved_answers_file
from quizapp.study.unsaved import UnsavedAnswers

if TYPE_CHECKING:
    from pathlib import Path

    from quizapp.content.cards import Card
    from quizapp.grading.grader import Grader
    from quizapp.study.custom import CustomStudy
    from quizapp.study.mock import MockRun
    from quizapp.study.mock_plan import MockOptions


@dataclass(frozen=True)
class Engines:
    """Whether torch and the engines are loaded: loading, ready, or the reason they are not."""

    ready: bool = False
    error: str | None = None


class QuizApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "quizapp"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", id="help"),
        Binding("ctrl+q", "quit", "Quit", show=False, id="quit"),
    ]
    engines: reactive[Engines] = reactive(Engines, init=False)

    @dataclass
    class EnginesLoaded(Message):
        """The warm-up worker finished: ``engines`` is ready or says why not."""

        engines: Engines

    def run(self, *, headless: bool = False, **kwargs):
        """Textual's ``run``, refusing to start on a terminal that is not there.

        Textual reads keys from stdin and draws on stderr: where either is not a
        terminal it draws escape codes into a file or pipe, and at the end of piped
        input its input thread spins a core for as long as the app runs. A headless
        run, or a driver of its own named in ``TEXTUAL_DRIVER`` (``quizapp serve``'s
        web driver), needs none."""
        if not headless and not os.environ.get("TEXTUAL_DRIVER"):
            missing = [name for name, stream in (("stdin", sys.__stdin__), ("stderr", sys.__stderr__))
                       if stream is None or not stream.isatty()]
            if missing:
                which = f"{missing[0]} is not one" if len(missing) == 1 else "neither stdin nor stderr is one"
                raise QuizError(f"the app needs a terminal, and {which} "
                                "(`quizapp cards`, `stats`, `grade` and the other commands work without)")
        return super().run(headless=headless, **kwargs)

    def __init__(self, ctx: Context, library: Library, store, *, exercises: dict | None = None,
                 mode: str = "home", decks: list[str] | None = None, drill_new: int = 0,
                 mock: MockRun | None = None, clock: Callable[[], datetime] = utc_now,
                 custom: CustomStudy | None = None):
        super().__init__()
        self.ctx, self.library, self.store = ctx, library, store
        self.clock = clock  # what "now" is for study sessions (tests move it by hand)
        self.unsaved = UnsavedAnswers(unsaved_answers_file(ctx.data_dir))  # answers the db refused
        self.exercises = exercises or {}
        self._grader: Grader | None = None
        self.mode, self.mode_decks, self.drill_new = mode, decks or [], drill_new
        self.mode_custom = custom  # `quizapp study --search/--ahead/--cram`
        self.mock_run = mock  # mode "mock": the mock `quizapp mock` asked for, and its reports
        self.theme = self.kept_theme

    @property
    def kept_theme(self) -> str:
        """The theme the settings hold (Settings' or the palette's last saved choice),
        or Textual's default when that theme is not installed."""
        theme = self.ctx.settings.theme
        return theme if theme in self.available_themes else "textual-dark"

    def search_themes(self) -> None:
        """The palette's theme list (its "Theme" command); each choice is kept."""
        from textual.command import CommandPalette

        from quizapp.tui.theme_choice import KeptThemes

        self.push_screen(CommandPalette(providers=[KeptThemes], placeholder="Search for themes…"))

    def reread_settings(self) -> None:
        """The config file as it is now, so a change made from the shell while the app is
        open shows. A file that cannot be read keeps the settings in use and says why;
        a bad value is named as at start-up. The decks stay as loaded (a change of
        ``content_dirs`` takes a restart)."""
        from quizapp import paths
        from quizapp.config import UNREADABLE, load_settings

        settings, warnings = load_settings(paths.config_file())
        for warning in warnings:
            self.notify(warning, title="Config", severity="warning", markup=False)
        if any(UNREADABLE in w for w in warnings):
            return
        self.ctx.settings = settings
        self.theme = self.kept_theme

    def keep_theme(self, name: str) -> None:
        """Show ``name`` and save it to the config: only the theme changes in the file
        (:func:`quizapp.config.update_settings`, which leaves an unreadable file alone)."""
        from dataclasses import replace

        from quizapp import paths
        from quizapp.config import update_settings
        from quizapp.errors import QuizError

        self.theme = name
        try:
            update_settings(paths.config_file(), "saving the theme", theme=name)
        except QuizError as e:
            self.notify(str(e), title="Theme not saved", severity="error", markup=False)
            return
        self.ctx.settings = replace(self.ctx.settings, theme=name)

    def get_default_screen(self):
        """Home is the first screen itself: no blank default screen to draw first."""
        from quizapp.tui.home import HomeScreen

        return HomeScreen()

    def on_mount(self) -> None:
        if self.mode == "study":
            self.action_study(self.mode_decks, self.mode_custom)
        elif self.mode == "drill":
            self.action_drill(self.drill_new)
        elif self.mode == "mock" and self.mock_run is not None:
            self.action_mock(self.mock_run.options)
        if self.library.errors:  # listed on the home screen; one notice is enough
            count = len(self.library.errors)
            self.notify(f"{count} content problem(s): see the home screen or `quizapp content check`.",
                        title="Some cards were skipped", severity="warning", timeout=8, markup=False)
        self.call_after_refresh(self._after_first_frame)

    def watch_app_focus(self, focused: bool) -> None:
        """Back in focus with nothing focused: focus what the screen focuses when it opens.

        Textual gives focus back only to the widget that lost it (it has done so just
        before this runs), and a screen composed while the app is out of focus skips its
        auto focus. Under textual-serve every app starts out of focus, before home is
        composed: without this, Enter and the arrows did nothing in the browser until Tab."""
        screen = self.screen
        selector = self.AUTO_FOCUS if screen.AUTO_FOCUS is None else screen.AUTO_FOCUS
        if focused and screen.focused is None and selector:
            first = next((widget for widget in screen.query(selector) if widget.focusable), None)
            if first is not None:
                screen.set_focus(first)

    def _after_first_frame(self) -> None:
        from quizapp import startup_gc

        startup_gc.resume()
        self._warm_engines()

    @property
    def grader(self):
        """The sandbox grader, started on first use; it keeps one warm worker."""
        if self._grader is None:
            from quizapp.grading.grader import Grader

            self._grader = Grader(warm=True)
        return self._grader

    def on_unmount(self) -> None:
        if self._grader is not None:
            self._grader.close()

    @property
    def engines_ready(self) -> bool:
        return self.engines.ready

    @property
    def engines_error(self) -> str | None:
        return self.engines.error

    @work(thread=True, exclusive=True, exit_on_error=False, group="warm-engines")
    def _warm_engines(self) -> None:
        """Load torch and the engines off the UI thread; the result comes back as a message."""
        try:
            from engines.device import resolve_device

            resolve_device(self.ctx.device)
        except Exception as e:  # a missing or broken torch must not take the app down
            self.post_message(self.EnginesLoaded(Engines(error=f"PyTorch could not be loaded: {e}")))
        else:
            self.post_message(self.EnginesLoaded(Engines(ready=True)))

    def on_quiz_app_engines_loaded(self, message: EnginesLoaded) -> None:
        self.engines = message.engines

    def _fatal_error(self) -> None:
        """An unexpected error: one line on screen, the traceback in crash.log.

        Textual has no public hook for this, so the override is kept to the
        message; every answer given so far is already committed.
        """
        if self.ctx.debug:
            super()._fatal_error()
            return
        import traceback

        path = self.ctx.data_dir / "crash.log"
        log: Path | None = path
        error = self._exception
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("".join(traceback.format_exception(error)), encoding="utf-8")
        except OSError:
            log = None
        where = f"details in {log}" if log else "run with --debug for details"
        unsaved = self.unsaved.message()
        self._exit_renderables.append(
            f"quizapp: internal error: {type(error).__name__}: {error} ({where}); "
            + (unsaved if unsaved else "your answers are saved")
        )
        self._close_messages_no_wait()

    def open_exercise(self, exercise_id: str, on_rated, *, counts: bool = True) -> None:
        """Open the editor; ``on_rated(rated)`` saves the attempt when it closes rated.

        ``counts`` False opens it as practice (nothing saved unless the learner
        counts it). Hints and failed runs of an unfinished attempt are kept in the
        data dir until the attempt is saved (:mod:`quizapp.study.exercise_progress`)."""
        from quizapp.study.exercise_progress import ExerciseProgress
        from quizapp.tui.exercise import ExerciseScreen

        progress = ExerciseProgress(
            self.ctx.data_dir, warn=lambda problem: self.notify(problem, severity="warning", markup=False))

        def closed(rated) -> None:
            if rated is not None:  # None: nothing tried, or practice: nothing to save
                on_rated(rated)
                progress.clear(exercise_id)

        screen = ExerciseScreen(self.exercises[exercise_id], self.ctx.data_dir / "drafts",
                                counts=counts, progress=progress)
        self.push_screen(screen, closed)

    def edit_card(self, card_id: str, edited: Callable[[Card | None], None] | None = None) -> None:
        """Open the card's YAML in the learner's editor (a built-in card is copied first,
        if they agree), then reload the decks; ``edited`` gets the card as reloaded."""
        from quizapp.tui.card_editing import edit_card

        edit_card(self, card_id, edited)

    def announce_leech(self, result) -> None:
        """Tell the learner when an answer just made its card a leech (now suspended)."""
        if result.became_leech:
            self.notify(f"{result.after.card_id} is a leech: lapsed {result.after.lapses} times, suspended."
                        " Rewrite it or unsuspend it in Browse.", title="Leech", severity="warning",
                        timeout=10, markup=False)

    def cards_for(self, decks: list[str]):
        chosen = [d for d in self.library.decks if not decks or d.name in decks]
        return [card for deck in chosen for card in deck.cards]

    def action_study(self, decks: list[str] | None = None, custom: CustomStudy | None = None) -> None:
        """Today's queue of ``decks`` (all by default), or the custom session ``custom``."""
        from quizapp.tui.study import StudyScreen

        self.push_screen(StudyScreen(self.cards_for(decks or []), mode="study", custom=custom))

    def action_drill(self, new: int = 0) -> None:
        from quizapp.tui.study import StudyScreen

        self.push_screen(StudyScreen(self.cards_for([]), mode="drill", new_limit=new))

    def action_mock(self, options: MockOptions | None = None) -> None:
        """A mock interview with ``options``; without them, ask for them first."""
        from quizapp.tui.mock_setup import MockSetupScreen

        if options is None:
            self.push_screen(MockSetupScreen(), lambda chosen: None if chosen is None else self.action_mock(chosen))
            return
        from quizapp.study.mock import start_mock
        from quizapp.study.srs import Srs
        from quizapp.tui.mock import MockScreen

        mock = start_mock(self.store, Srs(self.ctx.settings), self.ctx.settings, self.cards_for(list(options.decks)),
                          options, clock=self.clock, unsaved=self.unsaved)
        if mock.questions:
            self.push_screen(MockScreen(mock))
        elif self.mock_run is not None:  # `quizapp mock` says why, in one line
            self.mock_run.problem = "no cards in these decks and levels: nothing to ask"
            self.call_after_refresh(self.exit, return_code=1)  # once home, drawing, is mounted
        else:
            self.notify("No cards in these decks and levels: nothing to ask.", title="Mock interview",
                        severity="warning", markup=False)

    def leave_mock(self) -> None:
        """A mock is over (its report closed, or it ended unanswered): back home, or out
        of the app when the app was started for it (``quizapp mock``)."""
        if self.mock_run is not None:
            self.exit()
        else:
            self.pop_screen()

    def action_exercises(self) -> None:
        from quizapp.tui.exercises import ExerciseListScreen

        self.push_screen(ExerciseListScreen())

    def action_settings(self) -> None:
        from quizapp.tui.settings import SettingsScreen

        if not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen())

    def action_browse(self) -> None:
        from quizapp.tui.browse import BrowseScreen

        self.push_screen(BrowseScreen())

    def action_stats(self) -> None:
        from quizapp.tui.stats_screen import StatsScreen

        self.push_screen(StatsScreen())

    def action_help(self) -> None:
        from quizapp.tui.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen):
        # Textual's own "Keys" opens its help panel of the focused widget's keys; the app's
        # "Keys" (below) is the help screen of every screen's keys. Two "Keys" read as one twice.
        yield from (command for command in super().get_system_commands(screen) if command.title != "Keys")
        yield SystemCommand("Study all decks", "Due cards, then new ones, from every deck", self.action_study)
        yield SystemCommand("Daily drill", "Today's due cards, then a summary",
                            lambda: self.action_drill(self.drill_new))
        yield SystemCommand("Mock interview", "Timed questions mixed like an interview, then a report",
                            self.action_mock)
        yield SystemCommand("Coding exercises", "Write the function, graded on the spot", self.action_exercises)
        yield SystemCommand("Stats", "Reviews per day, due forecast, retention, heatmap", self.action_stats)
        yield SystemCommand("Browse cards", "Search; suspend, bury, flag, reset", self.action_browse)
        for deck in self.library.decks:
            yield SystemCommand(f"Study {deck.name}", deck.title, lambda d=deck.name: self.action_study([d]))
        yield SystemCommand("Settings", "Retention, daily limits, theme, personal FSRS weights", self.action_settings)
        yield SystemCommand("Keys", "Show every key binding", self.action_help)
