"""One row of the Settings form: the label, the control, and why a value is refused.

The control keeps the setting's key as its id (``#new_per_day``), so the form
reads ``{field.key: field.value}`` without knowing which control each one is;
setting :attr:`SettingField.error` shows the reason under the row, ``None``
hides it.
"""
from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widgets import Input, Label, Select, Static, Switch

from quizapp.config import setting_text

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
CHECKED = (*TEXT_FIELDS, "theme", "device")  # the fields Save checks and writes
DEVICES = ("auto", "cpu", "cuda")


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

    def watch_error(self, error: str | None) -> None:
        self._error.update(f"✗ {error}" if error else "")
        self._error.display = error is not None


def setting_fields(settings, themes: list[str], current_theme: str) -> dict[str, SettingField]:
    """The form's fields by key, filled from ``settings`` (a theme that is not
    installed shows as the one in use)."""
    fields = {key: SettingField(key, label, Input(setting_text(getattr(settings, key)), id=key))
              for key, label in TEXT_FIELDS.items()}
    for key, label, options, value in (
            ("theme", "Theme", themes, settings.theme if settings.theme in themes else current_theme),
            ("device", "Torch device (next start)", DEVICES, settings.device)):
        fields[key] = SettingField(key, label, Select([(o, o) for o in options], value=value,
                                                      allow_blank=False, id=key))
    return fields
