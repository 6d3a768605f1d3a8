"""Finding what a command is about — the customer, the deal — or asking the user which one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.handlers.base import Answer, Ask, Choose, HandlerContext, Option, Outcome
from core.errors import NotFound
from core.models import Deal
from core.services import customers, deals
from core.services import validation as v


@dataclass(frozen=True)
class CustomerTarget:
    id: int | None  # None: a new customer, created on confirmation
    name: str

    @property
    def is_new(self) -> bool:
        return self.id is None


def customer_target(
    h: HandlerContext,
    name: str | None,
    resolved: dict[str, Any],
    *,
    allow_create: bool,
    use_memory: bool = True,
) -> CustomerTarget | Outcome:
    if "customer_id" in resolved:
        customer = customers.get(h.ctx, int(resolved["customer_id"]))
        return CustomerTarget(customer.id, customer.name)
    if "new_customer" in resolved:
        return CustomerTarget(None, str(resolved["new_customer"]))
    if not name:
        remembered = h.memory.get("customer_id")
        if use_memory and remembered:
            try:
                customer = customers.get(h.ctx, int(remembered))
            except NotFound:
                pass
            else:
                return CustomerTarget(customer.id, customer.name)
        return Ask("customer", h.t("ask.customer"))
    resolution = h.index().resolve(name)
    if resolution.exact is not None:
        return CustomerTarget(resolution.exact.id, resolution.exact.name)
    options = [Option(match.name, {"customer_id": match.id}) for match in resolution.matches]
    clean = v.required_text(name, "customer")
    if allow_create:
        if customers.name_taken(h.ctx, clean):
            if not options:
                return Answer(h.t("error.customer_exists_elsewhere", name=clean), private=False)
        else:
            options.append(Option(h.t("choose.create_customer", name=clean), {"new_customer": clean}))
    if not options:
        return Answer(h.t("customer.none_match", name=clean), private=False)
    if resolution.matches:
        return Choose(h.t("choose.did_you_mean", name=clean), options)
    return Choose(h.t("choose.create_customer_question", name=clean), options)


def create_if_new(h: HandlerContext, target: CustomerTarget) -> int:
    """On confirmation: the customer id, creating the customer first when the proposal said so."""
    if target.id is not None:
        return target.id
    return customers.create(h.ctx, target.name).id


def deal_target(h: HandlerContext, customer_name: str | None, resolved: dict[str, Any]) -> Deal | Outcome:
    """The open deal a command is about: chosen, named by its customer, or the one we just talked about."""
    if "deal_id" in resolved:
        return deals.get(h.ctx, int(resolved["deal_id"]))
    if not customer_name and "customer_id" not in resolved:
        remembered = h.memory.get("deal_id")
        if remembered:
            try:
                return deals.get(h.ctx, int(remembered))
            except NotFound:
                pass
        if not h.memory.get("customer_id"):
            return Ask("customer", h.t("ask.which_deal"))
    target = customer_target(h, customer_name, resolved, allow_create=False)
    if not isinstance(target, CustomerTarget):
        return target
    assert target.id is not None
    open_deals = deals.query(h.ctx, customer_id=target.id, limit=10)
    if len(open_deals) == 1:
        return open_deals[0]
    if not open_deals:
        return Answer(h.t("deal.none_open", customer=target.name), private=False)
    options = [Option(_deal_label(h, d), {"deal_id": d.id, "customer_id": target.id}) for d in open_deals]
    return Choose(h.t("choose.which_deal", customer=target.name), options)


def _deal_label(h: HandlerContext, deal: Deal) -> str:
    amount = f" · {h.money(deal.amount, deal.currency)}" if deal.amount is not None else ""
    return f"{deal.title} ({h.t(f'stage.{deal.stage}')}){amount}"
