"""One sitting at the exercise editor, from opened to rated: the attempt flow without any UI.

:mod:`quizapp.study.exercise_attempt` says what an attempt earns; this module
says what each key of the editor does to it, so those rules are tested in
milliseconds and the screen (:mod:`quizapp.tui.exercise`) only shows a sitting
and forwards keys to it, as the study screen does with
:class:`~quizapp.study.attempt.ReviewAttempt`.

- A review tests recall, so the code starts as the starter; a saved draft that
  differs from it is the *previous attempt*, loaded only on request (F5), and
  loading it caps the pass at Hard.
- A run saves the code as the draft, then the caller grades it (in a worker)
  and hands the result back; the latest result stays in view until the next.
- Hints are added one per request below the results (those seen in an earlier
  sitting come back first); they never replace the results.
- Reset asks first: only a second request in a row replaces the code.
- When a counting attempt ends (a pass, giving up, or leaving after trying) the
  rating is asked; as practice nothing is rated unless the learner counts it.

Problems worth a pop-up (a draft that cannot be written, no hints) are queued
as :attr:`ExerciseSitting.toasts` for the screen to show; what the results pane
says is the sitting's state (:attr:`notice`, :attr:`result`, :attr:`hints_shown`).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from quizapp.study.exercise_attempt import Attempt, Rated, changed_from_starter
from quizapp.study.exercise_draft import Draft

if TYPE_CHECKING:
    from quizapp.grading.grader import GradeResult
    from quizapp.study.exercise_progress import ExerciseProgress
    from quizapp.study.own_editor import Edited

PLAIN, BUSY, ASK, ERROR = "plain", "busy", "ask", "error"  # how a notice reads: its tone
Severity = Literal["information", "warning", "error"]  # of a toast, as Textual's notify takes it
RUNNING = "Running the tests…"
ASK_RESET = "Press F3 again to replace your code with the starter (Ctrl+Z undoes it)."
RESTORED = "Starter code restored. Ctrl+Z brings your code back; the saved draft keeps it too."
PREVIOUS_LOADED = ("Your previous attempt is in the editor (Ctrl+Z undoes it). "
                   "A pass with its help is rated Hard at most.")
KEEP_GOING = "Keep going: Ctrl+R runs the tests."
# Moves that change the code or the attempt: closed while the rating is asked.
EDITING = frozenset({"run_tests", "hint", "reset", "give_up", "previous", "own_editor"})


@dataclass(frozen=True)
class Notice:
    """What the last move said, at the top of the results pane."""

    text: str
    tone: str = PLAIN


@dataclass(frozen=True)
class Done:
    """The editor closes with ``rated`` (None: nothing to save)."""

    rated: Rated | None


def opening(counts: bool, has_previous: bool, attempt: Attempt, earlier: list[Path]) -> Notice:
    """Whether this is a review or practice, that the previous attempt is one key away,
    and where those before it are kept (``earlier``, oldest first)."""
    if counts:
        lines = ["Review: you start from the starter code; the attempt counts for spaced repetition."]
    else:
        lines = ["Practice (not due): nothing is recorded. F6 counts this attempt as a review."]
    if has_previous:
        lines.append("Your previous attempt is saved: F5 loads it (a pass with it is rated Hard at most).")
    if earlier:
        lines.append(f"Earlier attempts kept: {len(earlier)}, the latest in {earlier[-1]}.")
    if attempt.hints or attempt.failed_runs:
        lines.append(f"Carried over from earlier: {attempt.hints} hint(s), {attempt.failed_runs} failed run(s).")
    return Notice("\n".join(lines))


class ExerciseSitting:
    """The learner at one exercise (see the module docstring)."""

    def __init__(self, exercise, drafts: Path, *, counts: bool = True, progress: ExerciseProgress | None = None):
        """``counts``: the card is new or due, so the attempt is a review; else
        practice. ``progress`` carries hints and failed runs across sittings of a
        counting attempt."""
        self.exercise, self.draft = exercise, Draft(drafts, exercise.id, exercise.starter)
        self.counts, self.practice = counts, not counts
        self.progress = progress if counts else None
        self.attempt = self.progress.resume(exercise) if self.progress else Attempt(exercise.starter)
        self.code = exercise.starter  # the editor's text as last heard of
        self.toasts: list[tuple[str, Severity]] = []  # (message, severity) for the screen to pop up
        draft, problem = self.draft.read()
        if problem:
            self.toasts.append((problem, "warning"))
        self.previous = draft if draft is not None and changed_from_starter(draft, exercise.starter) else None
        self.notice: Notice | None = self._opening()
        self.result: GradeResult | None = None  # the latest grade, shown until the next
        self.result_counted = True  # False: it graded the untouched starter
        self.hints_shown = 0
        self.choosing = False  # the rating is asked: 1-4, Enter or Esc
        self.reset_asked = False

    def _opening(self) -> Notice:
        return opening(self.counts, self.previous is not None, self.attempt, self.draft.earlier())

    # -- what is open -------------------------------------------------------------
    @property
    def editable(self) -> bool:
        return not (self.choosing or self.attempt.over)

    def allows(self, move: str) -> bool:
        """Rating moves only while the rating is asked (else 1-4 and Enter type
        code); editing moves only while editing."""
        if move in ("rate", "accept"):
            return self.choosing
        if move == "keep_editing":
            return self.choosing and not self.attempt.over
        if move == "toggle_count":
            return self.practice
        if move == "previous" and self.previous is None:
            return False
        if move == "own_editor":
            return self.editable
        return not (move in EDITING and self.choosing)

    def take_toasts(self) -> list[tuple[str, Severity]]:
        toasts, self.toasts = self.toasts, []
        return toasts

    # -- editing ------------------------------------------------------------------
    def edited(self, code: str) -> None:
        """The editor's text changed: a reset asked for before is taken back, and a line
        saying what was just put in the editor (the starter, the previous attempt) goes."""
        if code != self.code:
            self.code, self.reset_asked = code, False
            if self.notice is not None and self.notice.text in (RESTORED, PREVIOUS_LOADED):
                self.notice = None

    def save_draft(self) -> None:
        """Keep the code beside the database (never the untouched starter)."""
        problem = self.draft.save(self.code)
        if problem:
            self.toasts.append((problem, "error"))

    def reset(self, code: str) -> str | None:
        """F3: the starter to put in the editor on the second press in a row, else None."""
        self.edited(code)
        if not self.editable:
            return None
        if not self.reset_asked:
            self.reset_asked, self.notice = True, Notice(ASK_RESET, ASK)
            return None
        self.reset_asked, self.notice, self.code = False, Notice(RESTORED), self.exercise.starter
        return self.code

    def load_previous(self) -> str | None:
        """F5: the previous attempt to put in the editor (the pass is then Hard at most)."""
        if self.previous is None or not self.editable:
            return None
        self.attempt.borrow_previous()
        self.draft.built_on()
        self.reset_asked, self.notice, self.code = False, Notice(PREVIOUS_LOADED), self.previous
        return self.previous

    @property
    def file_name(self) -> str:
        """What the code is called outside the app (the learner's editor, the grader)."""
        return f"{self.exercise.id}.py"

    def from_own_editor(self, code: str, edited: Edited) -> str | None:
        """The learner's own editor, given ``code``, returned: its text to put in the editor, if it changed."""
        self.edited(code)
        if edited.problem:
            self.toasts.append((edited.problem, "error"))
            return None
        if edited.text is None or edited.text == self.code:
            self.toasts.append(("Your editor left the code unchanged. (An editor that returns at once "
                                "needs its wait flag: code --wait, gvim -f.)", "information"))
            return None
        self.edited(edited.text)
        self.save_draft()
        self.toasts.append(("Your editor's version is in (Ctrl+Z undoes it).", "information"))
        return edited.text

    # -- running, hints, giving up --------------------------------------------------
    def run(self, code: str) -> bool:
        """Ctrl+R: save the code and say the tests run; False when the attempt is over."""
        self.edited(code)
        self.reset_asked = False
        if self.attempt.over:
            return False
        self.save_draft()
        self.notice = Notice(RUNNING, BUSY)
        return True

    def graded(self, code: str, result: GradeResult) -> None:
        """The run of ``code`` came back; a pass ends the attempt."""
        if self.attempt.over:
            return  # gave up while it ran: the attempt is settled and its rating on screen
        self.result_counted = self.attempt.ran(code, result.passed)
        self.result, self.notice = result, None
        if result.passed:
            self._ended()
        elif self.result_counted:
            self._keep()

    def grade_failed(self, error: str) -> None:
        self.notice = Notice(f"Could not grade: {error}", ERROR)

    def hint(self) -> None:
        """F2: one more hint below the results (first those seen in an earlier sitting)."""
        self.reset_asked = False
        if self.attempt.over:
            return  # its rating is already shown
        hints = self.exercise.hints
        if not hints:
            self.toasts.append(("This exercise has no hints.", "information"))
            return
        self.notice = None
        if self.hints_shown < self.attempt.hints:
            self.hints_shown = self.attempt.hints
        else:
            self.hints_shown = min(self.hints_shown + 1, len(hints))
            self.attempt.took_hint(self.hints_shown)
            self._keep()

    def give_up(self) -> None:
        """F4: the attempt ends without a pass; the solution is shown."""
        self.reset_asked = False
        if not self.attempt.over:
            self.attempt.give_up()
            self.notice = None
            self._ended()

    def _keep(self) -> None:
        """Remember hints and failed runs of a counting attempt for the next sitting."""
        if self.progress is not None and self.counts and not self.progress.keep(self.exercise.id, self.attempt):
            self.toasts.append((f"Could not write {self.progress.path}: hints and failed runs are not remembered.",
                                "warning"))

    def _ended(self) -> None:
        """A pass or giving up: a review asks for the rating; practice only says so."""
        self.choosing = self.counts

    # -- counting and rating --------------------------------------------------------
    def toggle_count(self) -> None:
        """F6 (practice only): count this attempt as a review, or not again."""
        was = self._opening()
        self.counts = not self.counts
        self.toasts.append(("This attempt will count as a review." if self.counts
                            else "Practice: nothing is recorded.", "information"))
        self.choosing = self.counts and self.attempt.over
        if self.notice == was:  # the opening line, which says whether the attempt counts
            self.notice = self._opening()

    def keep_editing(self) -> None:
        """e, after Esc on an unfinished attempt: back to the code."""
        self.choosing, self.notice = False, Notice(KEEP_GOING)

    def rate(self, rating: int | None = None) -> Done | None:
        """1-4 (or Enter: ``None``, the suggestion) while the rating is asked."""
        return Done(self.attempt.rated(rating)) if self.choosing else None

    def leave(self) -> Done | None:
        """Esc: accepts an asked rating; after trying, asks it first; else closes with nothing."""
        if self.choosing:
            return self.rate()
        if self.counts and self.attempt.started:
            self.choosing = True  # leaving after trying: say what will be saved first
            return None
        return Done(None)
