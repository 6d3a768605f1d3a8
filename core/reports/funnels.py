"""The sales funnel (销售漏斗): of the deals created in the period, how many reached each stage, with their
amount, and how many of those went on to the next stage.

A deal "reached" a stage when its stage history (or its current stage) went there or further along the path
lead → qualified → proposal → negotiation → won; a deal that skipped a stage still passed through it (a deal
won straight from proposal counts as having been in negotiation). Lost deals count up to the furthest stage they
were in before they were lost. Conversion is reached(next stage) ÷ reached(stage). One SQL pass, grouped by
currency, through the actor's scoped session (a rep counts their own deals, a manager the team's)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import BaseModel
from sqlalchemy import case, func, select

from core.context import ServiceContext
from core.models import Deal, DealStageChange
from core.reports.common import FUNNEL_STAGES, Amounts, add, percent, stage_index
from core.reports.period import Period

# "Reached no stage on the path" (lost straight away, or no history): below every stage index.
NOWHERE = -1


class FunnelStage(BaseModel):
    stage: str
    count: int
    amounts: Amounts
    # reached(next stage) ÷ reached(this stage), in percent; None for won and for a stage nobody reached.
    conversion_percent: Decimal | None = None


class Funnel(BaseModel):
    period: Period
    deals: int  # created in the period
    lost: int  # of them, lost by now
    stages: list[FunnelStage]

    @property
    def empty(self) -> bool:
        return self.deals == 0

    @property
    def won_percent(self) -> Decimal | None:
        """Created in the period and won by now."""
        return percent(self.stages[-1].count, self.deals)


def funnel(ctx: ServiceContext, period: Period) -> Funnel:
    start, end = period.bounds(ctx.actor.timezone)
    # One row per deal of the cohort: its history joined on and folded into the furthest stage it reached. The
    # join (rather than a union of history and current stages, regrouped) keeps the planner's estimates sound
    # and lets it walk (deal_id, to_stage) in deal order; only the cohort's history is read.
    current = func.coalesce(stage_index(Deal.stage), NOWHERE)
    past = func.coalesce(func.max(stage_index(DealStageChange.to_stage)), NOWHERE)
    per_deal = (select(Deal.currency, Deal.amount, Deal.stage,
                       case((past > current, past), else_=current).label("reached"))
                .outerjoin(DealStageChange, DealStageChange.deal_id == Deal.id)
                .where(Deal.created_at >= start, Deal.created_at < end)
                .group_by(Deal.id)
                .subquery())
    reached = per_deal.c.reached
    columns: list[Any] = []
    for index in range(len(FUNNEL_STAGES)):
        columns.append(func.count(case((reached >= index, 1))))
        columns.append(func.sum(case((reached >= index, per_deal.c.amount))))
    query = (select(per_deal.c.currency, func.count(), func.count(case((per_deal.c.stage == "lost", 1))), *columns)
             .group_by(per_deal.c.currency))
    counts = [0] * len(FUNNEL_STAGES)
    amounts: list[Amounts] = [{} for _ in FUNNEL_STAGES]
    deals = lost = 0
    for currency, total, lost_here, *per_stage in ctx.session.execute(query).all():
        deals += int(total)
        lost += int(lost_here)
        for index in range(len(FUNNEL_STAGES)):
            counts[index] += int(per_stage[2 * index] or 0)
            add(amounts[index], currency, per_stage[2 * index + 1])
    stages = []
    for index, stage in enumerate(FUNNEL_STAGES):
        following = counts[index + 1] if index + 1 < len(FUNNEL_STAGES) else None
        conversion = percent(following, counts[index]) if following is not None else None
        stages.append(FunnelStage(stage=stage, count=counts[index], amounts=amounts[index],
                                  conversion_percent=conversion))
    return Funnel(period=period, deals=deals, lost=lost, stages=stages)
