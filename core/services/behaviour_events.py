"""Behaviour events (website visit, product page view, e-mail open, download): what a customer did, recorded for
the intent scoring to read later. The customer is named by id, or found by a contact's e-mail or its domain, among
the customers the actor reads (an event about a customer the actor cannot see is "not found", never stored)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from core.context import ServiceContext
from core.errors import InvalidInput, NotFound
from core.models import BEHAVIOUR_KINDS, BehaviourEvent, Contact, Customer


def find_customer(ctx: ServiceContext, *, customer_id: int | None = None, email: str | None = None,
                  domain: str | None = None) -> int:
    """The customer an event is about: by id, else by a contact's exact e-mail, else by an e-mail domain."""
    if customer_id is not None:
        if ctx.session.get(Customer, customer_id) is None:
            raise NotFound(entity="customer")
        return customer_id
    address = (email or "").strip().lower()
    host = (domain or "").strip().lower().lstrip("@")
    if address:
        clause = func.lower(Contact.email) == address
    elif host:
        clause = func.lower(Contact.email).like(f"%@{host}")
    else:
        raise InvalidInput("behaviour.no_customer")
    found = set(ctx.session.scalars(select(Contact.customer_id).where(clause).distinct().limit(2)).all())
    if not found:
        raise NotFound(entity="customer")
    if len(found) > 1:
        raise InvalidInput("behaviour.ambiguous")
    return found.pop()


def record(ctx: ServiceContext, kind: str, occurred_at: datetime, *, customer_id: int | None = None,
           email: str | None = None, domain: str | None = None,
           detail: dict[str, Any] | None = None) -> BehaviourEvent:
    if kind not in BEHAVIOUR_KINDS:
        raise InvalidInput("behaviour.unknown_kind", kind=kind)
    if occurred_at.tzinfo is None:
        raise InvalidInput("behaviour.naive_time")
    customer = find_customer(ctx, customer_id=customer_id, email=email, domain=domain)
    event = BehaviourEvent(customer_id=customer, kind=kind, occurred_at=occurred_at, detail=dict(detail or {}),
                           created_at=ctx.now())
    ctx.session.add(event)
    ctx.session.flush()
    return event


def of_customer(ctx: ServiceContext, customer_id: int, *, since: datetime | None = None,
                limit: int = 200) -> list[BehaviourEvent]:
    """A customer's events the actor may read, newest first."""
    query = select(BehaviourEvent).where(BehaviourEvent.customer_id == customer_id)
    if since is not None:
        query = query.where(BehaviourEvent.occurred_at >= since)
    return list(ctx.session.scalars(query.order_by(BehaviourEvent.occurred_at.desc()).limit(limit)).all())
