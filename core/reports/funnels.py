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
from sqlalchemy import case, func, select, union_all

from core.context import ServiceContext
from core.models import Deal, DealStageChange
from core.reports.common import FUNNEL_STAGES, Amounts, add, percent, stage_index
from core.reports.period import Period


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
    created = (Deal.created_at >= start, Deal.created_at < end)
    # Only the cohort's history is walked (not every change ever made).
    cohort = select(Deal.id).where(*created)
    history = (select(DealStageChange.deal_id.label("deal_id"), stage_index(DealStageChange.to_stage).label("idx"))
               .where(DealStageChange.deal_id.in_(cohort)))
    current = select(Deal.id.label("deal_id"), stage_index(Deal.stage).label("idx")).where(*created)
    steps = union_all(history, current).subquery()
    reached = (select(steps.c.deal_id, func.max(steps.c.idx).label("reached"))
               .group_by(steps.c.deal_id).subquery())
    columns: list[Any] = []
    for index in range(len(FUNNEL_STAGES)):
        columns.append(func.count(case((reached.c.reached >= index, 1))))
        columns.append(func.sum(case((reached.c.reached >= index, Deal.amount))))
    query = (select(Deal.currency, func.count(Deal.id), func.count(case((Deal.stage == "lost", 1))), *columns)
             .join(reached, reached.c.deal_id == Deal.id)
             .where(*created)
             .group_by(Deal.currency))
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
