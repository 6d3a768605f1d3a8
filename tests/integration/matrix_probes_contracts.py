"""Contracts and attachments in the permission matrix. Each owner has: a won deal, a draft contract, an approved
one, one out for signature, one waiting for approval (stage 1: the owner's manager, or the admin where the team
has none; stage 2: finance), a photo on their customer and a PDF on the draft (rows only: the matrix has no data
dir, so "the file is missing" counts as having got past the permission checks)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from core.context import CoreGateway, ServiceContext
from core.errors import Conflict, NotFound, PermissionDenied
from core.esign import ManualProvider
from core.models import Attachment, Contract
from core.services import attachments, contracts, deals
from tests.integration.matrix_world import OWNERS, Probe, World, _b, _unless_invalid

MODULES = (contracts, attachments)
# The query builder services compose; the engine's callback (probed through approvals.decide); the plan hook.
NOT_SERVICES = {contracts.visible, contracts.on_approval}
_NUMBERS = itertools.count(1)
NUMBER_OF: dict[int, str] = {}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def _contract(ctx: ServiceContext, customer: int, owner: int, status: str) -> int:
    row = Contract(number=f"MX-2026-{next(_NUMBERS):03d}", customer_id=customer, owner_id=owner, title="ERP",
                   amount=Decimal(1000), currency="CNY", status=status, created_at=ctx.now(), updated_at=ctx.now(),
                   esign_provider="manual" if status == "sent" else None,
                   esign_reference=f"env-{next(_NUMBERS)}" if status == "sent" else None)
    ctx.session.add(row)
    ctx.session.flush()
    NUMBER_OF[row.id] = row.number
    return row.id


def seed(core: CoreGateway, world: World) -> None:
    for owner in OWNERS:
        book, owner_id = world.books[owner], world.ids[owner]
        with core.unit(owner_id) as ctx:
            book.extra["won_deal"] = deals.create(ctx, book.customer, "Won", amount=Decimal(5), stage="won").id
            draft = _contract(ctx, book.customer, owner_id, "draft")
            book.extra["c_draft"] = draft
            book.extra["c_approved"] = _contract(ctx, book.customer, owner_id, "approved")
            book.extra["c_sent"] = _contract(ctx, book.customer, owner_id, "sent")
            pending = _contract(ctx, book.customer, owner_id, "draft")
            contracts.submit(ctx, pending)
            book.extra["c_pending"] = pending
            for key, contract in (("att_customer", None), ("att_contract", draft)):
                row = Attachment(customer_id=book.customer, contract_id=contract, uploaded_by_id=owner_id,
                                 filename=f"{key}.png", content_type="image/png", size=len(PNG),
                                 sha256=f"{owner_id:02d}{key}".ljust(64, "0"), created_at=ctx.now())
                ctx.session.add(row)
                ctx.session.flush()
                book.extra[key] = row.id


def _past_the_checks(call: Callable[[], Any]) -> Any:
    """A call that would go on to the data dir the matrix has none of: reaching it means it was allowed."""
    try:
        return call()
    except RuntimeError:
        return "allowed"
    except NotFound as error:
        if error.key == "attachment.missing_file":
            return "allowed"
        raise


def _my_step(ctx: ServiceContext, w: World, owner: str) -> object:
    """The approver's own step; a step not (yet) the actor's to decide counts as refused."""
    try:
        return contracts.my_step(ctx, _b(w, owner).extra["c_pending"])
    except Conflict as error:
        raise PermissionDenied(error.key) from None


def _x(w: World, owner: str, key: str) -> int:
    return _b(w, owner).extra[key]


# Contracts: finance reads and changes them all; a PM reads the team's and changes none.
_CONTRACT_CHANGE = {"finance": "full"}
# Creating a contract: the role check (a PM changes no contract) comes before the customer lookup.
_CREATE = {"finance": "full", "pm other team": "read"}
_DECIDER = {"rep own": "read", "finance": "read", "pm team": "read"}


PROBES = [
    Probe(contracts.get, "read", lambda c, w, o: contracts.get(c, _x(w, o, "c_draft"))),
    Probe(contracts.by_number, "read", lambda c, w, o: contracts.by_number(c, NUMBER_OF[_x(w, o, "c_draft")])),
    Probe(contracts.query, "list", lambda c, w, o: contracts.query(c, limit=500),
          lambda r, w, o: _x(w, o, "c_draft") in {row.id for row in r}),
    Probe(contracts.won_deal_for, "list", lambda c, w, o: contracts.won_deal_for(c, _b(w, o).customer),
          lambda r, w, o: r is not None and r.id == _x(w, o, "won_deal")),
    Probe(contracts.names_of, "names", lambda c, w, o: contracts.names_of(c, [])),
    Probe(contracts.create, "change", lambda c, w, o: contracts.create(c, _b(w, o).customer, amount=Decimal(9)),
          overrides=_CREATE),
    Probe(contracts.create_from_deal, "change",
          lambda c, w, o: contracts.create_from_deal(c, _x(w, o, "won_deal")), overrides=_CONTRACT_CHANGE),
    Probe(contracts.submit, "change", lambda c, w, o: _unless_invalid(
        lambda: contracts.submit(c, _x(w, o, "c_draft"))), overrides=_CONTRACT_CHANGE),
    Probe(contracts.send_for_signature, "change", lambda c, w, o: contracts.send_for_signature(
        c, _x(w, o, "c_approved"), ManualProvider()),
          overrides=_CONTRACT_CHANGE),
    Probe(contracts.mark_signed, "change", lambda c, w, o: contracts.mark_signed(c, _x(w, o, "c_sent")),
          overrides=_CONTRACT_CHANGE),
    Probe(contracts.cancel, "change", lambda c, w, o: contracts.cancel(c, _x(w, o, "c_draft")),
          overrides=_CONTRACT_CHANGE),
    Probe(contracts.waiting_for_me, "self", lambda c, w, o: contracts.waiting_for_me(c)),
    Probe(contracts.my_step, "change", _my_step, overrides=_DECIDER),  # type: ignore[arg-type]
    # Attachments: on a customer, whoever may change the customer; on a contract, whoever may change it.
    Probe(attachments.store, "change", lambda c, w, o: _past_the_checks(
        lambda: attachments.store(c, PNG, "site.png", customer_id=_b(w, o).customer))),
    Probe(attachments.store, "change", lambda c, w, o: _past_the_checks(
        lambda: attachments.store(c, PNG, "signed.png", contract_id=_x(w, o, "c_draft"))),
          overrides=_CONTRACT_CHANGE),
    Probe(attachments.of_customer, "list", lambda c, w, o: attachments.of_customer(c, _b(w, o).customer),
          lambda r, w, o: _x(w, o, "att_customer") in {row.id for row in r}),
    Probe(attachments.of_contract, "list", lambda c, w, o: _or_empty(
        lambda: attachments.of_contract(c, _x(w, o, "c_draft"))),
          lambda r, w, o: _x(w, o, "att_contract") in {row.id for row in r}),
    Probe(attachments.target_for, "read",
          lambda c, w, o: attachments.target_for(c, _b(w, o).customer, "application/pdf")),
    Probe(attachments.read, "read", lambda c, w, o: _past_the_checks(
        lambda: attachments.read(c, _x(w, o, "att_customer")))),
]


def _or_empty(call: Callable[[], Any]) -> Any:
    try:
        return call()
    except NotFound:
        return []

