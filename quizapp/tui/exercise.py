"""The exercise editor: write the function, run the tests, hints on demand.

A review tests recall, so the editor always opens on the starter code; the
previous attempt (the saved :class:`~quizapp.study.exercise_draft.Draft`) is one key
away, F5, and loading it caps the suggestion at Hard. What counts as an
attempt and what it earns is :mod:`quizapp.study.exercise_attempt`; this screen only
feeds it runs, hints and giving up. When a counting attempt ends (a pass,
giving up, or leaving after trying) the suggested rating is shown and 1-4
choose another, Enter or Esc accept it, as in Anki. As practice (the card is
not due) nothing is recorded unless F6 counts the attempt. The screen
dismisses with a :class:`~quizapp.study.exercise_attempt.Rated`, or None.

Grading runs in a thread worker (the sandbox is a subprocess) that posts
:class:`ExerciseScreen.Graded`, so the editor never freezes.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Footer, Header
from textual.worker import get_current_worker

from quizapp.study.exercise_attempt import RATING_NAMES, Attempt, changed_from_starter
from quizapp.study.exercise_draft import Draft
from quizapp.tui.base import QuizScreen
from quizapp.tui.exercise_text import grade_text, hints_text, opening_text, passed_text, rating_prompt, solution_text
from quizapp.tui.safe_static import SafeStatic  # untrusted text: shown, never obeyed
from quizapp.tui.widgets.exercise.code_editor import CodeEditor
from quizapp.tui.widgets.exercise.results_pane import ResultsPane

if TYPE_CHECKING:
    from quizapp.grading.grader import GradeResult

EDITING_ACTIONS = {"run_tests", "hint", "reset", "give_up", "previous"}


class ExerciseScreen(QuizScreen):
    CSS_PATH = "exercise.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "run_tests", "Run tests", id="run-tests", priority=True),
        Binding("f2", "hint", "Hint", id="hint", priority=True),
        Binding("f3", "reset", "Reset", id="reset", priority=True),
        Binding("f4", "give_up", "Give up", id="give-up", priority=True),
        Binding("f5", "previous", "Previous attempt", id="previous-attempt", priority=True),
        Binding("f6", "toggle_count", "Count it", id="count-attempt", priority=True),
        *(Binding(str(r), f"rate({r})", name, id=f"rate-{name.lower()}", priority=True)
          for r, name in RATING_NAMES.items()),
        Binding("enter", "accept", "Accept", id="accept-rating", priority=True),
        Binding("e", "keep_editing", "Keep editing", id="keep-editing", priority=True),
        Binding("escape", "leave", "Back", id="leave-exercise", priority=True),
    ]
    choosing: reactive[bool] = reactive(False, bindings=True, init=False)  # the rating waits for 1-4/Enter/Esc
    counts: reactive[bool] = reactive(True, bindings=True, init=False)  # a review, else practice

    @dataclass
    class Graded(Message):
        source: str
        result: GradeResult | None
        error: str | None = None

    def __init__(self, exercise, drafts: Path, *, counts: bool = True, progress=None):
        """``counts``: the card is new or due, so the attempt is a review; else
        practice. ``progress`` (an ExerciseProgress) carries hints and failed
        runs across sittings of a counting attempt."""
        super().__init__()
        self.exercise, self.draft = exercise, Draft(drafts, exercise.id)
        self.set_reactive(ExerciseScreen.counts, counts)
        self.practice = not counts
        self.progress = progress if counts else None
        self.attempt = self.progress.resume(exercise) if self.progress else Attempt(exercise.starter)
        self.previous: str | None = None  # the draft as it was on opening
        self.hints_on_screen = 0
        self.outcome_text: Text | None = None  # the pass or give-up shown under the rating

    def compose(self) -> ComposeResult:
        ex = self.exercise
        draft, problem = self.draft.read()
        if problem:
            self.notify(problem, severity="warning", markup=False)
        if draft is not None and changed_from_starter(draft, ex.starter):
            self.previous = draft
        yield Header()
        with VerticalScroll(id="exercise-prompt"):
            yield SafeStatic(Text.assemble((ex.title, "bold"), "  ", (ex.signature, "italic"), "\n", ex.prompt.strip()))
        with Horizontal(id="exercise-body"):
            self.editor = CodeEditor(ex.starter, id="editor")
            self.results = ResultsPane(opening_text(self.counts, self.previous is not None, self.attempt),
                                       id="results-box")
            yield from (self.editor, self.results)
        yield Footer()

    def on_mount(self) -> None:
        self.title = f"Exercise: {self.exercise.id}"
        self.watch_counts(self.counts)
        self.editor.focus()

    def watch_counts(self, counts: bool) -> None:
        self.sub_title = "review: counts" if counts else "practice: not recorded"

    def watch_choosing(self, choosing: bool) -> None:
        """While the rating is asked the code is read-only and 1-4 rate instead of typing."""
        self.editor.read_only = choosing or self.attempt.over
        (self.results if choosing else self.editor).focus()

    def save_draft(self) -> None:
        """Also on unmount: however the editor goes away (Esc, Ctrl+Q, a crash elsewhere),
        keep the code (the text the editor kept on its last change)."""
        problem = self.draft.save(self.editor.latest, self.exercise.starter)
        if problem:
            self.notify(problem, severity="error", markup=False)

    on_unmount = save_draft

    def show(self, content) -> None:
        self.results.said = content

    def check_action(self, action: str, parameters) -> bool | None:
        """Rating keys only while a rating is asked for (else 1-4 and Enter type
        into the editor); editing keys only while editing."""
        if action in ("rate", "accept"):
            return self.choosing
        if action == "keep_editing":
            return self.choosing and not self.attempt.over
        if action == "toggle_count":
            return self.practice
        if action == "previous" and self.previous is None:
            return False
        return not (action in EDITING_ACTIONS and self.choosing)

    def keep(self) -> None:
        """Remember hints and failed runs of a counting attempt for the next sitting."""
        if self.progress is not None and self.counts and not self.progress.keep(self.exercise.id, self.attempt):
            self.notify(f"Could not write {self.progress.path}: hints and failed runs are not remembered.",
                        severity="warning", markup=False)

    def action_run_tests(self) -> None:
        self.editor.disarm()
        if self.attempt.over:
            return
        self.save_draft()
        self.show(Text("Running the tests…", style="italic"))
        self.grade(self.editor.latest)

    @work(thread=True, exclusive=True, exit_on_error=False, group="grade")
    def grade(self, source: str) -> None:
        """Grade ``source`` in the sandbox; a run superseded by a newer one says nothing."""
        try:
            result = self.app.grader.grade(self.exercise, source, f"{self.exercise.id}.py")
        except Exception as e:  # shown in the pane; the editor stays usable
            message = self.Graded(source, None, f"Could not grade: {e}")
        else:
            message = self.Graded(source, result)
        if not get_current_worker().is_cancelled:
            self.post_message(message)

    def on_exercise_screen_graded(self, message: Graded) -> None:
        if message.result is None:
            self.show(Text(message.error or "", style="red"))
            return
        result = message.result
        if self.attempt.over:
            return  # gave up while it ran: the attempt is settled and its rating on screen
        counted = self.attempt.ran(message.source, result.passed)
        text = grade_text(result)
        if result.passed:
            shown = passed_text(text, self.exercise.solution)
            self.show(shown)
            self.attempt_over(shown)
            return
        if counted:
            self.keep()
        else:
            text.append("\nThis is the untouched starter: nothing is recorded for running it.", style="italic")
        self.show(text)

    def action_hint(self) -> None:
        self.editor.disarm()
        if self.attempt.over:
            return  # the attempt is over; its rating is already shown
        hints = self.exercise.hints
        if not hints:
            self.notify("This exercise has no hints.")
            return
        if self.hints_on_screen < self.attempt.hints:
            self.hints_on_screen = self.attempt.hints  # the ones seen earlier first
        else:
            self.hints_on_screen = min(self.hints_on_screen + 1, len(hints))
            self.attempt.took_hint(self.hints_on_screen)
            self.keep()
        self.show(hints_text(hints, self.hints_on_screen))

    def action_reset(self) -> None:
        said, replaced = self.editor.reset()
        self.show(said if replaced else Text(said, style="bold yellow"))

    def action_previous(self) -> None:
        if self.previous is None:
            return
        self.editor.replace_all(self.previous)
        self.attempt.borrow_previous()
        self.show("Your previous attempt is in the editor (Ctrl+Z undoes it). "
                  "A pass with its help is rated Hard at most.")

    def action_give_up(self) -> None:
        self.editor.disarm()
        if self.attempt.over:
            return
        self.attempt.give_up()
        shown = solution_text(self.exercise.solution)
        self.show(shown)
        self.attempt_over(shown)

    def action_toggle_count(self) -> None:
        self.counts = not self.counts
        self.notify("This attempt will count as a review." if self.counts else "Practice: nothing is recorded.")
        if self.counts and self.attempt.over:
            self.ask_rating()
        elif not self.counts and self.choosing:
            self.choosing = False
            if self.outcome_text is not None:
                self.attempt_over(self.outcome_text)

    def attempt_over(self, text: Text) -> None:
        """A pass or giving up: the rating (or the practice note) goes on top, above the solution."""
        self.outcome_text = text
        if self.counts:
            self.ask_rating()
        else:
            note = Text("Practice: nothing is recorded. F6 counts this attempt; Esc goes back.\n\n", style="bold")
            self.show(note + text)

    def ask_rating(self) -> None:
        """Show the suggestion and wait for 1-4, Enter or Esc."""
        self.choosing = True
        self.show(rating_prompt(self.attempt, self.outcome_text))

    def action_keep_editing(self) -> None:
        self.choosing = False
        self.show("Keep going: Ctrl+R runs the tests.")

    def action_rate(self, rating: int) -> None:
        if self.choosing:
            self.dismiss(self.attempt.rated(rating))

    def action_accept(self) -> None:
        if self.choosing:
            self.dismiss(self.attempt.rated())

    def action_leave(self) -> None:
        if self.choosing:
            self.action_accept()
        elif self.counts and self.attempt.started:
            self.ask_rating()  # leaving after trying: say what will be saved first
        else:
            self.dismiss(None)
