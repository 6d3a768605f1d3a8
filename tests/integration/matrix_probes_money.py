"""Money in the permission matrix: each owner's customer has a signed contract with a plan (half invoiced and
partly paid), a second signed contract with no plan, a spare unpaid invoice, and a project with its deal.

Money follows the customer: finance reads and changes everyone's; a PM reads the team's and changes none."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

from core.context import CoreGateway, ServiceContext
from core.models import Contract, Deal, Project
from core.services import (
    invoice_documents,
    invoices,
    payment_plans,
    payments,
    profitability,
    receivables,
)
from tests.integration.matrix_world import OWNERS, Probe, World, _b

MODULES = (payment_plans, invoices, invoice_documents, payments, receivables, profitability)
# Helpers that format rows the caller has already read through its own scoped session.
NOT_SERVICES = {payment_plans.views, invoices.view, payment_plans.on_signed_by_provider}  # system: the webhook
_NUMBERS = itertools.count(1)
_MONEY_CHANGE = {"finance": "full"}


def _contract(ctx: ServiceContext, customer: int, owner: int, deal: int | None = None) -> int:
    row = Contract(number=f"MM-{next(_NUMBERS)}", customer_id=customer, owner_id=owner, title="ERP", deal_id=deal,
                   amount=Decimal(1000), currency="CNY", status="signed", signed_on=date(2026, 9, 1),
                   created_at=ctx.now(), updated_at=ctx.now())
    ctx.session.add(row)
    ctx.session.flush()
    return row.id


def seed(core: CoreGateway, world: World) -> None:
    for owner in OWNERS:
        book, owner_id = world.books[owner], world.ids[owner]
        with core.unit(owner_id) as ctx:
            deal = Deal(customer_id=book.customer, owner_id=owner_id, title="Money ERP", stage="won", probability=100,
                        amount=Decimal(1000), currency="CNY", created_at=ctx.now(), updated_at=ctx.now())
            ctx.session.add(deal)
            ctx.session.flush()
            project = Project(deal_id=deal.id, customer_id=book.customer, name="Money ERP", owner_id=owner_id,
                              currency="CNY", status="active", created_at=ctx.now(), updated_at=ctx.now())
            ctx.session.add(project)
            book.extra["money_contract"] = _contract(ctx, book.customer, owner_id, deal.id)
            book.extra["money_contract_plain"] = _contract(ctx, book.customer, owner_id)
            first, second = payment_plans.attach(ctx, book.extra["money_contract"], "50% on signing, 50% on 2027-06-30")
            invoice = invoices.create(ctx, book.customer, installment_id=first.id)
            book.extra["money_invoice_spare"] = invoices.create(ctx, book.customer, amount=Decimal(10)).id
            payment, _ = payments.record(ctx, book.customer, Decimal(100))
            ctx.session.flush()
            book.extra.update(money_invoice=invoice.id, money_installment=first.id, money_installment_open=second.id,
                              money_payment=payment.id, money_project=project.id)


def _has(rows: object) -> bool:
    return bool(rows)


PROBES = [
    Probe(payment_plans.contract, "read", lambda c, w, o: payment_plans.contract(c, _b(w, o).extra["money_contract"])),
    Probe(payment_plans.attach, "change", lambda c, w, o: payment_plans.attach(
        c, _b(w, o).extra["money_contract_plain"], "30/70"), overrides=_MONEY_CHANGE),
    Probe(payment_plans.on_signed, "change",
          lambda c, w, o: payment_plans.on_signed(c, _b(w, o).extra["money_contract"]), overrides=_MONEY_CHANGE),
    Probe(payment_plans.installments, "list",
          lambda c, w, o: payment_plans.installments(c, _b(w, o).extra["money_contract"]), lambda r, w, o: _has(r)),
    Probe(payment_plans.of_customer, "list", lambda c, w, o: payment_plans.of_customer(c, _b(w, o).customer),
          lambda r, w, o: _has(r)),
    Probe(invoices.uninvoiced_installments, "list",
          lambda c, w, o: invoices.uninvoiced_installments(c, _b(w, o).customer), lambda r, w, o: _has(r)),
    Probe(invoices.create, "change", lambda c, w, o: invoices.create(c, _b(w, o).customer, amount=Decimal(5)),
          overrides=_MONEY_CHANGE),
    Probe(invoices.number_of_installment, "list",
          lambda c, w, o: invoices.number_of_installment(c, _b(w, o).extra["money_installment"]),
          lambda r, w, o: r is not None),
    Probe(invoices.paid_amounts, "list", lambda c, w, o: invoices.paid_amounts(c, [_b(w, o).extra["money_invoice"]]),
          lambda r, w, o: _has(r)),
    Probe(invoices.get, "read", lambda c, w, o: invoices.get(c, _b(w, o).extra["money_invoice"])),
    Probe(invoices.open_invoices, "list", lambda c, w, o: invoices.open_invoices(c, _b(w, o).customer),
          lambda r, w, o: _has(r)),
    Probe(invoices.void, "change", lambda c, w, o: invoices.void(c, _b(w, o).extra["money_invoice_spare"]),
          overrides=_MONEY_CHANGE),
    Probe(invoice_documents.document, "read",
          lambda c, w, o: invoice_documents.document(c, _b(w, o).extra["money_invoice"], "en")),
    Probe(payments.open_items, "list", lambda c, w, o: payments.open_items(c, _b(w, o).customer),
          lambda r, w, o: _has(r)),
    Probe(payments.preview, "read", lambda c, w, o: payments.preview(c, _b(w, o).customer, Decimal(1))),
    Probe(payments.record, "change", lambda c, w, o: payments.record(c, _b(w, o).customer, Decimal(1)),
          overrides=_MONEY_CHANGE),
    Probe(payments.history, "list", lambda c, w, o: payments.history(c, _b(w, o).customer), lambda r, w, o: _has(r)),
    Probe(receivables.by_customer, "list", lambda c, w, o: receivables.by_customer(c),
          lambda r, w, o: any(a.key == _b(w, o).customer for a in r)),
    # The rebuilt (as-of-a-day) sums run through the same scoped session: the same customers, no one else's.
    Probe(receivables.by_customer, "list",
          lambda c, w, o: receivables.by_customer(c, as_of=receivables.today_of(c)),
          lambda r, w, o: any(a.key == _b(w, o).customer for a in r)),
    Probe(receivables.today_of, "self", lambda c, w, o: receivables.today_of(c)),
    Probe(receivables.as_of_day, "self", lambda c, w, o: receivables.as_of_day(c, date(2026, 9, 30))),
    # Team totals mix the owners of a team; by_customer above proves whose money is in them.
    Probe(receivables.by_team, "self", lambda c, w, o: receivables.by_team(c)),
    Probe(profitability.by_project, "list", lambda c, w, o: profitability.by_project(c, limit=100),
          lambda r, w, o: any(p.project_id == _b(w, o).extra["money_project"] for p in r)),
    Probe(profitability.by_project, "list",
          lambda c, w, o: profitability.by_project(c, limit=100, between=(date(2000, 1, 1), date(2099, 12, 31))),
          lambda r, w, o: any(p.project_id == _b(w, o).extra["money_project"] for p in r)),
]
