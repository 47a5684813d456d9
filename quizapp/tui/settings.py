"""Settings: a form over ``config.toml``, plus fitting personal FSRS weights.

Save (ctrl+s) checks every field with :func:`quizapp.config.check_setting`, the
loader's own rule, so whatever the screen writes loads back unchanged; a bad
field gets its reason beside it and nothing is written. Escape with unsaved
changes warns once; a second Escape discards them (and undoes a previewed theme).
The optimizer lives in :class:`OptimizePanel`; its weights are written only
when the learner presses Apply. New weights (Apply, or a save that switches
personal weights on or off) recompute every card's stability and difficulty
from the log, due dates kept, as Anki does (:class:`MemoryReplay`, in a thread); a
save that changes only desired retention recomputes nothing.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.widgets import Header, Select, Switch

from quizapp.config import check_setting, setting_from_text
from quizapp.errors import QuizError
from quizapp.tui.base import QuizScreen
from quizapp.tui.widgets.footer import Footer
from quizapp.tui.widgets.note import Note
from quizapp.tui.widgets.settings.field import FORM_KEYS, SettingField, setting_fields
from quizapp.tui.widgets.settings.memory_replay import MemoryReplay
from quizapp.tui.widgets.settings.optimize_panel import OptimizePanel


class SettingsScreen(QuizScreen):
    CSS_PATH = "settings.tcss"
    AUTO_FOCUS = ".setting-field Input, .setting-field Select"  # the first field, not the scrolling form
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True, id="save-settings"),
        Binding("escape", "back", "Back", id="back-settings"),
    ]
    weights_note: reactive[str] = reactive("")

    def __init__(self) -> None:
        super().__init__()
        self._saved: dict = {}
        self._warned = False

    def compose(self) -> ComposeResult:
        settings, app = self.app.ctx.settings, self.app
        self.parameters = settings.fsrs_parameters  # personal weights (saved or just fitted)
        self.fields = setting_fields(settings, sorted(app.available_themes), app.theme)
        self.personal = Switch(value=self.parameters is not None, id="use-personal",
                               disabled=self.parameters is None)
        self.optimizer = OptimizePanel(app.ctx.db_path, settings)
        yield Header()
        with VerticalScroll(id="settings-form"):
            yield from self.fields.values()
            yield Note(id="fsrs-status").data_bind(note=SettingsScreen.weights_note)
            yield SettingField("use-personal", "Use personal FSRS weights", self.personal)
            yield self.optimizer
        yield MemoryReplay(app.ctx.db_path, lambda: self.app.ctx.settings)
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Settings"
        self._saved = self._form()
        self._show_weights()

    def _form(self) -> dict:
        """What the form holds now: texts, select values, the switch."""
        return {field.key: field.value for field in self.query(SettingField)}

    def _show_weights(self, note: str = "") -> None:
        in_use = self.app.ctx.settings.fsrs_parameters is not None
        self.weights_note = ("FSRS weights: " + ("personal (fitted from your reviews)" if in_use else "fsrs defaults")
                             + (f"\n{note}" if note else ""))

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "theme" and isinstance(event.value, str):
            self.app.theme = event.value  # live preview; Escape-discard restores the saved one

    def action_save(self) -> None:
        """Write the fields the learner changed into the config file as it is now, so a
        change made meanwhile elsewhere (``quizapp plan --date`` in another terminal, a
        sync) is kept; the context takes the file's settings."""
        from quizapp import paths
        from quizapp.config import update_settings
        from quizapp.study.memory_states import weights_changed

        form = self._form()
        values: dict[str, Any] = {}
        for key in FORM_KEYS:
            raw = setting_from_text(key, form[key]) if self.fields[key].is_text else form[key]
            values[key], self.fields[key].error = check_setting(key, raw)
        self._refuse_a_past_interview_date(values.get("interview_date"))
        if any(self.fields[key].error for key in FORM_KEYS):
            self.notify("Fix the marked fields; nothing was saved", severity="error")
            return
        values["fsrs_parameters"] = self.parameters if form["use-personal"] else None
        old = self.app.ctx.settings
        changed = {key: values[key] for key in FORM_KEYS if form[key] != self._saved[key]}
        if values["fsrs_parameters"] != old.fsrs_parameters:
            changed["fsrs_parameters"] = values["fsrs_parameters"]
        try:
            settings = update_settings(paths.config_file(), "saving settings", **changed)
        except QuizError as e:
            self.notify(str(e), title="Not saved", severity="error", markup=False)
            return
        self.app.ctx.settings = settings
        self.app.theme = self.app.kept_theme  # the file may name a theme that is not installed
        for key in FORM_KEYS:  # the file's values, a change made elsewhere meanwhile included
            self.fields[key].show(getattr(settings, key))
        self._saved, self._warned = self._form(), False
        self._show_weights()
        self.notify(f"Saved to {paths.config_file()}", markup=False)
        if weights_changed(old, settings):
            self.query_one(MemoryReplay).replay()

    def _refuse_a_past_interview_date(self, date_text: object) -> None:
        """A date being set must be ahead, as ``quizapp plan --date`` says; a stored one kept."""
        from quizapp.clock import study_date
        from quizapp.config import parse_date
        from quizapp.study.interview import new_date_refused

        settings = self.app.ctx.settings
        day = parse_date(date_text)
        if day is not None and date_text != settings.interview_date:
            refused = new_date_refused(day, study_date(self.app.clock(), settings.day_starts_at_hour))
            if refused:
                self.fields["interview_date"].error = refused

    def action_back(self) -> None:
        if self._form() != self._saved and not self._warned:
            self._warned = True
            self.notify("Unsaved changes: Escape again to discard them, ctrl+s to save", severity="warning")
            return
        self.app.theme = self.app.kept_theme  # drop an unsaved preview (the palette's choice is kept)
        self.app.pop_screen()

    def on_optimize_panel_apply(self, message: OptimizePanel.Apply) -> None:
        """Write the fitted weights to the config now (other keys as last saved)."""
        from quizapp import paths
        from quizapp.study.optimizer import apply_parameters

        try:
            saved = apply_parameters(paths.config_file(), message.result.parameters)
        except QuizError as e:
            self.notify(str(e), title="Not applied", severity="error", markup=False)
            return
        self.parameters = saved.fsrs_parameters
        self.app.ctx.settings = replace(self.app.ctx.settings, fsrs_parameters=self.parameters)
        self.personal.disabled, self.personal.value = False, True
        self._saved["use-personal"] = True
        self.optimizer.offer = False
        self._show_weights()
        self.notify("Personal FSRS weights applied")
        self.query_one(MemoryReplay).replay()

    def on_memory_replay_done(self, message: MemoryReplay.Done) -> None:
        if message.error is not None:
            self.notify(message.error, title="Memory states not recomputed", severity="error", markup=False)
            return
        self._show_weights(f"memory states of {message.cards} cards recomputed; due dates unchanged")
