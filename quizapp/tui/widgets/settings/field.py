"""One row of the Settings form: the label, the control, and why a value is refused.

The rows come from the settings' own declarations (:data:`quizapp.config.SPECS`):
every setting with a label gets a row, a select where its values are a fixed set
(or, for the theme, the installed themes), a text input otherwise. The control
keeps the setting's key as its id (``#new_per_day``), so the form reads
``{field.key: field.value}`` without knowing which control each one is; setting
:attr:`SettingField.error` shows the reason under the row, ``None`` (or an edit) hides it.
"""
from __future__ import annotations

import contextlib

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widgets import Input, Label, Select, Static, Switch

from quizapp.config import SPECS, Settings, setting_text

FORM_KEYS = tuple(key for key, spec in SPECS.items() if spec.label)  # the fields Save checks and writes


class SettingField(Vertical):
    error: reactive[str | None] = reactive(None, init=False)

    def __init__(self, key: str, label: str, control: Input | Select[str] | Switch) -> None:
        """``control`` is an Input, Select or Switch whose id is ``key``."""
        super().__init__(classes="setting-field")
        self.key, self.label, self.control = key, label, control
        self._error = Static(id=f"{key}-error", classes="field-error", markup=False)
        self._error.display = False

    def compose(self) -> ComposeResult:
        with Horizontal(classes="setting"):
            yield Label(self.label)
            yield self.control
        yield self._error

    @property
    def value(self):
        return self.control.value

    @property
    def is_text(self) -> bool:
        """Its value is text to read with :func:`quizapp.config.setting_from_text`."""
        return isinstance(self.control, Input)

    def show(self, value) -> None:
        """Put a setting's saved ``value`` in the control (a select not offering it keeps its choice)."""
        from textual.widgets.select import InvalidSelectValueError

        if isinstance(self.control, Input):
            self.control.value = setting_text(value)
        elif isinstance(self.control, Select):
            with contextlib.suppress(InvalidSelectValueError):
                self.control.value = value

    def on_input_changed(self, event: Input.Changed) -> None:
        """Once the value is edited the reason may no longer be true: hidden until Save checks again."""
        self.error = None

    def watch_error(self, error: str | None) -> None:
        self._error.update(f"✗ {error}" if error else "")
        self._error.display = error is not None


def setting_fields(settings: Settings, themes: list[str], current_theme: str) -> dict[str, SettingField]:
    """The form's fields by key, filled from ``settings`` (a theme that is not
    installed shows as the one in use)."""
    fields = {}
    for key in FORM_KEYS:
        spec, value = SPECS[key], getattr(settings, key)
        options = themes if key == "theme" else spec.choices
        control: Input | Select[str]
        if options:
            shown = value if value in options else current_theme
            control = Select([(o, o) for o in options], value=shown, allow_blank=False, id=key)
        else:
            control = Input(setting_text(value), id=key)
        fields[key] = SettingField(key, spec.label or key, control)
    return fields
