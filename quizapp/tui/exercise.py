"""The exercise editor: write the function, run the tests, hints on demand.

The screen shows and forwards: what each key does to the attempt is
:class:`~quizapp.study.exercise_sitting.ExerciseSitting` (what an attempt earns,
:mod:`quizapp.study.exercise_attempt`); after each move the widgets are set from
the sitting, the pane's words built by :mod:`quizapp.tui.exercise_text`. Laid out
for 80x24 first: the task (Ctrl+T folds it), the code, the results below at full
width; side by side from 140 columns. Dismisses with a ``Rated``, or None.
"""
from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.widgets import Header, TextArea

from quizapp.study.exercise_sitting import Done, ExerciseSitting
from quizapp.study.srs import RATING_NAMES
from quizapp.tui import exercise_text
from quizapp.tui.base import QuizScreen
from quizapp.tui.grading_worker import Graded, grade_in_worker
from quizapp.tui.own_editor import edit_in_own_editor
from quizapp.tui.widgets.exercise.code_editor import CodeEditor
from quizapp.tui.widgets.exercise.prompt_panel import PromptPanel
from quizapp.tui.widgets.exercise.results_pane import ResultsPane
from quizapp.tui.widgets.footer import Footer


class ExerciseScreen(QuizScreen):
    CSS_PATH = "exercise.tcss"
    # See exercise.tcss. Textual declares it ``ClassVar[...] | None``, which mypy takes for an instance variable.
    HORIZONTAL_BREAKPOINTS: list[tuple[int, str]] | None = [(0, "-narrow"), (140, "-wide")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "run_tests", "Run", id="run-tests", priority=True),
        Binding("f2", "forward('hint')", "Hint", id="hint", priority=True),
        Binding("f3", "reset", "Reset", id="reset", priority=True),
        Binding("f4", "forward('give_up')", "Give up", id="give-up", priority=True),
        Binding("f5", "previous", "Draft", id="previous-attempt", priority=True, tooltip="Load your previous attempt"),
        Binding("f6", "forward('toggle_count')", "Count", id="count-attempt", priority=True,
                tooltip="Count this practice attempt as a review (or not)"),
        Binding("ctrl+t", "toggle_task", "Task", id="toggle-task", priority=True, tooltip="Hide or show the task"),
        Binding("ctrl+e", "own_editor", "$EDITOR", id="own-editor", priority=True, tooltip="Edit in your own editor"),
        *(Binding(str(r), f"rate({r})", name, id=f"rate-{name.lower()}", priority=True)
          for r, name in RATING_NAMES.items()),
        Binding("enter", "rate", "Accept", id="accept-rating", priority=True),
        Binding("e", "forward('keep_editing')", "Keep editing", id="keep-editing", priority=True),
        Binding("escape", "leave", "Back", id="leave-exercise", priority=True),
    ]

    def __init__(self, exercise, drafts: Path, *, counts: bool = True, progress=None):
        """See :class:`ExerciseSitting` for ``counts`` and ``progress``."""
        super().__init__()
        self.sitting = ExerciseSitting(exercise, drafts, counts=counts, progress=progress)
        self.editor = CodeEditor(exercise.starter, id="editor")

    def compose(self) -> ComposeResult:
        yield Header()
        yield PromptPanel(self.sitting.exercise, id="exercise-prompt")
        with Container(id="exercise-body"):
            yield self.editor
            yield ResultsPane(id="results-box")
        yield Footer(compact=True, show_command_palette=False)  # every key fits in 80 columns

    def on_mount(self) -> None:
        self.title = f"Exercise: {self.sitting.exercise.id}"
        self.show_sitting()

    def show_sitting(self) -> None:
        """Set every widget from the sitting, after any move."""
        sitting, pane = self.sitting, self.query_one(ResultsPane)
        self.sub_title = "review: counts" if sitting.counts else "practice: not recorded"
        pane.body, pane.hints, pane.headline = (exercise_text.body(sitting), exercise_text.hints(sitting),
                                                exercise_text.headline(sitting))
        self.editor.read_only = not sitting.editable
        self.set_class(not sitting.editable, "-settled")  # the results, the solution, get the room
        (pane if sitting.choosing else self.editor).focus()
        self.pop_up_toasts()
        self.refresh_bindings()

    def pop_up_toasts(self) -> None:
        for message, severity in self.sitting.take_toasts():
            self.notify(message, severity=severity, markup=False)

    def check_action(self, action: str, parameters) -> bool | None:
        return self.sitting.allows(parameters[0] if action == "forward" else action)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        notice = self.sitting.notice
        self.sitting.edited(event.text_area.text)
        if self.sitting.notice is not notice:  # an edit took a line back ("Starter code restored")
            self.show_sitting()

    def on_unmount(self) -> None:
        """However the editor goes away (Esc, Ctrl+Q, a crash elsewhere), keep the code."""
        self.sitting.edited(self.editor.text)
        self.sitting.save_draft()
        self.pop_up_toasts()

    def action_run_tests(self) -> None:
        if self.sitting.run(self.editor.text):
            grade_in_worker(self, self.app.grader, self.sitting.exercise, self.sitting.code, self.sitting.file_name)
        self.show_sitting()

    def on_graded(self, message: Graded) -> None:
        if message.result is None:
            self.sitting.grade_failed(message.error or "")
        else:
            self.sitting.graded(message.source, message.result)
        self.show_sitting()

    def load(self, code: str | None) -> None:
        """Put ``code`` in the editor as an edit (Ctrl+Z undoes it), then show the sitting."""
        if code is not None:
            self.editor.replace_all(code)
        self.show_sitting()

    def action_reset(self) -> None:
        self.load(self.sitting.reset(self.editor.text))

    def action_previous(self) -> None:
        self.load(self.sitting.load_previous())

    def action_own_editor(self) -> None:
        code = self.editor.text
        self.load(self.sitting.from_own_editor(code, edit_in_own_editor(self.app, code, self.sitting.file_name)))

    def action_toggle_task(self) -> None:
        panel = self.query_one(PromptPanel)
        panel.expanded = not panel.expanded

    def action_forward(self, move: str) -> None:
        """A move that only changes the sitting (hint, give up, count it, keep editing)."""
        getattr(self.sitting, move)()
        self.show_sitting()

    def action_rate(self, rating: int | None = None) -> None:
        self.close(self.sitting.rate(rating))

    def action_leave(self) -> None:
        self.close(self.sitting.leave())

    def close(self, done: Done | None) -> None:
        """Dismiss with the rated attempt once the sitting is done; else show what it asks."""
        if done is None:
            self.show_sitting()
        else:
            self.dismiss(done.rated)
