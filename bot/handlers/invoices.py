"""Invoices from chat: "invoice Acme for the first installment" / "给星辰科技开发票" → a card → the invoice, numbered,
with its printable HTML attached. Which installment is never guessed: named by its place ("first", 尾款), or the
oldest one not invoiced yet; several contracts with such an installment → the user picks."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from bot.handlers.base import Answer, Choose, HandlerContext, Option, Outcome, Proposal
from bot.handlers.targets import CustomerTarget, customer_target
from bot.intents.schema import Command
from bot.intents.specs.money import CreateInvoice
from core.models import Contract, Installment
from core.permissions import Entity
from core.services import invoice_documents, invoices, payment_plans, payments


def _candidates(h: HandlerContext, customer_id: int, which: str | None) -> list[tuple[Contract, Installment]]:
    rows = payment_plans.of_customer(h.ctx, customer_id)
    if which is None or which == "next":
        pending = {i.id for i in invoices.uninvoiced_installments(h.ctx, customer_id)}
        first = next((row for row in rows if row[1].id in pending), None)
        return [first] if first is not None else []
    if which == "last":
        last: dict[int, tuple[Contract, Installment]] = {}
        for contract, installment in rows:
            last[contract.id] = (contract, installment)
        return list(last.values())
    return [row for row in rows if str(row[1].seq) == which]


class CreateInvoiceHandler:
    intent = "create_invoice"
    changes: Entity = "money"

    def prepare(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        assert isinstance(command, CreateInvoice)
        target = customer_target(h, command.customer, resolved, allow_create=False)
        if not isinstance(target, CustomerTarget):
            return target
        assert target.id is not None
        h.remember(customer_id=target.id)
        rate = invoices.tax_rate(None if command.tax_rate is None else Decimal(str(command.tax_rate)))
        rate_text = f"{(rate * 100).normalize():f}%"
        settled = {**resolved, "customer_id": target.id}
        if command.amount is not None and command.installment is None and "installment_id" not in resolved:
            total = payments.checked_amount(command.amount)
            amount_line = h.t("card.invoice_amount", amount=h.money(total, command.currency), rate=rate_text)
            return Proposal([h.t("card.create_invoice", customer=target.name), "  " + amount_line], settled)
        if "installment_id" in resolved:
            rows = [row for row in payment_plans.of_customer(h.ctx, target.id)
                    if row[1].id == int(resolved["installment_id"])]
        else:
            rows = _candidates(h, target.id, command.installment)
        if not rows:
            return Answer(h.t("invoice.nothing_to_invoice", customer=target.name))
        if len(rows) > 1:
            return Choose(h.t("invoice.which_contract", customer=target.name), [
                Option(f"{contract.number} · {contract.title} · {installment.label} · "
                       f"{h.money(installment.amount, contract.currency)}", {"installment_id": installment.id})
                for contract, installment in rows])
        contract, installment = rows[0]
        already = invoices.number_of_installment(h.ctx, installment.id)
        if already is not None:
            return Answer(h.t("invoice.already_invoiced", number=already))
        view = payment_plans.views(h.ctx, [installment])[0]
        lines = [h.t("card.create_invoice", customer=target.name),
                 "  " + h.t("card.invoice_installment", label=installment.label, seq=installment.seq,
                            contract=contract.number),
                 "  " + h.t("card.invoice_amount", amount=h.money(installment.amount, contract.currency),
                            rate=rate_text)]
        if view.due_on is not None:
            lines.append("  " + h.t("card.invoice_due", date=h.day(view.due_on)))
        return Proposal(lines, {**settled, "installment_id": installment.id})

    def execute(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Answer:
        assert isinstance(command, CreateInvoice)
        rate = None if command.tax_rate is None else Decimal(str(command.tax_rate))
        installment_id = resolved.get("installment_id")
        invoice = invoices.create(h.ctx, int(resolved["customer_id"]),
                                  installment_id=int(installment_id) if installment_id is not None else None,
                                  amount=None if installment_id is not None else command.amount,
                                  rate=rate, currency=command.currency)
        document = invoice_documents.document(h.ctx, invoice.id, h.lang)
        return Answer(h.t("invoice.created", number=invoice.number, amount=h.money(invoice.total, invoice.currency),
                          date=h.day(invoice.due_date)), document=document)

