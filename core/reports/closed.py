"""Deals closed in a period: won or lost, by the time of the stage change that closed them (the latest one, so
a deal won, reopened and won again counts once, when it was won last). A deal reopened since is not closed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import func, select

from core.context import ServiceContext
from core.models import Deal, DealStageChange, User
from core.reports.common import CLOSED_STAGES
from core.reports.period import Period


@dataclass(frozen=True)
class ClosedDeal:
    deal_id: int
    owner_id: int
    owner: str
    won: bool
    amount: Decimal | None
    currency: str
    closed_at: datetime


def closed_in(ctx: ServiceContext, period: Period) -> list[ClosedDeal]:
    start, end = period.bounds(ctx.actor.timezone)
    # Deals with a closing change in the period (the index on changed_at finds them), then each one's last.
    candidates = select(DealStageChange.deal_id).where(DealStageChange.to_stage.in_(CLOSED_STAGES),
                                                       DealStageChange.changed_at >= start,
                                                       DealStageChange.changed_at < end)
    closing = (select(DealStageChange.deal_id.label("deal_id"),
                      func.max(DealStageChange.changed_at).label("closed_at"))
               .where(DealStageChange.to_stage.in_(CLOSED_STAGES), DealStageChange.deal_id.in_(candidates))
               .group_by(DealStageChange.deal_id).subquery())
    query = (select(Deal.id, Deal.owner_id, User.name, Deal.stage, Deal.amount, Deal.currency, closing.c.closed_at)
             .join(closing, closing.c.deal_id == Deal.id).join(User, User.id == Deal.owner_id)
             .where(Deal.stage.in_(CLOSED_STAGES), closing.c.closed_at >= start, closing.c.closed_at < end)
             .order_by(Deal.id))
    return [ClosedDeal(row[0], row[1], row[2], row[3] == "won", row[4], row[5], _aware(row[6]))
            for row in ctx.session.execute(query).all()]


def _aware(value: datetime) -> datetime:
    # An aggregate loses the column's type on SQLite (a naive UTC value, or its text, comes back).
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
