"""Forecast (销售预测): the open pipeline weighted by win probability, by expected close month.

- weighted = amount × the deal's probability (the rep's, else its stage's default, as the deal holds it);
- **commit** = the weighted amount of deals the team should land: probability ≥ 70 % or a stage at or past
  negotiation (the last open stage; there is no separate contract stage — a signed contract wins the deal);
- **best case** = the weighted amount of every open deal closing in the month.
Deals closing in the period (by expected close date, as recorded) are counted; open deals without a close date
are reported apart (`undated`), never spread over months. Amounts are per currency, never converted."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel
from sqlalchemy import case, func, or_, select

from core.context import ServiceContext
from core.models import OPEN_STAGES, STAGES, Deal
from core.reports.common import Amounts, add
from core.reports.period import Period, months_between

COMMIT_PROBABILITY = 70
COMMIT_STAGES: tuple[str, ...] = tuple(s for s in OPEN_STAGES if STAGES.index(s) >= STAGES.index("negotiation"))


def is_commit(stage: str, probability: int) -> bool:
    return probability >= COMMIT_PROBABILITY or stage in COMMIT_STAGES


class ForecastMonth(BaseModel):
    month: date  # its first day
    deals: int = 0
    amounts: Amounts = {}  # unweighted
    commit: Amounts = {}
    best_case: Amounts = {}


class Forecast(BaseModel):
    period: Period
    months: list[ForecastMonth]
    commit: Amounts
    best_case: Amounts
    undated_deals: int
    undated_best_case: Amounts

    @property
    def empty(self) -> bool:
        return all(m.deals == 0 for m in self.months)


def forecast(ctx: ServiceContext, period: Period) -> Forecast:
    months = {first: ForecastMonth(month=first, amounts={}, commit={}, best_case={})
              for first in months_between(period.start, period.end)}
    commit: Amounts = {}
    best: Amounts = {}
    undated = 0
    undated_best: Amounts = {}
    committed = case((or_(Deal.probability >= COMMIT_PROBABILITY, Deal.stage.in_(COMMIT_STAGES)), True),
                     else_=False)
    # One row per close day, currency and commit-or-not (a few hundred), summed in SQL.
    query = (select(Deal.expected_close_date, Deal.currency, committed, func.count(Deal.id), func.sum(Deal.amount),
                    func.sum(Deal.amount * Deal.probability) / 100)
             .where(Deal.stage.in_(OPEN_STAGES))
             .where((Deal.expected_close_date.is_(None))
                    | (Deal.expected_close_date.between(period.start, period.end)))
             .group_by(Deal.expected_close_date, Deal.currency, committed))
    for close, currency, is_committed, count, amount, value in ctx.session.execute(query).all():
        if close is None:
            undated += int(count)
            add(undated_best, currency, value or 0)
            continue
        month = months[close.replace(day=1)]
        month.deals += int(count)
        add(month.amounts, currency, amount)
        add(month.best_case, currency, value or 0)
        add(best, currency, value or 0)
        if is_committed:
            add(month.commit, currency, value or 0)
            add(commit, currency, value or 0)
    return Forecast(period=period, months=list(months.values()), commit=commit, best_case=best,
                    undated_deals=undated, undated_best_case=undated_best)
