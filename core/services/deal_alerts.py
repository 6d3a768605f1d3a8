"""What deal alerts (异常预警) are made of: open deals with their last sign of life, open deals whose expected close
date has passed, and open deals with milestones. System-wide scans for the scheduler; `open_deals` also answers,
in any unit, whether one deal is still as quiet as an alert said.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select

from core.context import SystemContext, Unit
from core.models import OPEN_STAGES, Customer, Deal, DealStageChange, Interaction


@dataclass(frozen=True)
class OpenDeal:
    deal: Deal
    customer: str
    last_activity: datetime


def open_deals(unit: Unit, deal_id: int | None = None) -> list[OpenDeal]:
    """Open deals with their customer's name and the last sign of life (interaction, stage change, edit)."""
    last_touch = (
        select(func.max(Interaction.occurred_at)).where(Interaction.customer_id == Deal.customer_id)
        .correlate(Deal).scalar_subquery()
    )
    last_move = (
        select(func.max(DealStageChange.changed_at)).where(DealStageChange.deal_id == Deal.id)
        .correlate(Deal).scalar_subquery()
    )
    query = (
        select(Deal, Customer.name, last_touch, last_move)
        .join(Customer, Customer.id == Deal.customer_id)
        .where(Deal.stage.in_(OPEN_STAGES))
        .order_by(Deal.id)
    )
    if deal_id is not None:
        query = query.where(Deal.id == deal_id)
    out = []
    for deal, customer, touched, moved in unit.session.execute(query).all():
        # Aggregates come back naive from SQLite (no type to convert them): they are UTC.
        stamps = [deal.updated_at, deal.created_at, *(_aware(v) for v in (touched, moved) if v is not None)]
        out.append(OpenDeal(deal, customer, max(stamps)))
    return out


def _aware(value: datetime | str) -> datetime:
    instant = datetime.fromisoformat(value) if isinstance(value, str) else value
    return instant if instant.tzinfo is not None else instant.replace(tzinfo=UTC)


@dataclass(frozen=True)
class DealRow:
    deal: Deal
    customer: str


def closing_between(system: SystemContext, first: date, last: date) -> list[DealRow]:
    """Open deals whose expected close date lies in [first, last]."""
    query = (
        select(Deal, Customer.name).join(Customer, Customer.id == Deal.customer_id)
        .where(Deal.stage.in_(OPEN_STAGES), Deal.expected_close_date.is_not(None))
        .where(Deal.expected_close_date >= first, Deal.expected_close_date <= last)
        .order_by(Deal.id)
    )
    return [DealRow(row[0], row[1]) for row in system.session.execute(query).all()]


def with_milestones(system: SystemContext) -> list[DealRow]:
    """Open deals that have milestones."""
    query = (
        select(Deal, Customer.name).join(Customer, Customer.id == Deal.customer_id)
        .where(Deal.stage.in_(OPEN_STAGES)).order_by(Deal.id)
    )
    return [DealRow(row[0], row[1]) for row in system.session.execute(query).all() if row[0].milestones]


def open_deal(unit: Unit, deal_id: int) -> Deal | None:
    """The deal if it exists (for the unit) and is still open."""
    deal = unit.session.get(Deal, deal_id)
    return deal if deal is not None and deal.stage in OPEN_STAGES else None
