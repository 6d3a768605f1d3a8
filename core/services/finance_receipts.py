"""Payments reported by finance systems, by their own id: a repeated report books nothing twice.

The report is signed by a system, not a user, so it runs in a system unit; the payment itself is booked by the
payments service in the configured finance user's unit inside it (`CoreGateway.unit_within`), so the receipt
and the payment commit together or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from core.context import CoreGateway, SystemContext
from core.models import FinanceReceipt
from core.services import payments, users


@dataclass(frozen=True)
class Report:
    external_id: str
    customer_id: int
    amount: Decimal
    currency: str | None = None
    received_on: date | None = None
    reference: str | None = None
    note: str | None = None
    accept_excess: bool = False


def payment_for(system: SystemContext, external_id: str) -> int | None:
    return system.session.scalar(select(FinanceReceipt.payment_id).where(FinanceReceipt.external_id == external_id))


def book(core: CoreGateway, user_name: str, report: Report) -> tuple[int, bool]:
    """(payment id, whether it was booked before). Of two concurrent reports of one id, the second loses on the
    unique external id, rolls back whole, and then finds the first one's payment."""
    for _ in range(2):
        try:
            with core.system() as system:
                known = payment_for(system, report.external_id)
                if known is not None:
                    return known, True
                user = users.require_by_name(system, user_name)
                with core.unit_within(system, user.id) as ctx:
                    payment, _ = payments.record(ctx, report.customer_id, report.amount, currency=report.currency,
                                                 received_on=report.received_on, reference=report.reference,
                                                 note=report.note, accept_excess=report.accept_excess)
                    payment_id = payment.id
                system.session.add(FinanceReceipt(external_id=report.external_id, payment_id=payment_id,
                                                  created_at=system.now()))
                system.session.flush()
                return payment_id, False
        except IntegrityError:
            continue
    raise RuntimeError("a finance receipt was neither booked nor found")
