"""Payments received (回款), matched to what the customer owes, oldest first.

What a customer owes is its open invoices and the installments of its signed contracts not yet invoiced (money
often arrives before the invoice: 先款后票). A payment pays them oldest due first — part of one, or several at
once; an installment it pays is invoiced on the spot so that every allocation points at an invoice. More than
everything owed is never booked silently: `preview` shows the excess, and `record` refuses it unless the user
said it is an overpayment (the rest stays the customer's credit). A customer owing nothing gets a clear answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from sqlalchemy import select

from core import audit
from core.context import ServiceContext, SystemContext
from core.errors import Conflict, InvalidInput, NotFound
from core.models import Contract, Customer, Invoice, Payment, PaymentAllocation
from core.permissions import require_may_change
from core.services import invoices, payment_plans, webhooks
from core.services import validation as v
from core.timeutil import local_today

ItemKind = Literal["invoice", "installment"]


@dataclass(frozen=True)
class OpenItem:
    kind: ItemKind
    id: int
    label: str  # the invoice number, or the installment's label
    due_on: date | None
    outstanding: Decimal
    currency: str


@dataclass(frozen=True)
class Allocation:
    item: OpenItem
    amount: Decimal


@dataclass(frozen=True)
class PaymentPreview:
    customer_id: int
    amount: Decimal
    currency: str
    allocations: list[Allocation]
    owed: Decimal  # everything the customer owes in this currency
    excess: Decimal  # what is left once all is paid (an overpayment, or the wrong customer)


def _oldest_first(item: OpenItem) -> tuple[bool, date, int, int]:
    return (item.due_on is None, item.due_on or date.max, 0 if item.kind == "invoice" else 1, item.id)


def allocate(items: list[OpenItem], amount: Decimal) -> tuple[list[Allocation], Decimal]:
    """Pay `items` oldest due first (invoices before uninvoiced installments on the same day); returns what each
    gets and what is left over."""
    left = amount
    out: list[Allocation] = []
    for item in sorted(items, key=_oldest_first):
        if left <= 0:
            break
        share = min(left, item.outstanding)
        if share > 0:
            out.append(Allocation(item, share))
            left -= share
    return out, left


def open_items(ctx: ServiceContext | SystemContext, customer_id: int, currency: str | None = None
               ) -> list[OpenItem]:
    items = [OpenItem("invoice", found.invoice.id, found.invoice.number, found.invoice.due_date, found.outstanding,
                      found.invoice.currency) for found in invoices.open_invoices(ctx, customer_id)]
    pending = invoices.uninvoiced_installments(ctx, customer_id)
    currencies: dict[int, str] = {row[0]: row[1] for row in ctx.session.execute(
        select(Contract.id, Contract.currency).where(Contract.id.in_({i.contract_id for i in pending})))}
    for view in payment_plans.views(ctx, pending):
        row = view.installment
        items.append(OpenItem("installment", row.id, row.label, view.due_on, row.amount,
                              currencies.get(row.contract_id, "")))
    return sorted((i for i in items if currency is None or i.currency == currency), key=_oldest_first)


def _customer(ctx: ServiceContext, customer_id: int, *, lock: bool = False) -> Customer:
    query = select(Customer).where(Customer.id == customer_id)
    if lock:
        # Payments of one customer are booked one at a time: the second waits, then sees what the first paid
        # (no invoice paid twice, no installment invoiced twice). SQLite's write lock does the same.
        query = query.with_for_update().execution_options(populate_existing=True)
    found = ctx.session.scalar(query)
    if found is None:
        raise NotFound(entity="customer")
    return found


def checked_amount(value: Decimal | None) -> Decimal:
    """A sum received: positive, to the cent (zero and negative amounts are refused, never booked)."""
    if value is not None and value <= 0:
        raise InvalidInput("money.not_positive")
    amount = v.amount(value)
    if amount is None or amount <= 0:
        raise InvalidInput("money.not_positive")
    return amount


def preview(ctx: ServiceContext, customer_id: int, amount: Decimal, currency: str | None = None
            ) -> PaymentPreview:
    """What recording this payment would pay (nothing is written). Refuses a customer who owes nothing."""
    customer = _customer(ctx, customer_id)
    paid = checked_amount(amount)
    code = v.currency(currency, ctx.defaults.currency)
    items = open_items(ctx, customer.id, code)
    if not items:
        raise InvalidInput("payment.nothing_open", customer=customer.name)
    allocations, excess = allocate(items, paid)
    return PaymentPreview(customer.id, paid, code, allocations, sum((i.outstanding for i in items), Decimal(0)),
                          excess)


def record(
    ctx: ServiceContext,
    customer_id: int,
    amount: Decimal,
    *,
    currency: str | None = None,
    received_on: date | None = None,
    reference: str | None = None,
    note: str | None = None,
    accept_excess: bool = False,
) -> tuple[Payment, PaymentPreview]:
    """Book a payment and what it pays. An excess is refused unless `accept_excess` (an overpayment)."""
    _customer(ctx, customer_id, lock=True)  # first: a customer the actor cannot read does not exist for them
    require_may_change(ctx.actor, "money")
    plan = preview(ctx, customer_id, amount, currency)
    if plan.excess > 0 and not accept_excess:
        raise Conflict("payment.exceeds_owed", excess=str(plan.excess), owed=str(plan.owed))
    today = local_today(ctx.now(), ctx.actor.timezone)
    if received_on is not None and received_on > today:
        raise InvalidInput("payment.in_future")
    payment = Payment(customer_id=plan.customer_id, amount=plan.amount, currency=plan.currency,
                      received_on=received_on or today, reference=v.clean_text(reference, "reference", limit=120),
                      note=v.clean_text(note, "note", limit=2000), recorded_by_id=ctx.actor.user_id,
                      created_at=ctx.now())
    ctx.session.add(payment)
    ctx.session.flush()
    for allocation in plan.allocations:
        invoice_id = allocation.item.id
        if allocation.item.kind == "installment":
            invoice_id = invoices.create(ctx, plan.customer_id, installment_id=allocation.item.id,
                                         issue_date=payment.received_on).id
        row = PaymentAllocation(payment_id=payment.id, invoice_id=invoice_id, amount=allocation.amount)
        ctx.session.add(row)
        _settle(ctx, invoice_id, allocation.amount)
    ctx.session.flush()
    audit.record(ctx, "record_payment", payment, None)
    webhooks.emit(ctx, "payment.received", {
        "payment_id": payment.id, "customer_id": payment.customer_id, "amount": str(payment.amount),
        "currency": payment.currency, "received_on": payment.received_on.isoformat(), "reference": payment.reference,
        "invoice_ids": [a.item.id for a in plan.allocations if a.item.kind == "invoice"]})
    return payment, plan


def _settle(ctx: ServiceContext, invoice_id: int, amount: Decimal) -> None:
    """The invoice's paid amount grows by the allocation; paid in full, it becomes "paid" (audited in the same
    change as the payment, so undoing the payment reopens it)."""
    invoice = ctx.session.scalar(select(Invoice).where(Invoice.id == invoice_id))
    if invoice is None:
        raise NotFound(entity="invoice")
    before = audit.snapshot(invoice)
    invoice.paid_amount = invoice.paid_amount + amount
    if invoice.status == "issued" and invoice.paid_amount >= invoice.total:
        invoice.status = "paid"
    audit.record(ctx, "pay_invoice", invoice, before)


def history(ctx: ServiceContext, customer_id: int, limit: int = 20) -> list[Payment]:
    return list(ctx.session.scalars(select(Payment).where(Payment.customer_id == customer_id)
                                    .order_by(Payment.received_on.desc(), Payment.id.desc()).limit(limit)))
