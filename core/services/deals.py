"""Deals (商机管理): create, move through the stages with history, and query the pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, select

from core import audit
from core.context import ServiceContext
from core.errors import NotFound, PermissionDenied
from core.models import OPEN_STAGES, STAGE_PROBABILITY, STAGES, Customer, Deal, DealStageChange, User
from core.permissions import may_assign_to, require_change, require_may_change
from core.scoping import CUSTOMER_NAMES, owner_clause
from core.services import customers, projects, webhooks
from core.services import validation as v
from core.services.batching import WriteBatch, record


def visible(ctx: ServiceContext, *, for_write: bool = False) -> Select[Deal]:
    """Deals the actor may read (the session applies that) or, with `for_write`, change."""
    query = select(Deal)
    if for_write:
        query = query.where(owner_clause(ctx.actor, ctx.actor.change_scope("deal"), Deal.owner_id))
    return query


def get(ctx: ServiceContext, deal_id: int, *, for_write: bool = False, batch: WriteBatch | None = None) -> Deal:
    deal = ctx.session.get(Deal, deal_id)
    if deal is None:
        raise NotFound(entity="deal")
    if for_write:
        team = customers.team_of(ctx, deal.owner_id) if batch is None else batch.team_of(deal.owner_id)
        require_change(ctx.actor, "deal", deal.owner_id, team)
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
    batch: WriteBatch | None = None,
) -> Deal:
    require_may_change(ctx.actor, "deal")
    customer = customers.get(ctx, customer_id, for_write=True, batch=batch)
    owner_key = owner_id or ctx.actor.user_id
    owner = ctx.session.get(User, owner_key) if batch is None else batch.user(owner_key)
    if owner is None or not owner.active or not may_assign_to(ctx.actor, "deal", owner.id, owner.team_id):
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
        manual_probability=None if stage in ("won", "lost") else v.probability(probability),
        expected_close_date=close_date,
        owner_id=owner.id,
        custom_fields=dict(custom_fields or {}),
        milestones=[],
        created_at=now,
        updated_at=now,
    )
    ctx.session.add(deal)
    record(ctx, batch, "create_deal", deal, None)
    if batch is None:
        _record_stage(ctx, deal, None)
        _after_stage_change(ctx, deal, None)
    else:  # the history row needs the deal's id: written when the batch inserts its deals
        batch.later(lambda: _created_in_batch(ctx, deal, batch))
    return deal


def _created_in_batch(ctx: ServiceContext, deal: Deal, batch: WriteBatch) -> None:
    _record_stage(ctx, deal, None, batch)
    if deal.stage == "won":  # a new deal's stage change starts something only when it is a win
        _after_stage_change(ctx, deal, None)


def _probability(stage: str, given: int | float | None) -> int:
    if stage in ("won", "lost"):
        return STAGE_PROBABILITY[stage]
    checked = v.probability(given)
    return STAGE_PROBABILITY[stage] if checked is None else checked


def _record_stage(ctx: ServiceContext, deal: Deal, from_stage: str | None, batch: WriteBatch | None = None) -> None:
    change = DealStageChange(
        deal_id=deal.id, from_stage=from_stage, to_stage=deal.stage, changed_by_id=ctx.actor.user_id,
        changed_at=ctx.now(),
    )
    ctx.session.add(change)
    record(ctx, batch, "stage_change", change, None)


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


def update(ctx: ServiceContext, deal_id: int, changes: DealChanges, *, batch: WriteBatch | None = None) -> Deal:
    deal = get(ctx, deal_id, for_write=True, batch=batch)
    if batch is not None:
        batch.before_change(deal)
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
        # A probability said by hand overrides the scoring model until the stage moves on without one.
        deal.manual_probability = None if deal.stage in ("won", "lost") else v.probability(changes.probability)
    deal.updated_at = ctx.now()
    record(ctx, batch, "update_deal", deal, before)
    if deal.stage != from_stage:
        _record_stage(ctx, deal, from_stage, batch)
        _after_stage_change(ctx, deal, from_stage)
    return deal


def _after_stage_change(ctx: ServiceContext, deal: Deal, from_stage: str | None) -> None:
    """What a win starts: the deal's project (same unit of work, so no deal is won without it); a reopened win
    keeps its project, flagged. Subscribers hear of it (webhooks, in the same transaction)."""
    ctx.session.flush()  # the deal's id, for the event
    if from_stage is not None:
        webhooks.emit(ctx, "deal.stage_changed", {**_event_data(deal), "from_stage": from_stage})
    if deal.stage == "won" and from_stage != "won":
        webhooks.emit(ctx, "deal.won", _event_data(deal))
    if deal.stage == "won" and from_stage != "won":
        projects.on_deal_won(ctx, deal)
    elif from_stage == "won" and deal.stage in OPEN_STAGES:
        projects.on_deal_reopened(ctx, deal)


def _event_data(deal: Deal) -> dict[str, Any]:
    return {"deal_id": deal.id, "customer_id": deal.customer_id, "owner_id": deal.owner_id, "title": deal.title,
            "stage": deal.stage, "amount": None if deal.amount is None else str(deal.amount),
            "currency": deal.currency}


def query(
    ctx: ServiceContext,
    *,
    customer_id: int | None = None,
    stage: str | None = None,
    open_only: bool = True,
    closing_from: date | None = None,
    closing_to: date | None = None,
    mine_only: bool = False,
    owner_id: int | None = None,
    changed_to: str | None = None,
    changed_from: datetime | None = None,
    changed_until: datetime | None = None,
    limit: int = 20,
) -> list[Deal]:
    """Deals the actor can see, filtered: by customer, stage (open ones by default), expected close date, owner
    (a manager asking about one rep), or moved to a stage within a period ("won this month")."""
    q = visible(ctx)
    if customer_id is not None:
        q = q.where(Deal.customer_id == customer_id)
    if stage is not None:
        q = q.where(Deal.stage == v.choice(stage, STAGES, "stage"))
    elif open_only and changed_to is None:
        q = q.where(Deal.stage.in_(OPEN_STAGES))
    if closing_from is not None:
        q = q.where(Deal.expected_close_date >= closing_from)
    if closing_to is not None:
        q = q.where(Deal.expected_close_date <= closing_to)
    if mine_only:
        q = q.where(Deal.owner_id == ctx.actor.user_id)
    if owner_id is not None:
        q = q.where(Deal.owner_id == owner_id)
    if changed_to is not None:
        moved = select(DealStageChange.deal_id).where(DealStageChange.to_stage == v.choice(changed_to, STAGES, "stage"))
        if changed_from is not None:
            moved = moved.where(DealStageChange.changed_at >= changed_from)
        if changed_until is not None:
            moved = moved.where(DealStageChange.changed_at < changed_until)
        q = q.where(Deal.id.in_(moved), Deal.stage == changed_to)
    q = q.order_by(Deal.expected_close_date.is_(None), Deal.expected_close_date, Deal.id).limit(limit)
    return list(ctx.session.scalars(q).all())


@dataclass(frozen=True)
class OwnerTotal:
    owner_id: int
    owner: str
    count: int
    amounts: dict[str, Decimal]


def pipeline_by_owner(ctx: ServiceContext) -> list[OwnerTotal]:
    """Open deals per owner the actor can see (a manager's team, an admin's everyone), largest first."""
    q = (
        visible(ctx)
        .with_only_columns(Deal.owner_id, User.name, Deal.currency, func.count(Deal.id),
                           func.coalesce(func.sum(Deal.amount), 0))
        .join(User, User.id == Deal.owner_id)
        .where(Deal.stage.in_(OPEN_STAGES))
        .group_by(Deal.owner_id, User.name, Deal.currency)
    )
    totals: dict[int, OwnerTotal] = {}
    for owner_id, name, currency, count, total in ctx.session.execute(q).all():
        entry = totals.setdefault(owner_id, OwnerTotal(owner_id, name, 0, {}))
        totals[owner_id] = OwnerTotal(owner_id, name, entry.count + int(count),
                                      {**entry.amounts, currency: Decimal(str(total))})
    return sorted(totals.values(), key=lambda t: (-sum(t.amounts.values()), t.owner))


@dataclass(frozen=True)
class StageTotal:
    stage: str
    count: int
    # Amounts are never added across currencies.
    amounts: dict[str, Decimal]


def pipeline(ctx: ServiceContext, *, mine_only: bool = False, customer_id: int | None = None,
             owner_id: int | None = None) -> list[StageTotal]:
    """Count and amount (per currency) for each open stage (the actor's, one owner's, or all they can see)."""
    q = (
        visible(ctx)
        .with_only_columns(Deal.stage, Deal.currency, func.count(Deal.id), func.coalesce(func.sum(Deal.amount), 0))
        .where(Deal.stage.in_(OPEN_STAGES))
        .group_by(Deal.stage, Deal.currency)
    )
    if mine_only:
        q = q.where(Deal.owner_id == ctx.actor.user_id)
    if owner_id is not None:
        q = q.where(Deal.owner_id == owner_id)
    if customer_id is not None:
        q = q.where(Deal.customer_id == customer_id)
    counts: dict[str, int] = {}
    amounts: dict[str, dict[str, Decimal]] = {}
    for stage, currency, count, total in ctx.session.execute(q).all():
        counts[stage] = counts.get(stage, 0) + int(count)
        amounts.setdefault(stage, {})[currency] = Decimal(str(total))
    return [StageTotal(s, counts.get(s, 0), amounts.get(s, {})) for s in OPEN_STAGES]


def customer_names(ctx: ServiceContext, deals: list[Deal]) -> dict[int, str]:
    """Customer names for deals the actor reads (a deal is readable only with its customer, or its owner's)."""
    ids = {d.customer_id for d in deals}
    if not ids:
        return {}
    rows = ctx.session.execute(
        select(Customer.id, Customer.name).where(Customer.id.in_(ids)).execution_options(**CUSTOMER_NAMES)).all()
    return {row.id: row.name for row in rows}


def open_deals_of(ctx: ServiceContext, customer_id: int, *, limit: int = 10) -> list[Deal]:
    """The customer's open deals the actor can see, soonest close first."""
    return query(ctx, customer_id=customer_id, limit=limit)


def only_open_deal(ctx: ServiceContext, customer_id: int) -> Deal | None:
    """The customer's one open deal, when there is exactly one (what "the deal" means without a name)."""
    found = open_deals_of(ctx, customer_id, limit=2)
    return found[0] if len(found) == 1 else None


def record_budget(ctx: ServiceContext, customer_id: int, amount: Decimal, currency: str | None) -> Deal | None:
    """A budget heard on a visit belongs on the customer's one open deal (if there is exactly one, and it is
    the actor's to change); returns the deal it went on."""
    deal = only_open_deal(ctx, customer_id)
    if deal is None or not can_change_deal(ctx, deal):
        return None
    budget = {"budget": str(v.amount(amount)), "budget_currency": v.currency(currency, deal.currency)}
    return update(ctx, deal.id, DealChanges(custom_fields=budget))


def can_change_deal(ctx: ServiceContext, deal: Deal) -> bool:
    try:
        require_change(ctx.actor, "deal", deal.owner_id, customers.team_of(ctx, deal.owner_id))
    except (NotFound, PermissionDenied):
        return False
    return True


def advances(current: str, proposed: str) -> bool:
    """Whether `proposed` moves a deal forward (or closes it): what a meeting may do to a deal by itself."""
    if proposed in ("won", "lost"):
        return current != proposed
    return current in OPEN_STAGES and STAGES.index(proposed) > STAGES.index(current)


def apply_meeting_outcome(ctx: ServiceContext, deal_id: int, changes: DealChanges) -> Deal | None:
    """What minutes of a meeting change on a deal: amount and close date as said; the stage only forward —
    minutes never move a deal back. Returns the deal when anything changed."""
    current = get(ctx, deal_id, for_write=True)
    if changes.stage is not None and not advances(current.stage, changes.stage):
        changes = replace(changes, stage=None)
    if changes.is_empty():
        return None
    return update(ctx, current.id, changes)


def history(ctx: ServiceContext, deal_id: int) -> list[DealStageChange]:
    get(ctx, deal_id)
    q = select(DealStageChange).where(DealStageChange.deal_id == deal_id).order_by(DealStageChange.id)
    return list(ctx.session.scalars(q).all())
