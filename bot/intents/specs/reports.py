"""Sales analytics: report. Written, not registered yet."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from bot.intents.command import Command
from bot.intents.rules import slots_work
from bot.intents.rules.features import Features
from bot.intents.rules.signals import Signals
from bot.intents.spec import IntentSpec, L, R, cues
from bot.intents.vocabulary import ReportKind


class Report(Command):
    """A sales report or chart."""

    intent: Literal["report"] = "report"
    kind: ReportKind | None = Field(None, description="which report")


_REPORT = cues(
    (rf"{L}(?:report|reports|analysis|analytics|dashboard|breakdown|stats){R}|报表|报告|分析|看板|统计", 1),
)


def _score_report(f: Features, s: Signals, own: float) -> float:
    if not f.reports:
        return 0  # "report" alone is no report without a kind (a daily report, a visit report …)
    score = own + 4 + (1 if f.reports[0].value == "aging" else 0)
    if f.channels and s.customer:
        score -= 3  # "called acme about the forecast": an interaction
    return score


SPECS = (
    IntentSpec(
        name="report", command=Report, writes=False, order=90, required=("kind",), cues=_REPORT,
        scorer=_score_report, filler=slots_work.report, help="help.report",
        examples={"en": ("show me the sales funnel",), "zh": ("应收账龄报表",)},
        handler=None,  # reports have no handler yet
    ),
)
