"""Sales analytics: report (funnel, win rate, cycle time, forecast, ranking, profit margin, lifetime value,
aging) over a period, optionally for one customer."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field

from bot.intents.command import CUSTOMER, Command, Text, When
from bot.intents.rules import slots_work
from bot.intents.rules.features import Features
from bot.intents.rules.signals import Signals
from bot.intents.spec import IntentSpec, L, R, cues
from bot.intents.vocabulary import ReportKind


class Report(Command):
    """A sales report or chart."""

    intent: Literal["report"] = "report"
    kind: ReportKind | None = Field(None, description="which report: funnel, win_rate, cycle (time per stage), "
                                                       "forecast, ranking (team), profit (project margin), clv "
                                                       "(customer lifetime value), aging (receivables)")
    customer: Text | None = Field(None, description=CUSTOMER + " (profit, clv and aging of one customer)")
    since: When | None = Field(None, description="the first day of the period asked about ('this month' → its "
                                                 "1st, 'Q4' → 1 Oct)")
    until: When | None = Field(None, description="the last day of the period asked about")


_REPORT = cues(
    (rf"{L}(?:report|reports|analysis|analytics|dashboard|breakdown|stats){R}|报表|报告|分析|看板|统计", 1),
)


# A margin *rate* (利润率, "profit margin") is the report's figure; "margin on Acme", 利润多少 ask query_margin.
_MARGIN_RATE = re.compile(rf"{L}(?:profit margins?|margin rates?|profitability (?:report|by|of)){R}|利润率|毛利率",
                          re.IGNORECASE)


def _score_report(f: Features, s: Signals, own: float) -> float:
    if not f.reports:
        return 0  # "report" alone is no report without a kind (a daily report, a visit report …)
    kind = f.reports[0].value
    score = own + 4 + (1 if kind == "aging" else 0)
    if kind == "profit" and _MARGIN_RATE.search(f.text):
        score += 1.5
    if f.channels and s.customer:
        score -= 3  # "called acme about the forecast": an interaction
    return score


SPECS = (
    IntentSpec(
        name="report", command=Report, writes=False, order=90, required=("kind",), cues=_REPORT,
        scorer=_score_report, filler=slots_work.report, help="help.report",
        examples={"en": ("show me the sales funnel", "win rate last quarter", "forecast for next month"),
                  "zh": ("销售漏斗", "本季度预测", "应收账龄")},
        handler="bot.handlers.sales_reports:ReportHandler",
    ),
)
