"""Average cycle time per stage (阶段周期): how long deals stayed in each open stage, from the stage history.

A stay in a stage runs from the change that moved the deal into it to the next change; it counts in the period
when the deal left the stage within the period (a stay still going has no length yet). Days are calendar time
(fractions kept, shown to one decimal). Also: the average days from a deal's creation to its win, for the deals
won in the period. History rows are read through the scoped session (a deal's history follows the deal)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

from pydantic import BaseModel
from sqlalchemy import select

from core.context import ServiceContext
from core.models import OPEN_STAGES, DealStageChange
from core.reports.common import TENTH
from core.reports.period import Period

_DAY = 86400


class StageTime(BaseModel):
    stage: str
    stays: int  # how many stays ended in the period
    average_days: Decimal | None


class CycleTime(BaseModel):
    period: Period
    stages: list[StageTime]
    won: int  # deals won in the period
    average_days_to_win: Decimal | None

    @property
    def empty(self) -> bool:
        return all(s.stays == 0 for s in self.stages) and self.won == 0


def _days(seconds: float) -> Decimal:
    return (Decimal(seconds) / _DAY).quantize(TENTH, rounding=ROUND_HALF_UP)


def cycle_time(ctx: ServiceContext, period: Period) -> CycleTime:
    start, end = period.bounds(ctx.actor.timezone)
    touched = select(DealStageChange.deal_id).where(DealStageChange.changed_at >= start,
                                                    DealStageChange.changed_at < end)
    query = (select(DealStageChange.deal_id, DealStageChange.to_stage, DealStageChange.changed_at)
             .where(DealStageChange.deal_id.in_(touched))
             .order_by(DealStageChange.deal_id, DealStageChange.changed_at, DealStageChange.id))
    spent: dict[str, list[float]] = defaultdict(list)
    to_win: list[float] = []
    history: dict[int, list[tuple[str, datetime]]] = defaultdict(list)
    for deal_id, stage, at in ctx.session.execute(query).all():
        history[deal_id].append((stage, at))
    for changes in history.values():
        for (stage, entered), (following, left) in pairwise(changes):
            if start <= left < end:
                if stage in OPEN_STAGES:
                    spent[stage].append((left - entered).total_seconds())
                if following == "won" and stage != "won":
                    to_win.append((left - changes[0][1]).total_seconds())
    stages = [StageTime(stage=stage, stays=len(spent[stage]),
                        average_days=_days(sum(spent[stage]) / len(spent[stage])) if spent[stage] else None)
              for stage in OPEN_STAGES]
    average = _days(sum(to_win) / len(to_win)) if to_win else None
    return CycleTime(period=period, stages=stages, won=len(to_win), average_days_to_win=average)
