"""Asking for a colleague's customer, and deciding: share it, transfer it, or decline (the owned-customer policy).

A rep who names a customer someone else owns learns its name and nothing more (no owner, no deals); they may
ask for access. The owner and the owner's manager are told (a push with Share / Transfer / Decline), whoever
decides first decides, and the requester is told the outcome. Sharing lets the requester work the customer as
their own (contacts, visits, their own deals); the owner's deals stay the owner's. Transferring hands the
customer over together with the open deals the giver owns on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import select

from core import audit
from core.context import ServiceContext, SystemContext
from core.errors import Conflict, NotFound
from core.models import (
    OPEN_STAGES,
    AccessRequest,
    Customer,
    CustomerShare,
    Deal,
    User,
)
from core.permissions import DIGEST_READERS, require_change
from core.scoping import CUSTOMER_NAMES
from core.services import customers

Decision = Literal["share", "transfer", "decline"]
_STATUS: dict[Decision, str] = {"share": "shared", "transfer": "transferred", "decline": "declined"}


def request(ctx: ServiceContext, customer_id: int) -> AccessRequest:
    """Ask for a customer the actor may not read; asking twice gives the open request back."""
    name = ctx.session.scalar(
        select(Customer.name).where(Customer.id == customer_id).execution_options(**CUSTOMER_NAMES))
    if name is None:
        raise NotFound(entity="customer")
    if ctx.session.get(Customer, customer_id) is not None:
        raise Conflict("access.already_yours", name=name)
    open_request = ctx.session.scalar(
        select(AccessRequest).where(AccessRequest.customer_id == customer_id,
                                    AccessRequest.requester_id == ctx.actor.user_id,
                                    AccessRequest.status == "pending"))
    if open_request is not None:
        return open_request
    row = AccessRequest(customer_id=customer_id, requester_id=ctx.actor.user_id, status="pending",
                        created_at=ctx.now())
    ctx.session.add(row)
    audit.record(ctx, "request_access", row, None)
    return row


def decide(ctx: ServiceContext, request_id: int, decision: Decision) -> AccessRequest:
    """Share, transfer or decline; only someone who may change the customer outright decides, and only once."""
    row = ctx.session.get(AccessRequest, request_id)
    if row is None:
        raise NotFound(entity="access_request")
    customer = ctx.session.get(Customer, row.customer_id)
    if customer is None:
        raise NotFound(entity="access_request")
    require_change(ctx.actor, "customer", customer.owner_id, customers.team_of(ctx, customer.owner_id))
    if row.status != "pending":
        raise Conflict("access.already_decided", name=customer.name)
    before = audit.snapshot(row)
    if decision == "share":
        exists = ctx.session.scalar(select(CustomerShare.id).where(CustomerShare.customer_id == customer.id,
                                                                   CustomerShare.user_id == row.requester_id))
        if exists is None:
            share = CustomerShare(customer_id=customer.id, user_id=row.requester_id, granted_by_id=ctx.actor.user_id,
                                  created_at=ctx.now())
            ctx.session.add(share)
            audit.record(ctx, "share_customer", share, None)
    elif decision == "transfer":
        _transfer(ctx, customer, row.requester_id)
    row.status = _STATUS[decision]
    row.decided_by_id = ctx.actor.user_id
    row.decided_at = ctx.now()
    audit.record(ctx, "decide_access", row, before)
    return row


def _transfer(ctx: ServiceContext, customer: Customer, to_user_id: int) -> None:
    giver = customer.owner_id
    before = audit.snapshot(customer)
    customer.owner_id = to_user_id
    customer.updated_at = ctx.now()
    audit.record(ctx, "transfer_customer", customer, before)
    open_deals = ctx.session.scalars(select(Deal).where(Deal.customer_id == customer.id, Deal.owner_id == giver,
                                                       Deal.stage.in_(OPEN_STAGES))).all()
    for deal in open_deals:
        deal_before = audit.snapshot(deal)
        deal.owner_id = to_user_id
        deal.updated_at = ctx.now()
        audit.record(ctx, "transfer_deal", deal, deal_before)


# -- what the scheduler announces (system side) ----------------------------------------------------------


@dataclass(frozen=True)
class Announcement:
    request_id: int
    customer_id: int
    customer: str
    requester_id: int
    requester: str
    status: str
    at: datetime
    # Who is told: the deciders for a new request (owner and the owner's managers), the requester for a decision.
    recipients: tuple[int, ...]


def to_announce(system: SystemContext, since: datetime) -> list[Announcement]:
    """Requests made or decided since `since`, with who should hear of each."""
    rows = system.session.execute(
        select(AccessRequest, Customer.name, Customer.owner_id, User.name, User.team_id)
        .join(Customer, Customer.id == AccessRequest.customer_id)
        .join(User, User.id == AccessRequest.requester_id)
        .where((AccessRequest.created_at >= since) | (AccessRequest.decided_at >= since))
        .order_by(AccessRequest.id)
    ).all()
    out: list[Announcement] = []
    for request_row, customer_name, owner_id, requester_name, _ in rows:
        if request_row.status == "pending":
            recipients = (owner_id, *_managers_of(system, owner_id))
            at = request_row.created_at
        else:
            recipients = (request_row.requester_id,)
            at = request_row.decided_at or request_row.created_at
        out.append(Announcement(request_row.id, request_row.customer_id, customer_name, request_row.requester_id,
                                requester_name, request_row.status, at, tuple(dict.fromkeys(recipients))))
    return out


def _managers_of(system: SystemContext, user_id: int) -> list[int]:
    team = system.session.scalar(select(User.team_id).where(User.id == user_id))
    if team is None:
        return []
    return list(system.session.scalars(
        select(User.id).where(User.team_id == team, User.role.in_(DIGEST_READERS), User.active.is_(True),
                              User.id != user_id)))
