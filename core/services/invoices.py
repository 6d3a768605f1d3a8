"""Invoices (发票): numbered per year (INV-2027-0001, no gaps), tax-inclusive amounts, and what has been paid.

The stored status is draft, issued, paid or void. "paid" is set by the payments service when allocations settle
the invoice in full (so the open ones are found by index); "partly paid" is derived from the allocations
(`status_of`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select

from core import audit
from core.context import ServiceContext, SystemContext
from core.errors import Conflict, InvalidInput, NotFound
from core.models import Contract, Customer, Installment, Invoice, PaymentAllocation
from core.money_plan_text import CENT
from core.permissions import require_may_change
from core.services import number_sequences, payment_plans
from core.services import validation as v
from core.timeutil import local_today

# VAT on services in China (增值税 6%); an invoice may name another rate.
DEFAULT_TAX_RATE = Decimal("0.06")
PAYMENT_TERMS_DAYS = 30
PREFIX = "INV"


@dataclass(frozen=True)
class InvoiceView:
    invoice: Invoice
    paid: Decimal
    status: str  # draft | issued | partly_paid | paid | void

    @property
    def outstanding(self) -> Decimal:
        return Decimal(0) if self.status in ("void", "draft", "paid") else self.invoice.total - self.paid


def status_of(invoice: Invoice, paid: Decimal) -> str:
    if invoice.status in ("void", "draft"):
        return invoice.status
    if invoice.status == "paid" or paid >= invoice.total:
        return "paid"
    return "partly_paid" if paid > 0 else "issued"


def tax_rate(value: Decimal | None) -> Decimal:
    """A rate as a fraction (0.06); "6" (percent) is read as 6%; above 100% or negative is refused."""
    if value is None:
        return DEFAULT_TAX_RATE
    rate = value / 100 if value >= 1 else value
    if rate < 0 or rate >= 1:
        raise InvalidInput("invoice.bad_tax_rate", value=str(value))
    return rate.quantize(Decimal("0.0001"))


def split_tax(total: Decimal, rate: Decimal) -> tuple[Decimal, Decimal]:
    """Net and tax of a tax-inclusive total (net rounded to the cent; the tax is the rest)."""
    net = (total / (1 + rate)).quantize(CENT, rounding=ROUND_HALF_UP)
    return net, total - net


def uninvoiced_installments(ctx: ServiceContext | SystemContext, customer_id: int) -> list[Installment]:
    """The customer's installments of signed contracts with no (live) invoice, oldest contract and part first."""
    invoiced = select(Invoice.installment_id).where(Invoice.customer_id == customer_id,
                                                    Invoice.installment_id.is_not(None), Invoice.status != "void")
    return list(ctx.session.scalars(
        select(Installment).join(Contract, Contract.id == Installment.contract_id)
        .where(Contract.customer_id == customer_id, Contract.status.in_(payment_plans.OWED_STATUSES),
               Installment.id.not_in(invoiced))
        .order_by(Contract.signed_on, Contract.id, Installment.seq)))


def create(
    ctx: ServiceContext,
    customer_id: int,
    *,
    installment_id: int | None = None,
    amount: Decimal | None = None,
    rate: Decimal | None = None,
    issue_date: date | None = None,
    due_date: date | None = None,
    currency: str | None = None,
) -> Invoice:
    """Issue an invoice for an installment (its amount and contract) or for an amount."""
    customer = ctx.session.scalar(select(Customer).where(Customer.id == customer_id))
    if customer is None:
        raise NotFound(entity="customer")
    require_may_change(ctx.actor, "money")
    today = local_today(ctx.now(), ctx.actor.timezone)
    issued = issue_date or today
    if due_date is not None and due_date < issued:
        raise InvalidInput("invoice.due_before_issue")
    contract_id: int | None = None
    if installment_id is not None:
        installment = ctx.session.scalar(select(Installment).where(Installment.id == installment_id))
        if installment is None:
            raise NotFound(entity="installment")
        owner = payment_plans.contract(ctx, installment.contract_id)
        if owner.customer_id != customer.id:
            raise InvalidInput("invoice.installment_of_other_customer")
        live = number_of_installment(ctx, installment.id)
        if live is not None:
            raise Conflict("invoice.already_invoiced", number=live)
        amount = amount if amount is not None else installment.amount
        currency = currency or owner.currency
        contract_id = owner.id
        view = payment_plans.views(ctx, [installment])[0]
        # An installment invoiced late stays as late as it is: its due day is kept.
        due_date = due_date or view.due_on
    total = v.amount(amount)
    if total is None or total <= 0:
        raise InvalidInput("money.not_positive")
    chosen_rate = tax_rate(rate)
    net, tax = split_tax(total, chosen_rate)
    invoice = Invoice(
        number=f"{PREFIX}-{issued.year}-{number_sequences.next_value(ctx, f'invoice:{issued.year}'):04d}",
        contract_id=contract_id, installment_id=installment_id, customer_id=customer.id, issue_date=issued,
        due_date=due_date or issued + timedelta(days=PAYMENT_TERMS_DAYS), net_amount=net, tax_rate=chosen_rate,
        tax_amount=tax, total=total, currency=v.currency(currency, ctx.defaults.currency), status="issued",
        created_by_id=ctx.actor.user_id, created_at=ctx.now())
    ctx.session.add(invoice)
    ctx.session.flush()
    audit.record(ctx, "create_invoice", invoice, None)
    return invoice


def number_of_installment(ctx: ServiceContext | SystemContext, installment_id: int) -> str | None:
    """The number of the installment's live (not void) invoice, if it has one."""
    return ctx.session.scalar(select(Invoice.number).where(Invoice.installment_id == installment_id,
                                                           Invoice.status != "void"))


def paid_amounts(ctx: ServiceContext | SystemContext, invoice_ids: list[int]) -> dict[int, Decimal]:
    if not invoice_ids:
        return {}
    rows = ctx.session.execute(select(PaymentAllocation.invoice_id, func.sum(PaymentAllocation.amount))
                               .where(PaymentAllocation.invoice_id.in_(invoice_ids))
                               .group_by(PaymentAllocation.invoice_id)).all()
    return {row[0]: Decimal(row[1]) for row in rows}


def view(ctx: ServiceContext | SystemContext, invoices: list[Invoice]) -> list[InvoiceView]:
    return [InvoiceView(i, i.paid_amount, status_of(i, i.paid_amount)) for i in invoices]


def get(ctx: ServiceContext | SystemContext, invoice_id: int) -> InvoiceView:
    found = ctx.session.scalar(select(Invoice).where(Invoice.id == invoice_id))
    if found is None:
        raise NotFound(entity="invoice")
    return view(ctx, [found])[0]


def open_invoices(ctx: ServiceContext | SystemContext, customer_id: int) -> list[InvoiceView]:
    """The customer's issued invoices not fully paid, oldest due first."""
    rows = list(ctx.session.scalars(select(Invoice).where(Invoice.customer_id == customer_id,
                                                          Invoice.status == "issued",
                                                          Invoice.total > Invoice.paid_amount)
                                    .order_by(Invoice.due_date, Invoice.id)))
    return [found for found in view(ctx, rows) if found.outstanding > 0]


def void(ctx: ServiceContext, invoice_id: int) -> Invoice:
    found = get(ctx, invoice_id)
    require_may_change(ctx.actor, "money")
    if found.status == "void":
        raise Conflict("invoice.already_void", number=found.invoice.number)
    if found.paid > 0:
        raise Conflict("invoice.has_payments", number=found.invoice.number)
    before = audit.snapshot(found.invoice)
    found.invoice.status = "void"
    audit.record(ctx, "void_invoice", found.invoice, before)
    return found.invoice
