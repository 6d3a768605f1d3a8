"""Records for the win model from the database, through whatever unit it is given: the system unit for training
(the whole team's history), an actor's scoped unit for estimates (only what they may read)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import func, select

from core.context import Unit
from core.models import Customer, Deal, DealStageChange, Interaction, InteractionContact
from core.scoring.records import DealPath, History


def load(unit: Unit, *, deal_ids: Collection[int] | None = None) -> History:
    """Deals (all, or the given ones) with their stage paths, and their customers' activity and contacts."""
    q = select(Deal.id, Deal.owner_id, Deal.customer_id, Deal.amount, Deal.stage, Deal.created_at, Customer.industry
               ).join(Customer, Customer.id == Deal.customer_id)
    if deal_ids is not None:
        q = q.where(Deal.id.in_(list(deal_ids)))
    rows = unit.session.execute(q.order_by(Deal.id)).all()
    ids = [r.id for r in rows]
    changes: dict[int, list[tuple[str, datetime]]] = {}
    if ids:
        for change in unit.session.execute(
                select(DealStageChange.deal_id, DealStageChange.to_stage, DealStageChange.changed_at)
                .where(DealStageChange.deal_id.in_(ids)).order_by(DealStageChange.changed_at, DealStageChange.id)):
            changes.setdefault(change.deal_id, []).append((change.to_stage, change.changed_at))
    customers = sorted({r.customer_id for r in rows})
    paths = []
    for r in rows:
        stages = changes.get(r.id) or [(r.stage, r.created_at)]
        paths.append(DealPath(r.id, r.owner_id, r.customer_id, r.industry,
                              float(r.amount) if r.amount is not None else None, tuple(stages)))
    return History(paths, _activity(unit, customers), _contacts(unit, customers))


def _activity(unit: Unit, customers: list[int]) -> dict[int, list[datetime]]:
    out: dict[int, list[datetime]] = {}
    if not customers:
        return out
    q = select(Interaction.customer_id, Interaction.occurred_at).where(Interaction.customer_id.in_(customers)) \
        .order_by(Interaction.occurred_at)
    for customer_id, occurred in unit.session.execute(q):
        out.setdefault(customer_id, []).append(occurred)
    return out


def _contacts(unit: Unit, customers: list[int]) -> dict[int, list[datetime]]:
    """The first interaction each contact took part in, per customer."""
    out: dict[int, list[datetime]] = {}
    if not customers:
        return out
    q = (select(Interaction.customer_id, InteractionContact.contact_id, func.min(Interaction.occurred_at))
         .join(InteractionContact, InteractionContact.interaction_id == Interaction.id)
         .where(Interaction.customer_id.in_(customers))
         .group_by(Interaction.customer_id, InteractionContact.contact_id))
    for customer_id, _contact, first in unit.session.execute(q):
        out.setdefault(customer_id, []).append(first)
    for times in out.values():
        times.sort()
    return out
