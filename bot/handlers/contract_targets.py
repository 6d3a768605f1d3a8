"""Which contract a message means: its number, else its customer's (the one in the status the action needs),
else the one talked about last. Never guessed: an unknown number is said, several candidates are offered."""

from __future__ import annotations

from typing import Any

from bot.handlers.base import Answer, Ask, Choose, HandlerContext, Option, Outcome
from bot.handlers.targets import CustomerTarget, customer_target
from core.errors import NotFound
from core.models import Contract
from core.services import contracts

LIVE = ("draft", "pending_approval", "approved", "rejected", "sent", "signed")


def contract_label(h: HandlerContext, contract: Contract, customer: str | None = None) -> str:
    name = customer if customer is not None else contracts.names_of(h.ctx, [contract]).get(contract.customer_id, "")
    return h.t("contract.label", number=contract.number, customer=name, title=contract.title,
               amount=h.money(contract.amount, contract.currency))


def contract_target(h: HandlerContext, number: str | None, customer: str | None, resolved: dict[str, Any], *,
                    prefer: tuple[str, ...] = ()) -> Contract | Outcome:
    """The contract meant; `prefer`: the statuses the action applies to (picked first among a customer's)."""
    if "contract_id" in resolved:
        return contracts.get(h.ctx, int(resolved["contract_id"]))
    if number:
        try:
            return contracts.by_number(h.ctx, number)
        except NotFound:
            return Answer(h.t("contract.unknown_number", number=number), private=False)
    if not customer and not h.memory.customer_id:
        return Ask("contract", h.t("ask.contract"))
    target = customer_target(h, customer, resolved, allow_create=False)
    if not isinstance(target, CustomerTarget):
        return target
    assert target.id is not None
    found = contracts.query(h.ctx, customer_id=target.id, statuses=LIVE, limit=10)
    if not found:
        return Answer(h.t("contract.none_for", customer=target.name))
    fitting = [c for c in found if c.status in prefer] or found
    if len(fitting) == 1:
        return fitting[0]
    return Choose(h.t("choose.contract", customer=target.name),
                  [Option(contract_label(h, c, target.name) + f" · {h.t(f'contract_status.{c.status}')}",
                          {"contract_id": c.id}) for c in fitting])
