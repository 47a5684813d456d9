"""The report at the end of a mock interview: score by topic, time per question,
what to study next and how readiness moved.

A report is a plain JSON-ready dict: ``quizapp mock --json`` prints it, the
history file keeps it (:mod:`quizapp.study.mock_history`) and the report
screen draws it with :func:`report_text`, so all three say the same. A topic
is a deck. The score counts a question as passed when it was rated anything
but Again (FSRS's recall); a skipped or not reached question counts as missed,
as in an interview. "Study next" names the topics with a missed question,
weakest first (lowest score, then lowest readiness after the mock), and their
missed cards; when nothing was missed, the least ready topics of the mock.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from quizapp.clock import iso, parse_iso, to_local
from quizapp.study.mock_plan import estimate_s, section
from quizapp.study.srs import RATING_NAMES
from quizapp.study.stats import format_duration

if TYPE_CHECKING:
    from quizapp.study.mock import Asked, MockInterview

STUDY_NEXT = 3  # topics named under "study next"


@dataclass(frozen=True)
class ReadinessSnapshot:
    """Readiness (FSRS predicted recall, 0-1) over the mock's decks, and by deck."""

    overall: float
    by_topic: Mapping[str, float] = field(default_factory=dict)


def ended_how(interview: MockInterview) -> str:
    if len(interview.asked) >= len(interview.questions):
        return "all asked"
    return "time up" if interview.timer.over else "stopped"


def _answer(asked: Asked) -> dict[str, Any]:
    card = asked.card
    return {"card_id": card.id, "deck": card.deck, "kind": card.kind, "level": card.level,
            "section": section(card), "seconds": round(asked.seconds, 1), "estimate_s": estimate_s(card),
            "rating": asked.rating, "correct": asked.correct, "passed": asked.passed,
            "answered": asked.rating is not None, "skipped": asked.skipped}


def _by_topic(answers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    topics: dict[str, list[dict[str, Any]]] = {}
    for answer in answers:
        topics.setdefault(answer["deck"], []).append(answer)
    return [{"topic": topic, "asked": len(rows), "answered": sum(r["answered"] for r in rows),
             "passed": sum(r["passed"] for r in rows), "score": round(sum(r["passed"] for r in rows) / len(rows), 3),
             "seconds": round(sum(r["seconds"] for r in rows), 1)} for topic, rows in topics.items()]


def build_report(interview: MockInterview, before: ReadinessSnapshot, after: ReadinessSnapshot,
                 finished_at: datetime) -> dict[str, Any]:
    """The report of ``interview``, readiness taken ``before`` it started and ``after`` it ended."""
    answers = [_answer(asked) for asked in interview.results()]
    by_topic = _by_topic(answers)
    passed = sum(a["passed"] for a in answers)
    options = interview.options
    return {
        "started_at": iso(interview.timer.started_at), "finished_at": iso(finished_at),
        "minutes": options.minutes, "decks": list(options.decks), "levels": list(options.levels),
        "elapsed_s": round(interview.timer.elapsed_s(), 1), "ended": ended_how(interview),
        "questions": len(answers), "answered": sum(a["answered"] for a in answers), "passed": passed,
        "score": round(passed / len(answers), 3) if answers else 0.0,
        "by_topic": by_topic, "answers": answers,
        "study_next": _study_next(by_topic, answers, after),
        "readiness": {"before": round(before.overall, 3), "after": round(after.overall, 3),
                      "by_topic": [{"topic": t["topic"], "before": round(before.by_topic.get(t["topic"], 0.0), 3),
                                    "after": round(after.by_topic.get(t["topic"], 0.0), 3)} for t in by_topic]},
    }


def _study_next(by_topic: list[dict[str, Any]], answers: list[dict[str, Any]],
                after: ReadinessSnapshot) -> list[dict[str, Any]]:
    def ready(topic: str) -> float:
        return after.by_topic.get(topic, 0.0)

    missed = [t for t in by_topic if t["passed"] < t["asked"]]
    ranked = sorted(missed or by_topic, key=lambda t: (t["score"], ready(t["topic"])))
    return [{"topic": t["topic"], "score": t["score"], "readiness": round(ready(t["topic"]), 3),
             "missed": [a["card_id"] for a in answers if a["deck"] == t["topic"] and not a["passed"]]}
            for t in ranked[:STUDY_NEXT]]


def _pct(value: float) -> str:
    return f"{value:.0%}"


def _ready(value: float) -> str:
    """Readiness to a tenth of a percent: a short mock over many cards moves it by less than one."""
    return f"{value:.1%}"


def report_text(report: Mapping[str, Any]) -> str:
    """The report as the screen shows it (plain text: card ids and deck names are shown, never obeyed)."""
    moved = report["readiness"]
    reached = sum(a["answered"] or a["skipped"] for a in report["answers"])
    unreached = f", {report['questions'] - reached} not reached" if reached < report["questions"] else ""
    lines = [f"Mock interview: {report['passed']} of {report['questions']} passed ({_pct(report['score'])}){unreached}"
             f" · {report['ended']} after {format_duration(report['elapsed_s'])} of {report['minutes']}m",
             f"Readiness tomorrow {_ready(moved['before'])} → {_ready(moved['after'])}", "", "By topic"]
    for topic, change in zip(report["by_topic"], moved["by_topic"], strict=True):
        moved_by = f"ready {_ready(change['before'])} → {_ready(change['after'])}"
        topic_reached = any(a["answered"] or a["skipped"] for a in report["answers"] if a["deck"] == topic["topic"])
        took = format_duration(topic["seconds"]) if topic_reached else "not reached"
        lines.append(f"  {topic['topic']:<18} {topic['passed']}/{topic['asked']}  {_pct(topic['score']):>4}"
                     f"  {took:>11}  {moved_by}")
    lines += ["", "Questions"]
    for a in report["answers"]:
        got = RATING_NAMES[a["rating"]] if a["rating"] else ("skipped" if a["skipped"] else "not reached")
        took = format_duration(a["seconds"]) if a["answered"] or a["skipped"] else "–"
        lines.append(f"  {'✓' if a['passed'] else '✗'} {a['card_id']:<38} {got:<11} {took:>7}")
    lines += ["", "Study next"]
    for item in report["study_next"]:
        missed = f": {', '.join(item['missed'])}" if item["missed"] else ""
        lines.append(f"  {item['topic']} ({_pct(item['score'])}, ready {_ready(item['readiness'])}){missed}")
    return "\n".join(lines)


def history_line(report: Mapping[str, Any], tz: tzinfo | None = None) -> str:
    """One past mock on one line, for ``quizapp mock --history`` (its start in ``tz``, the
    machine's zone when None)."""
    decks = ",".join(report["decks"]) or "all decks"
    moved = report["readiness"]
    started = to_local(parse_iso(report["started_at"]), tz).strftime("%Y-%m-%d %H:%M")
    return (f"{started}  {report['minutes']:>3}m  "
            f"{report['passed']:>2}/{report['questions']:<2} {_pct(report['score']):>4}  "
            f"ready {_ready(moved['before'])} → {_ready(moved['after'])}  {decks}")
