"""Money: a contract's payment plan (installments), invoices, payments received (回款) and what they paid."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.models.base import Base

# "paid" = settled in full, kept in step by the payments service so that open invoices ("issued", partly paid or
# not) are found by index; "partly paid" is derived from the allocations (core.services.invoices.status_of).
INVOICE_STATUSES = ("draft", "issued", "paid", "void")


class Installment(Base):
    """One part of a payment plan ("30/60/10"): due on a date, or when a project milestone is done."""

    __tablename__ = "installments"
    __table_args__ = (UniqueConstraint("contract_id", "seq"), CheckConstraint("amount > 0", name="amount_positive"))

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int]
    label: Mapped[str] = mapped_column(String(120))
    percent: Mapped[Decimal | None]
    amount: Mapped[Decimal]
    due_on: Mapped[date | None] = mapped_column(index=True)
    milestone_task_id: Mapped[int | None] = mapped_column(ForeignKey("project_tasks.id", ondelete="SET NULL"))


class Invoice(Base):
    __tablename__ = "invoices"
    __table_args__ = (CheckConstraint("total > 0", name="total_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    contract_id: Mapped[int | None] = mapped_column(ForeignKey("contracts.id", ondelete="SET NULL"), index=True)
    installment_id: Mapped[int | None] = mapped_column(ForeignKey("installments.id", ondelete="SET NULL"),
                                                       unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    issue_date: Mapped[date]
    due_date: Mapped[date] = mapped_column(index=True)
    # Amounts are tax-inclusive as contracts are (含税): total = net + tax.
    net_amount: Mapped[Decimal]
    tax_rate: Mapped[Decimal] = mapped_column(default=Decimal("0"))
    tax_amount: Mapped[Decimal]
    total: Mapped[Decimal]
    # The sum of its payment allocations, kept in step by the payments service: aging reads open invoices alone.
    paid_amount: Mapped[Decimal] = mapped_column(default=Decimal("0"), server_default="0")
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(8), default="issued", index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]


class Payment(Base):
    """Money received from a customer; what it paid is in its allocations, the rest is the customer's credit."""

    __tablename__ = "payments"
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    amount: Mapped[Decimal]
    currency: Mapped[str] = mapped_column(String(3))
    received_on: Mapped[date] = mapped_column(index=True)
    reference: Mapped[str | None] = mapped_column(String(120))
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]


class PaymentAllocation(Base):
    __tablename__ = "payment_allocations"
    __table_args__ = (UniqueConstraint("payment_id", "invoice_id"), CheckConstraint("amount > 0", name="positive"))

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id", ondelete="CASCADE"), index=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"), index=True)
    amount: Mapped[Decimal]


class NumberSequence(Base):
    """The next number of a series ("invoice:2027"): taken under a row lock so two writers never share one."""

    __tablename__ = "number_sequences"

    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    next_value: Mapped[int] = mapped_column(default=1)
