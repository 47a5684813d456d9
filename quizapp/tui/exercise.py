"""The exercise editor: write the function, run the tests, hints on demand.

A review tests recall, so the editor always opens on the starter code; the
previous attempt (the saved draft) is one key away, F5, and loading it caps the
suggestion at Hard. What counts as an attempt and what it earns is the rule in
:mod:`quizapp.exercise_attempt`; this screen only feeds it runs, hints and
giving up. When a counting attempt ends (a pass, giving up, or leaving after
trying) the suggested rating is shown and 1-4 choose another, Enter or Esc
accept it, as in Anki. Opened as practice (the card is not due) nothing is
recorded unless F6 counts the attempt. The screen dismisses with a
:class:`~quizapp.exercise_attempt.Rated`, or None when nothing is to be saved.

Grading runs in a thread worker (the sandbox is a subprocess), so the editor
never freezes. Changed code is saved as the draft beside the database, so
leaving loses nothing; the untouched starter never overwrites a draft.
"""
from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static, TextArea

from quizapp.tui.safe_static import SafeStatic  # untrusted text: shown, never obeyed
from quizapp.exercise_attempt import RATING_NAMES, Attempt, changed_from_starter
from quizapp.tui.exercise_text import grade_text, opening_text, rating_prompt

EDITING_ACTIONS = {"run_tests", "hint", "reset", "give_up", "previous"}


class ExerciseScreen(Screen):
    CSS_PATH = "exercise.tcss"
    BINDINGS = [
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

    def __init__(self, exercise, drafts: Path, *, counts: bool = True, progress=None):
        """``counts``: the card is new or due, so the attempt is a review; else
        practice. ``progress`` (an ExerciseProgress) carries hints and failed
        runs across sittings of a counting attempt."""
        super().__init__()
        self.exercise = exercise
        self.draft = drafts / f"{exercise.id}.py"
        self.counts, self.practice = counts, not counts
        self.progress = progress if counts else None
        self.attempt = self.progress.resume(exercise) if self.progress else Attempt(exercise.starter)
        self.latest = exercise.starter  # the editor's text, kept on every change (see on_unmount)
        self.previous: str | None = None  # the draft as it was on opening
        self.choosing = False  # the rating is on screen, waiting for 1-4 / Enter / Esc
        self.reset_armed = False
        self.hints_on_screen = 0
        self.running_source = ""
        self.outcome_text: Text | None = None  # the pass or give-up shown under the rating

    def compose(self) -> ComposeResult:
        ex = self.exercise
        yield Header()
        with VerticalScroll(id="exercise-prompt"):
            yield SafeStatic(Text.assemble((ex.title, "bold"), "  ", (ex.signature, "italic"), "\n", ex.prompt.strip()))
        with Horizontal(id="exercise-body"):
            draft = self.read_draft()
            if draft is not None and changed_from_starter(draft, ex.starter):
                self.previous = draft
            yield TextArea.code_editor(ex.starter, language="python", id="editor")
            with VerticalScroll(id="results-box"):
                yield SafeStatic(opening_text(self.counts, self.previous is not None, self.attempt), id="results")
        yield Footer()

    def on_mount(self) -> None:
        self.title = f"Exercise: {self.exercise.id}"
        self.show_mode()
        self.query_one("#editor", TextArea).focus()

    def show_mode(self) -> None:
        self.sub_title = "review: counts" if self.counts else "practice: not recorded"

    # -- the draft ------------------------------------------------------------
    def read_draft(self) -> str | None:
        try:
            return self.draft.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as e:
            self.notify(f"Could not read your previous attempt ({e}).", severity="warning", markup=False)
            return None

    def save_draft(self) -> None:
        """Keep changed code; the untouched starter never replaces a saved attempt."""
        if not changed_from_starter(self.latest, self.exercise.starter):
            return
        try:
            self.draft.parent.mkdir(parents=True, exist_ok=True)
            self.draft.write_text(self.latest, encoding="utf-8")
        except OSError as e:
            self.notify(f"Could not save your draft: {e}", severity="error", markup=False)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.latest = event.text_area.text
        self.reset_armed = False

    def on_unmount(self) -> None:
        """However the editor goes away (Esc, Ctrl+Q, a crash elsewhere), keep the code.
        The widget may be gone by now, so this writes the text kept on each change."""
        self.save_draft()

    # -- showing ----------------------------------------------------------------
    def show(self, content) -> None:
        self.query_one("#results", Static).update(content)
        self.query_one("#results-box", VerticalScroll).scroll_home(animate=False)

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
        if action in EDITING_ACTIONS:
            return not self.choosing
        return True

    def keep(self) -> None:
        """Remember hints and failed runs of a counting attempt for the next sitting."""
        if self.progress is not None and self.counts and not self.progress.keep(self.exercise.id, self.attempt):
            self.notify(f"Could not write {self.progress.path}: hints and failed runs are not remembered.",
                        severity="warning", markup=False)

    # -- editing actions ----------------------------------------------------------
    def action_run_tests(self) -> None:
        self.reset_armed = False
        if self.attempt.over:
            return
        self.save_draft()
        self.show(Text("Running the tests…", style="italic"))
        grader, exercise = self.app.grader, self.exercise
        source = self.running_source = self.latest
        self.run_worker(lambda: grader.grade(exercise, source, f"{exercise.id}.py"), name="grade",
                        group="grade", thread=True, exclusive=True, exit_on_error=False)

    def on_worker_state_changed(self, event) -> None:
        from textual.worker import WorkerState

        worker = event.worker
        if worker.name != "grade" or worker.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        if worker.state == WorkerState.ERROR:
            self.show(Text(f"Could not grade: {worker.error}", style="red"))
            return
        result = worker.result
        if self.attempt.over:
            return  # gave up while it ran: the attempt is settled and its rating on screen
        counted = self.attempt.ran(self.running_source, result.passed)
        text = grade_text(result)
        if not counted and not result.passed:
            text.append("\nThis is the untouched starter: nothing is recorded for running it.", style="italic")
        elif not result.passed:
            self.keep()
        if result.passed:
            text.append("\n\nReference solution:\n", style="bold")
            text.append(self.exercise.solution)
        self.show(text)
        if result.passed:
            self.attempt_over(text)

    def action_hint(self) -> None:
        self.reset_armed = False
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
        lines = [f"Hint {i + 1}/{len(hints)}: {h}" for i, h in enumerate(hints[: self.hints_on_screen])]
        self.show("\n\n".join(lines))

    def action_reset(self) -> None:
        """Press twice: the first press only asks. The replacement is an edit, so Ctrl+Z undoes it."""
        if not self.reset_armed:
            self.reset_armed = True
            self.show(Text("Press F3 again to replace your code with the starter (Ctrl+Z undoes it).",
                           style="bold yellow"))
            return
        self.reset_armed = False
        self.replace_code(self.exercise.starter)
        self.show("Starter code restored. Ctrl+Z brings your code back; the saved draft keeps it too.")

    def action_previous(self) -> None:
        self.reset_armed = False
        if self.previous is None:
            return
        self.replace_code(self.previous)
        self.attempt.borrow_previous()
        self.show("Your previous attempt is in the editor (Ctrl+Z undoes it). "
                  "A pass with its help is rated Hard at most.")

    def replace_code(self, text: str) -> None:
        editor = self.query_one("#editor", TextArea)
        editor.replace(text, (0, 0), editor.document.end, maintain_selection_offset=False)
        editor.focus()

    def action_give_up(self) -> None:
        self.reset_armed = False
        if self.attempt.over:
            return
        self.attempt.give_up()
        text = Text("Reference solution:\n\n", style="bold")
        text.append(self.exercise.solution)
        self.show(text)
        self.attempt_over(text)

    def action_toggle_count(self) -> None:
        self.counts = not self.counts
        self.show_mode()
        self.notify("This attempt will count as a review." if self.counts else "Practice: nothing is recorded.")
        if self.counts and self.attempt.over:
            self.ask_rating()
        elif not self.counts and self.choosing:
            self.stop_choosing()
            if self.outcome_text is not None:
                self.attempt_over(self.outcome_text)

    # -- the rating ---------------------------------------------------------------
    def attempt_over(self, text: Text) -> None:
        """A pass or giving up: the rating (or the practice note) goes on top, above the solution."""
        self.outcome_text = text
        if self.counts:
            self.ask_rating()
        else:
            note = Text("Practice: nothing is recorded. F6 counts this attempt; Esc goes back.\n\n", style="bold")
            self.show(note + text)

    def ask_rating(self) -> None:
        """Show the suggestion and wait for 1-4, Enter or Esc (the code is read-only meanwhile)."""
        shown = rating_prompt(self.attempt, self.outcome_text)
        self.choosing = True
        self.query_one("#editor", TextArea).read_only = True
        self.query_one("#results-box", VerticalScroll).focus()
        self.show(shown)
        self.refresh_bindings()

    def stop_choosing(self) -> None:
        self.choosing = False
        editor = self.query_one("#editor", TextArea)
        editor.read_only = self.attempt.over
        editor.focus()
        self.refresh_bindings()

    def action_keep_editing(self) -> None:
        self.stop_choosing()
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
