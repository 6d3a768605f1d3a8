"""Approvals in the permission matrix: each owner's contract waits for approval (stage 1: the owner's manager,
or the admin where the team has none; stage 2: finance); a second contract per owner is a draft."""

from __future__ import annotations

import itertools
from decimal import Decimal

from core.context import CoreGateway, ServiceContext
from core.models import ApprovalStep, Contract
from core.services import approvals
from tests.integration.matrix_world import OWNERS, Probe, World, _b, _unless_invalid

MODULES = (approvals,)
_NUMBERS = itertools.count(1)


def _contract(ctx: ServiceContext, customer: int, owner: int) -> int:
    row = Contract(number=f"M-{next(_NUMBERS)}", customer_id=customer, owner_id=owner, title="ERP",
                   amount=Decimal(1000), currency="CNY", status="draft", created_at=ctx.now(), updated_at=ctx.now())
    ctx.session.add(row)
    ctx.session.flush()
    return row.id


def seed(core: CoreGateway, world: World) -> None:
    for owner in OWNERS:
        book, owner_id = world.books[owner], world.ids[owner]
        with core.unit(owner_id) as ctx:
            book.extra["contract"] = _contract(ctx, book.customer, owner_id)
            book.extra["contract_draft"] = _contract(ctx, book.customer, owner_id)
            approval, _ = approvals.start(ctx, "contract", book.extra["contract"], owner_id=owner_id)
            book.extra["approval"] = approval.id


def _decide(ctx: ServiceContext, w: World, owner: str) -> object:
    """Decide the step of the owner's approval that is waiting (the actor's own, if one is)."""
    steps = approvals.steps_of(ctx, _b(w, owner).extra["approval"])
    if not steps:
        from core.errors import NotFound

        raise NotFound(entity="approval")
    pending = [step for step in steps if step.status == "pending"]
    mine = [step for step in pending if step.approver_id == ctx.actor.user_id]
    step: ApprovalStep = (mine or pending)[0]
    return approvals.decide(ctx, step.id, approve=True)


# Contracts: finance reads and changes them all; a PM reads the team's.
_CONTRACT_CHANGE = {"finance": "full"}
# Only the designated approver decides: the owner's manager (Mia for East), the admin (North has no manager).
_DECIDER = {"rep own": "read", "finance": "read", "pm team": "read"}

PROBES = [
    Probe(approvals.of_subject, "list", lambda c, w, o: approvals.of_subject(c, "contract", _b(w, o).extra["contract"]),
          lambda r, w, o: r is not None),
    Probe(approvals.steps_of, "list", lambda c, w, o: approvals.steps_of(c, _b(w, o).extra["approval"]),
          lambda r, w, o: len(r) > 0),
    Probe(approvals.waiting_on_me, "self", lambda c, w, o: approvals.waiting_on_me(c)),
    Probe(approvals.waiting_subjects, "self", lambda c, w, o: approvals.waiting_subjects(c, "contract", Contract)),
    Probe(approvals.decide, "change", _decide, overrides=_DECIDER),  # type: ignore[arg-type]
    # Where the flow finds nobody left to ask (the admin asking about North), "no approver" comes after the
    # permission check passed: it counts as allowed.
    Probe(approvals.start, "change", lambda c, w, o: _unless_invalid(lambda: approvals.start(
        c, "contract", _b(w, o).extra["contract_draft"], owner_id=w.ids[o])), overrides=_CONTRACT_CHANGE),  # type: ignore[arg-type]
]
