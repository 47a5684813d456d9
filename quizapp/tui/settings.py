"""Settings: a form over ``config.toml``, plus fitting personal FSRS parameters.

Save (ctrl+s) checks every field with :func:`quizapp.config.check_setting`, the
loader's own rule, so whatever the screen writes loads back unchanged; a bad
field gets its reason beside it and nothing is written. Escape with unsaved
changes warns once; a second Escape discards them (and undoes a previewed theme).
"Optimize now" runs the fsrs optimizer in a thread worker that reports only by
messages; its weights are written only when the user presses Apply.
New weights (Apply, or a save that switches personal weights on or off)
recompute every card's stability and difficulty from the log, due dates kept,
as Anki does (:mod:`quizapp.memory_states`); a save that changes only desired
retention recomputes nothing. The replay runs in a thread worker with its own
store connection (about a second per 45,000 reviews), one at a time.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, replace

from textual import work
from textual.worker import get_current_worker
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Label, ProgressBar, Select, Static, Switch

from quizapp.config import check_setting, setting_from_text, setting_text
from quizapp.errors import QuizError

TEXT_FIELDS = {
    "desired_retention": "Desired retention",
    "new_per_day": "New cards per day",
    "reviews_per_day": "Reviews per day",
    "learning_steps_minutes": "Learning steps (min)",
    "relearning_steps_minutes": "Relearning steps (min)",
    "day_starts_at_hour": "Day starts at hour",
    "leech_lapses": "Leech after lapses",
    "content_dirs": "Extra deck folders",
}
DEVICES = ("auto", "cpu", "cuda")
_RECOMPUTING = threading.Lock()  # one replay at a time, each with the settings current when it starts


class _Cancelled(Exception):
    """Raised from the progress callback to stop a fit nobody is waiting for."""


class SettingsScreen(Screen):
    CSS_PATH = "settings.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, id="save-settings"),
        Binding("escape", "back", "Back", id="back-settings"),
    ]

    @dataclass
    class OptimizeProgress(Message):
        fraction: float
        stage: str

    @dataclass
    class OptimizeFinished(Message):
        result: object | None  # quizapp.optimizer.OptimizeResult
        error: str | None

    @dataclass
    class MemoryRecomputed(Message):
        cards: int | None  # cards whose memory state was replayed; None on error
        error: str | None

    def __init__(self) -> None:
        super().__init__()
        self.parameters = None  # personal weights (saved or just fitted)
        self.result = None
        self._saved: dict = {}
        self._warned = False

    def compose(self) -> ComposeResult:
        settings = self.app.ctx.settings
        yield Header()
        with VerticalScroll(id="settings-form"):
            for key, label in TEXT_FIELDS.items():
                with Horizontal(classes="setting"):
                    yield Label(label)
                    yield Input(setting_text(getattr(settings, key)), id=key)
                yield Static(id=f"{key}-error", classes="field-error", markup=False)
            themes = sorted(self.app.available_themes)
            theme = settings.theme if settings.theme in themes else self.app.theme
            for key, label, options, value in (("theme", "Theme", themes, theme),
                                               ("device", "Torch device (next start)", DEVICES, settings.device)):
                with Horizontal(classes="setting"):
                    yield Label(label)
                    yield Select([(o, o) for o in options], value=value, allow_blank=False, id=key)
                yield Static(id=f"{key}-error", classes="field-error", markup=False)
            yield Static(id="fsrs-status", markup=False)
            with Horizontal(classes="setting"):
                yield Label("Use personal FSRS weights")
                yield Switch(value=settings.fsrs_parameters is not None, id="use-personal",
                             disabled=settings.fsrs_parameters is None)
            with Horizontal(classes="setting"):
                yield Button("Optimize now", id="optimize")
                yield Button("Apply", id="apply", variant="success")
            yield ProgressBar(total=1.0, id="optimize-progress", show_eta=False)
            yield Static(id="optimize-result", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Settings"
        self.parameters = self.app.ctx.settings.fsrs_parameters
        self._saved = self._form()
        self._show_status()
        for error in self.query(".field-error"):
            error.display = False

    def _form(self) -> dict:
        """What the widgets hold now: texts, select values, the switch."""
        form = {key: self.query_one(f"#{key}", Input).value for key in TEXT_FIELDS}
        form.update({key: self.query_one(f"#{key}", Select).value for key in ("theme", "device")})
        form["use-personal"] = self.query_one("#use-personal", Switch).value
        return form

    def _show_status(self, note: str = "") -> None:
        in_use = self.app.ctx.settings.fsrs_parameters is not None
        self.query_one("#fsrs-status", Static).update(
            "FSRS weights: " + ("personal (fitted from your reviews)" if in_use else "fsrs defaults")
            + (f"\n{note}" if note else ""))

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "theme" and isinstance(event.value, str):
            self.app.theme = event.value  # live preview; Escape-discard restores the saved one

    def action_save(self) -> None:
        from quizapp import paths
        from quizapp.config import save_settings

        form, values, ok = self._form(), {}, True
        for key in (*TEXT_FIELDS, "theme", "device"):
            raw = setting_from_text(key, form[key]) if key in TEXT_FIELDS else form[key]
            value, reason = check_setting(key, raw)
            error = self.query_one(f"#{key}-error", Static)
            error.update(f"✗ {reason}" if reason else "")
            error.display = reason is not None
            ok &= reason is None
            values[key] = value
        if not ok:
            self.notify("Fix the marked fields; nothing was saved", severity="error")
            return
        from quizapp.memory_states import weights_changed

        values["fsrs_parameters"] = self.parameters if form["use-personal"] else None
        old, settings = self.app.ctx.settings, replace(self.app.ctx.settings, **values)
        try:
            save_settings(paths.config_file(), settings)
        except QuizError as e:
            self.notify(str(e), title="Not saved", severity="error", markup=False)
            return
        self.app.ctx.settings = settings
        self.app.theme = settings.theme
        self._saved, self._warned = form, False
        self._show_status()
        self.notify(f"Saved to {paths.config_file()}", markup=False)
        if weights_changed(old, settings):
            self._recompute()

    def action_back(self) -> None:
        if self._form() != self._saved and not self._warned:
            self._warned = True
            self.notify("Unsaved changes: Escape again to discard them, ctrl+s to save", severity="warning")
            return
        self.app.theme = self._saved["theme"]  # drop an unsaved preview
        self.app.pop_screen()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "optimize":
            event.button.disabled = True
            self.query_one("#apply").remove_class("-shown")
            self.query_one("#optimize-progress").add_class("-shown")
            self.query_one("#optimize-result", Static).update("loading your reviews…")
            self._optimize()
        elif event.button.id == "apply" and self.result is not None:
            self._apply()

    @work(thread=True, exclusive=True, exit_on_error=False, group="optimize")
    def _optimize(self) -> None:
        """Fit in a thread with its own store connection (one per thread). Leaving
        the screen cancels the worker; the fit stops at its next progress report."""
        from quizapp.optimizer import optimize
        from quizapp.store import Store

        worker = get_current_worker()

        def report(fraction: float, stage: str) -> None:
            if worker.is_cancelled:
                raise _Cancelled
            self.post_message(self.OptimizeProgress(fraction, stage))

        try:
            with Store.open(self.app.ctx.db_path) as store:
                rows = store.reviews()
            result = optimize(rows, report)
        except _Cancelled:
            return
        except QuizError as e:
            self.post_message(self.OptimizeFinished(None, str(e)))
        except Exception as e:  # shown on screen, never a crash of the app
            self.post_message(self.OptimizeFinished(None, f"optimizer failed: {type(e).__name__}: {e}"))
        else:
            self.post_message(self.OptimizeFinished(result, None))

    def on_settings_screen_optimize_progress(self, message: OptimizeProgress) -> None:
        self.query_one("#optimize-progress", ProgressBar).update(progress=message.fraction)
        self.query_one("#optimize-result", Static).update(message.stage)

    def on_settings_screen_optimize_finished(self, message: OptimizeFinished) -> None:
        self.query_one("#optimize").disabled = False
        self.query_one("#optimize-progress").remove_class("-shown")
        self.result = message.result
        text = message.error if message.result is None else "\n".join(message.result.summary_lines())
        self.query_one("#optimize-result", Static).update(text)
        self.query_one("#apply").set_class(bool(self.result and self.result.better), "-shown")

    def _apply(self) -> None:
        """Write the fitted weights to the config now (other keys as last saved)."""
        from quizapp import paths
        from quizapp.optimizer import apply_parameters

        try:
            saved = apply_parameters(paths.config_file(), self.result.parameters)
        except QuizError as e:
            self.notify(str(e), title="Not applied", severity="error", markup=False)
            return
        self.parameters = saved.fsrs_parameters
        self.app.ctx.settings = replace(self.app.ctx.settings, fsrs_parameters=self.parameters)
        switch = self.query_one("#use-personal", Switch)
        switch.disabled, switch.value = False, True
        self._saved["use-personal"] = True
        self.query_one("#apply").remove_class("-shown")
        self._show_status()
        self.notify("Personal FSRS weights applied")
        self._recompute()

    @work(thread=True, exit_on_error=False, group="recompute")
    def _recompute(self) -> None:
        """Replay the log with the weights in use when the replay starts (so of two
        quick changes the later one wins), on this thread's own connection."""
        from quizapp.memory_states import recompute_memory_states
        from quizapp.store import Store

        try:
            with _RECOMPUTING, Store.open(self.app.ctx.db_path) as store:
                cards = recompute_memory_states(store, self.app.ctx.settings)
        except QuizError as e:
            self.post_message(self.MemoryRecomputed(None, str(e)))
        else:
            self.post_message(self.MemoryRecomputed(cards, None))

    def on_settings_screen_memory_recomputed(self, message: MemoryRecomputed) -> None:
        if message.error is not None:
            self.notify(message.error, title="Memory states not recomputed", severity="error", markup=False)
            return
        self._show_status(f"memory states of {message.cards} cards recomputed; due dates unchanged")
