"""What the exercise editor's results pane says, built from the sitting's state.

Kept apart from the screen so the screen module holds only behaviour; these
build Rich text from plain facts (:class:`~quizapp.study.exercise_sitting.ExerciseSitting`)
and touch no widget. Three parts, as the pane shows them: the headline (the rating
asked for, the practice note, or what the last move said), the body (the latest
results, the reference solution once the attempt is over) and the hints seen.
"""
from __future__ import annotations

from rich.text import Text

from quizapp.study.exercise_sitting import ASK, BUSY, ERROR, ExerciseSitting
from quizapp.study.srs import RATING_NAMES

MARK = {True: ("✓", "green"), False: ("✗", "red")}
TONES = {BUSY: "italic", ASK: "bold yellow", ERROR: "red"}
PRACTICE_OVER = "Practice: nothing is recorded. F6 counts this attempt; Esc goes back."
UNTOUCHED = "This is the untouched starter: nothing is recorded for running it."


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


def rating_prompt(attempt) -> Text:
    """The suggestion and the keys."""
    shown = Text(f"Suggested: {attempt.why()}\n", style="bold")
    shown.append(" · ".join(f"{r} {name}" for r, name in RATING_NAMES.items()) + " · Enter or Esc: accept it")
    if not attempt.over:
        shown.append(" · e: keep editing")
    return shown


def headline(sitting: ExerciseSitting) -> Text:
    if sitting.choosing:
        return rating_prompt(sitting.attempt)
    if sitting.attempt.over and not sitting.counts:
        return Text(PRACTICE_OVER, style="bold")
    notice = sitting.notice
    return Text() if notice is None else Text(notice.text, style=TONES.get(notice.tone, ""))


def body(sitting: ExerciseSitting) -> Text:
    """The latest results (a pass with the reference solution to compare), or the
    solution alone after giving up."""
    exercise, text = sitting.exercise, Text()
    if sitting.attempt.gave_up:
        return Text.assemble(("Reference solution:\n\n", "bold"), exercise.solution)
    if sitting.result is not None:
        text = grade_text(sitting.result)
        if not sitting.result_counted:
            text.append("\n" + UNTOUCHED, style="italic")
        if sitting.result.passed:
            text.append("\n\nReference solution:\n", style="bold")
            text.append(exercise.solution)
    return text


def hints(sitting: ExerciseSitting) -> Text:
    """The hints seen so far, each numbered, in the order given."""
    given = sitting.exercise.hints
    return Text("\n\n".join(f"Hint {i + 1}/{len(given)}: {h}" for i, h in enumerate(given[:sitting.hints_shown])))
