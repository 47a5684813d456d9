"""What the exercise editor says: grade results, the opening note, the rating prompt.

Kept apart from the screen so the screen module holds only behaviour; these
build Rich text from plain facts and touch no widget.
"""
from __future__ import annotations

from rich.text import Text

from quizapp.study.srs import RATING_NAMES

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


def opening_text(counts: bool, has_previous: bool, attempt) -> str:
    """Whether this is a review or practice, and that the previous attempt is one key away."""
    lines = ["Ctrl+R runs the tests · F2 hint · F3 reset · F4 give up"]
    if counts:
        lines.append("Review: you start from the starter code; the attempt counts for spaced repetition.")
    else:
        lines.append("Practice (not due): nothing is recorded. F6 counts this attempt as a review.")
    if has_previous:
        lines.append("Your previous attempt is saved: F5 loads it (a pass with it is rated Hard at most).")
    if attempt.hints or attempt.failed_runs:
        lines.append(f"Carried over from earlier: {attempt.hints} hint(s), {attempt.failed_runs} failed run(s).")
    return "\n\n".join(lines)


def rating_prompt(attempt, outcome: Text | None) -> Text:
    """The suggestion and the keys, above the pass or give-up it follows."""
    shown = Text(f"Suggested: {attempt.why()}\n", style="bold")
    shown.append(" · ".join(f"{r} {name}" for r, name in RATING_NAMES.items()) + " · Enter or Esc: accept it")
    if not attempt.over:
        shown.append(" · e: keep editing")
    if outcome is not None:
        shown.append("\n\n")
        shown.append_text(outcome)
    return shown


def solution_text(solution: str) -> Text:
    """Giving up: the reference solution."""
    text = Text("Reference solution:\n\n", style="bold")
    text.append(solution)
    return text


def passed_text(results: Text, solution: str) -> Text:
    """A pass: the results, then the reference solution to compare with."""
    results.append("\n\nReference solution:\n", style="bold")
    results.append(solution)
    return results


def hints_text(hints: list[str], shown: int) -> str:
    """The first ``shown`` hints, each numbered, so earlier ones stay in view."""
    return "\n\n".join(f"Hint {i + 1}/{len(hints)}: {h}" for i, h in enumerate(hints[:shown]))
