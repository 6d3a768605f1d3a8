"""Payments received (回款): "Acme paid 50k yesterday" → a card showing what it pays, oldest first → booked.

More than the customer owes is asked about before any card (an overpayment kept as credit, or the wrong
customer?), a customer who owes nothing is told so, and zero, negative or future payments are refused — in each
case nothing is written.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from bot.handlers.base import Answer, Ask, Choose, HandlerContext, Option, Outcome, Proposal
from bot.handlers.targets import CustomerTarget, customer_target
from bot.intents.schema import Command, RecordPayment
from core.errors import InvalidInput
from core.permissions import Entity
from core.services import payments
from core.services.payments import PaymentPreview


def _day(value: date | datetime | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def allocation_lines(h: HandlerContext, plan: PaymentPreview) -> list[str]:
    lines = []
    for allocation in plan.allocations:
        item = allocation.item
        full = allocation.amount >= item.outstanding
        key = "payment.line_full" if full else "payment.line_part"
        lines.append("  " + h.t(key, item=item.label, amount=h.money(allocation.amount, plan.currency),
                                 owed=h.money(item.outstanding, plan.currency)))
    if plan.excess > 0:
        lines.append("  " + h.t("payment.line_credit", amount=h.money(plan.excess, plan.currency)))
    return lines


class RecordPaymentHandler:
    intent = "record_payment"
    changes: Entity = "money"

    def prepare(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        assert isinstance(command, RecordPayment)
        if resolved.get("wrong_customer"):
            return Answer(h.t("payment.wrong_customer"), private=False)
        if command.amount is None:
            return Ask("amount", h.t("ask.payment_amount"))
        amount = payments.checked_amount(command.amount)
        received = _day(command.date) or h.today()
        if received > h.today():
            raise InvalidInput("payment.in_future")
        target = customer_target(h, command.customer, resolved, allow_create=False)
        if not isinstance(target, CustomerTarget):
            return target
        assert target.id is not None
        h.remember(customer_id=target.id)
        plan = payments.preview(h.ctx, target.id, amount, command.currency)
        money = {"customer": target.name, "amount": h.money(plan.amount, plan.currency),
                 "owed": h.money(plan.owed, plan.currency), "excess": h.money(plan.excess, plan.currency)}
        if plan.excess > 0 and not resolved.get("accept_excess"):
            return Choose(h.t("payment.ask_excess", **money), [
                Option(h.t("payment.option_overpayment", excess=money["excess"]),
                       {"customer_id": target.id, "accept_excess": True}),
                Option(h.t("payment.option_wrong_customer"), {"wrong_customer": True})])
        lines = [h.t("card.record_payment", customer=target.name, amount=money["amount"]),
                 "  " + h.t("card.received_on", date=h.day(received)), *allocation_lines(h, plan)]
        return Proposal(lines, {**resolved, "customer_id": target.id})

    def execute(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Answer:
        assert isinstance(command, RecordPayment) and command.amount is not None
        customer_id = int(resolved["customer_id"])
        payment, plan = payments.record(h.ctx, customer_id, command.amount, currency=command.currency,
                                        received_on=_day(command.date) or h.today(),
                                        accept_excess=bool(resolved.get("accept_excess")))
        target = customer_target(h, None, {"customer_id": customer_id}, allow_create=False)
        name = target.name if isinstance(target, CustomerTarget) else ""
        h.remember(customer_id=customer_id)
        left = plan.owed - sum((a.amount for a in plan.allocations), Decimal(0))
        lines = [h.t("payment.recorded", customer=name, amount=h.money(payment.amount, payment.currency)),
                 *allocation_lines(h, plan)]
        lines.append(h.t("payment.still_owed", amount=h.money(left, payment.currency)) if left > 0
                     else h.t("payment.all_paid", customer=name))
        return Answer("\n".join(lines))
