"""The exercise editor: write the function, run the tests, hints on demand.

Grading runs in a thread worker (the sandbox is a subprocess), so the editor
never freezes. The draft is saved beside the database, so leaving the editor
loses nothing. Dismisses with the FSRS rating the attempt earned: Good for a
first-try pass without hints, Hard for a pass after hints or failed runs,
Again for giving up or leaving without a pass; None when nothing was tried.
"""
from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static, TextArea

from quizapp.srs import AGAIN, GOOD, HARD

MARK = {True: ("✓", "green"), False: ("✗", "red")}


def grade_text(result) -> Text:
    """Verdict, then each case in file order, the first failure in full."""
    text = Text()
    style = "bold green" if result.passed else "bold red"
    text.append(f"{result.verdict.upper()}", style=style)
    text.append(f"  ({result.duration:.2f}s)\n", style="dim")
    if result.message:
        text.append(result.message + "\n", style="red")
    shown_failure = False
    for case in result.cases:
        mark, colour = MARK[case.passed]
        text.append(f" {mark} ", style=colour)
        text.append(case.name + "\n")
        if not case.passed and case.message and not shown_failure:
            text.append(f"     {case.message}\n", style="yellow")
            shown_failure = True
    if result.stdout:
        text.append("\nYour output:\n", style="bold")
        text.append(result.stdout[-2000:], style="dim")
    return text


class ExerciseScreen(Screen):
    CSS_PATH = "exercise.tcss"
    BINDINGS = [
        Binding("ctrl+r", "run_tests", "Run tests", id="run-tests", priority=True),
        Binding("f2", "hint", "Hint", id="hint", priority=True),
        Binding("f3", "reset", "Reset", id="reset", priority=True),
        Binding("f4", "give_up", "Give up", id="give-up", priority=True),
        Binding("escape", "leave", "Back", id="leave-exercise", priority=True),
    ]

    def __init__(self, exercise, drafts: Path):
        super().__init__()
        self.exercise = exercise
        self.draft = drafts / f"{exercise.id}.py"
        self.latest = ""  # the editor's text, kept on every change (see on_unmount)
        self.hints_shown = 0
        self.runs = 0
        self.passed = False
        self.gave_up = False

    def compose(self) -> ComposeResult:
        ex = self.exercise
        yield Header()
        with VerticalScroll(id="exercise-prompt"):
            yield Static(Text.assemble((ex.title, "bold"), "  ", (ex.signature, "italic"), "\n", ex.prompt.strip()))
        with Horizontal(id="exercise-body"):
            source = self.latest = self.read_draft() or ex.starter
            yield TextArea.code_editor(source, language="python", id="editor")
            with VerticalScroll(id="results-box"):
                yield Static("Ctrl+R runs the tests · F2 hint · F3 reset · F4 give up", id="results", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.title = f"Exercise: {self.exercise.id}"
        self.query_one("#editor", TextArea).focus()

    def source(self) -> str:
        return self.latest

    def read_draft(self) -> str | None:
        try:
            return self.draft.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as e:
            self.notify(f"Could not read your draft ({e}); starting from the starter code.",
                        severity="warning", markup=False)
            return None

    def save_draft(self) -> None:
        try:
            self.draft.parent.mkdir(parents=True, exist_ok=True)
            self.draft.write_text(self.source(), encoding="utf-8")
        except OSError as e:
            self.notify(f"Could not save your draft: {e}", severity="error", markup=False)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.latest = event.text_area.text

    def on_unmount(self) -> None:
        """However the editor goes away (Esc, Ctrl+Q, a crash elsewhere), keep the code.
        The widget may be gone by now, so this writes the text kept on each change."""
        self.save_draft()

    def show(self, content) -> None:
        self.query_one("#results", Static).update(content)
        self.query_one("#results-box", VerticalScroll).scroll_home(animate=False)

    def action_run_tests(self) -> None:
        if self.passed or self.gave_up:
            return
        self.save_draft()
        self.show(Text("Running the tests…", style="italic"))
        grader, exercise, source = self.app.grader, self.exercise, self.source()
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
        self.runs += 1
        result = worker.result
        text = grade_text(result)
        if result.passed:
            self.passed = True
            text.append("\n\nReference solution:\n", style="bold")
            text.append(self.exercise.solution)
            text.append("\nEsc: back (rated " + ("Good" if self.rating() == GOOD else "Hard") + ")", style="bold")
        self.show(text)

    def action_hint(self) -> None:
        if self.passed or self.gave_up:
            return  # the attempt is over; its rating is already shown
        hints = self.exercise.hints
        if not hints:
            self.notify("This exercise has no hints.")
            return
        self.hints_shown = min(self.hints_shown + 1, len(hints))
        lines = [f"Hint {i + 1}/{len(hints)}: {h}" for i, h in enumerate(hints[: self.hints_shown])]
        self.show("\n\n".join(lines))

    def action_reset(self) -> None:
        self.query_one("#editor", TextArea).load_text(self.exercise.starter)
        self.save_draft()
        self.notify("Starter code restored.")

    def action_give_up(self) -> None:
        if self.passed:
            return
        self.gave_up = True
        text = Text("Reference solution (rated Again):\n\n", style="bold")
        text.append(self.exercise.solution)
        self.show(text)

    def rating(self) -> int | None:
        if self.passed:
            return GOOD if self.runs == 1 and self.hints_shown == 0 else HARD
        if self.gave_up or self.runs or self.hints_shown:
            return AGAIN
        return None

    def action_leave(self) -> None:
        self.save_draft()
        self.dismiss(self.rating())
