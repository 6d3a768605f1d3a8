"""Deals (商机管理): create, move through the stages with history, and query the pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, select

from core import audit
from core.context import ServiceContext
from core.errors import NotFound, PermissionDenied
from core.models import OPEN_STAGES, STAGE_PROBABILITY, STAGES, Customer, Deal, DealStageChange, User
from core.permissions import may_assign_to, owned_scope, require_write
from core.services import customers
from core.services import validation as v


def visible(ctx: ServiceContext, *, for_write: bool = False) -> Select[Deal]:
    return select(Deal).where(owned_scope(ctx.actor, Deal.owner_id, for_write=for_write))


def get(ctx: ServiceContext, deal_id: int, *, for_write: bool = False) -> Deal:
    if not for_write:
        found = ctx.session.scalar(visible(ctx).where(Deal.id == deal_id))
        if found is None:
            raise NotFound(entity="deal")
        return found
    deal = ctx.session.get(Deal, deal_id)
    if deal is None:
        raise NotFound(entity="deal")
    team = ctx.session.scalar(select(User.team_id).where(User.id == deal.owner_id))
    require_write(ctx.actor, deal.owner_id, team, "deal")
    return deal


def create(
    ctx: ServiceContext,
    customer_id: int,
    title: str,
    *,
    amount: Decimal | None = None,
    currency: str | None = None,
    stage: str = "lead",
    probability: int | None = None,
    close_date: date | None = None,
    custom_fields: dict[str, Any] | None = None,
    owner_id: int | None = None,
) -> Deal:
    customer = customers.get(ctx, customer_id, for_write=True)
    owner = ctx.session.get(User, owner_id or ctx.actor.user_id)
    if owner is None or not may_assign_to(ctx.actor, owner):
        raise PermissionDenied(entity="deal")
    stage = v.choice(stage, STAGES, "stage") or "lead"
    now = ctx.now()
    deal = Deal(
        customer_id=customer.id,
        title=v.required_text(title, "title"),
        amount=v.amount(amount),
        currency=v.currency(currency, ctx.defaults.currency),
        stage=stage,
        probability=_probability(stage, probability),
        expected_close_date=close_date,
        owner_id=owner.id,
        custom_fields=dict(custom_fields or {}),
        milestones=[],
        created_at=now,
        updated_at=now,
    )
    ctx.session.add(deal)
    audit.record(ctx, "create_deal", deal, None)
    _record_stage(ctx, deal, None)
    return deal


def _probability(stage: str, given: int | float | None) -> int:
    if stage in ("won", "lost"):
        return STAGE_PROBABILITY[stage]
    checked = v.probability(given)
    return STAGE_PROBABILITY[stage] if checked is None else checked


def _record_stage(ctx: ServiceContext, deal: Deal, from_stage: str | None) -> None:
    change = DealStageChange(
        deal_id=deal.id, from_stage=from_stage, to_stage=deal.stage, changed_by_id=ctx.actor.user_id,
        changed_at=ctx.now(),
    )
    ctx.session.add(change)
    audit.record(ctx, "stage_change", change, None)


@dataclass
class DealChanges:
    stage: str | None = None
    amount: Decimal | None = None
    currency: str | None = None
    close_date: date | None = None
    probability: int | None = None
    title: str | None = None
    lost_reason: str | None = None
    custom_fields: dict[str, Any] = field(default_factory=dict)

    def is_empty(self) -> bool:
        return not self.custom_fields and all(
            getattr(self, name) is None
            for name in ("stage", "amount", "currency", "close_date", "probability", "title", "lost_reason")
        )


def update(ctx: ServiceContext, deal_id: int, changes: DealChanges) -> Deal:
    deal = get(ctx, deal_id, for_write=True)
    before = audit.snapshot(deal)
    from_stage = deal.stage
    if changes.stage is not None:
        deal.stage = v.choice(changes.stage, STAGES, "stage") or deal.stage
    if changes.amount is not None:
        deal.amount = v.amount(changes.amount)
    if changes.currency is not None:
        deal.currency = v.currency(changes.currency, deal.currency)
    if changes.close_date is not None:
        deal.expected_close_date = changes.close_date
    if changes.title is not None:
        deal.title = v.required_text(changes.title, "title")
    if changes.lost_reason is not None:
        deal.lost_reason = v.clean_text(changes.lost_reason, "lost_reason", limit=1000)
    if changes.custom_fields:
        deal.custom_fields = {**deal.custom_fields, **changes.custom_fields}
    if changes.probability is not None or deal.stage != from_stage:
        deal.probability = _probability(deal.stage, changes.probability)
    deal.updated_at = ctx.now()
    audit.record(ctx, "update_deal", deal, before)
    if deal.stage != from_stage:
        _record_stage(ctx, deal, from_stage)
    return deal


def query(
    ctx: ServiceContext,
    *,
    customer_id: int | None = None,
    stage: str | None = None,
    open_only: bool = True,
    closing_from: date | None = None,
    closing_to: date | None = None,
    mine_only: bool = False,
    limit: int = 20,
) -> list[Deal]:
    q = visible(ctx)
    if customer_id is not None:
        q = q.where(Deal.customer_id == customer_id)
    if stage is not None:
        q = q.where(Deal.stage == v.choice(stage, STAGES, "stage"))
    elif open_only:
        q = q.where(Deal.stage.in_(OPEN_STAGES))
    if closing_from is not None:
        q = q.where(Deal.expected_close_date >= closing_from)
    if closing_to is not None:
        q = q.where(Deal.expected_close_date <= closing_to)
    if mine_only:
        q = q.where(Deal.owner_id == ctx.actor.user_id)
    q = q.order_by(Deal.expected_close_date.is_(None), Deal.expected_close_date, Deal.id).limit(limit)
    return list(ctx.session.scalars(q).all())


@dataclass(frozen=True)
class StageTotal:
    stage: str
    count: int
    # Amounts are never added across currencies.
    amounts: dict[str, Decimal]


def pipeline(ctx: ServiceContext, *, mine_only: bool = False, customer_id: int | None = None) -> list[StageTotal]:
    """Count and amount (per currency) for each open stage."""
    q = (
        visible(ctx)
        .with_only_columns(Deal.stage, Deal.currency, func.count(Deal.id), func.coalesce(func.sum(Deal.amount), 0))
        .where(Deal.stage.in_(OPEN_STAGES))
        .group_by(Deal.stage, Deal.currency)
    )
    if mine_only:
        q = q.where(Deal.owner_id == ctx.actor.user_id)
    if customer_id is not None:
        q = q.where(Deal.customer_id == customer_id)
    counts: dict[str, int] = {}
    amounts: dict[str, dict[str, Decimal]] = {}
    for stage, currency, count, total in ctx.session.execute(q).all():
        counts[stage] = counts.get(stage, 0) + int(count)
        amounts.setdefault(stage, {})[currency] = Decimal(str(total))
    return [StageTotal(s, counts.get(s, 0), amounts.get(s, {})) for s in OPEN_STAGES]


def customer_names(ctx: ServiceContext, deals: list[Deal]) -> dict[int, str]:
    ids = {d.customer_id for d in deals}
    if not ids:
        return {}
    rows = ctx.session.execute(select(Customer.id, Customer.name).where(Customer.id.in_(ids))).all()
    return {row.id: row.name for row in rows}


def history(ctx: ServiceContext, deal_id: int) -> list[DealStageChange]:
    get(ctx, deal_id)
    q = select(DealStageChange).where(DealStageChange.deal_id == deal_id).order_by(DealStageChange.id)
    return list(ctx.session.scalars(q).all())
