"""The stats screen's interview part: readiness by topic and the reviews until the date.

Shown only with an interview date. The chart is one text bar per topic, the weakest
first (``█`` readiness now, ``▒`` what the plan adds by the day, from
:func:`quizapp.study.stats.readiness_bar`); the forecast is a bar per day from
today to the eve. Both read the ``"plan"`` object of the stats (``quizapp plan
--json``'s), which the screen's worker computed.
"""
from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual_plotext import PlotextPlot

from quizapp.tui.safe_static import SafeStatic

TOPIC_WIDTH = 24


class PlanPanel(Vertical):
    DEFAULT_CSS = """
    PlanPanel { height: auto; margin-top: 1; display: none; }
    PlanPanel #plan-topics { height: auto; padding: 0 1; }
    PlanPanel #plan-forecast { height: 12; }
    """

    def compose(self) -> ComposeResult:
        yield SafeStatic(id="plan-topics")
        yield PlotextPlot(id="plan-forecast")

    def show(self, plan: dict | None) -> None:
        """Write the chart of ``plan`` (``None``: hide the panel). The screen draws the
        forecast plot (``#plan-forecast``) as it draws its others, so all look alike."""
        self.display = plan is not None
        if plan is None:
            return
        from quizapp.study.plan import TOPIC_LIMIT, share
        from quizapp.study.stats import readiness_bar

        head = (f"Readiness by topic, weakest first: now {share(plan['readiness_now'])},"
                f" on {plan['interview_date']} {share(plan['readiness_on_date'])} if you keep the plan"
                f" (█ now, ▒ by the day)")
        rows = [f"{_fitted(row['topic']):<{TOPIC_WIDTH}} {readiness_bar(row['now'], row['on_date'])}"
                f" {share(row['now']):>5} → {share(row['on_date']):>5}" for row in plan["by_topic"][:TOPIC_LIMIT]]
        more = len(plan["by_topic"]) - len(rows)
        if more > 0:
            rows.append(f"… and {more} more topics (quizapp plan --json)")
        self.query_one("#plan-topics", SafeStatic).update("\n".join([head, *rows]))


def _fitted(topic: str) -> str:
    """The topic in its column, cut with an ellipsis ("tag:transposed-convoluti" is no word)."""
    return topic if len(topic) <= TOPIC_WIDTH else topic[:TOPIC_WIDTH - 1] + "…"
