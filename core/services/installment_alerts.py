"""What the installment reminders scan for: installments of signed contracts falling due, or overdue, that are not
paid yet (uninvoiced, or invoiced and not fully paid). Scans run in the scheduler's system unit; `outstanding`
answers within whatever unit asks (at send time, the recipient's own)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import and_, func, or_, select

from core.context import SystemContext, Unit
from core.models import Contract, Customer, Installment, Invoice, ProjectTask
from core.services import payment_plans


@dataclass(frozen=True)
class InstallmentDue:
    installment_id: int
    label: str
    seq: int
    contract_number: str
    customer_id: int
    customer: str
    owner_id: int
    due_on: date
    outstanding: Decimal
    currency: str


def outstanding(unit: Unit, installment_id: int) -> Decimal:
    """What is still unpaid of the installment (0 when paid, gone, or not readable by the unit)."""
    row = unit.session.scalar(select(Installment).where(Installment.id == installment_id))
    if row is None:
        return Decimal(0)
    invoice = unit.session.scalar(select(Invoice).where(Invoice.installment_id == installment_id,
                                                        Invoice.status != "void"))
    if invoice is None:
        return row.amount
    return max(invoice.total - invoice.paid_amount, Decimal(0))


def due_between(system: SystemContext, first: date, last: date) -> list[InstallmentDue]:
    """Unpaid installments of signed contracts whose due day (its date, or its milestone's done day) lies in
    [first, last]."""
    due = func.coalesce(Installment.due_on, ProjectTask.done_on)
    rows = system.session.execute(
        select(Installment, Contract.number, Contract.currency, Customer.id, Customer.name, Customer.owner_id, due)
        .join(Contract, Contract.id == Installment.contract_id)
        .join(Customer, Customer.id == Contract.customer_id)
        .outerjoin(ProjectTask, and_(ProjectTask.id == Installment.milestone_task_id, ProjectTask.status == "done"))
        .where(Contract.status.in_(payment_plans.OWED_STATUSES),
               or_(Installment.due_on.between(first, last),
                   and_(Installment.due_on.is_(None), ProjectTask.done_on.between(first, last))))
        .order_by(due, Installment.id)).all()
    out = []
    for installment, number, currency, customer_id, name, owner_id, day in rows:
        left = outstanding(system, installment.id)
        if left > 0:
            out.append(InstallmentDue(installment.id, installment.label, installment.seq, number, customer_id, name,
                                      owner_id, day, left, currency))
    return out
