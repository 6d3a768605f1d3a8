"""Finding what a command is about — the customer, the deal — or asking the user which one.

The one rule: a card targets a record only when the message names it (exactly, or by an alias), the user picked
it, or — when the message names no customer or deal at all — the conversation context gives it. A name that
resolves to nothing the user may change is never replaced by another record:
- unknown → the user is offered to create it (or told it is unknown, for commands that cannot create);
- a colleague's customer → the owned-customer answer (one wording everywhere, sent privately), with a button
  to ask for access; the user learns its name, nothing else;
- several candidates, or a near match (a typo, a prefix) → the user picks; a near match is never identity.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.handlers.base import Answer, Ask, Choose, HandlerContext, Option, Outcome
from bot.intents.resolve import Resolution
from core.errors import NotFound
from core.models import Deal
from core.names import loose_key
from core.outbound import Choice
from core.services import customers, deals
from core.services import validation as v


@dataclass(frozen=True)
class CustomerTarget:
    id: int | None  # None: a new customer, created on confirmation
    name: str

    @property
    def is_new(self) -> bool:
        return self.id is None


def owned_elsewhere_answer(h: HandlerContext, customer_id: int, name: str) -> Answer:
    """The owned-customer policy, worded once: privately, the name only, and a way to ask for access."""
    return Answer(h.t("customer.owned_by_colleague", name=name), private=True, choices=[
        Choice(label=h.t("button.request_access"), action=f"access:request:{customer_id}",
               fallback=h.t("fallback.request_access"))])


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
    if "elsewhere_id" in resolved:  # the user picked a colleague's customer among the candidates
        return owned_elsewhere_answer(h, int(resolved["elsewhere_id"]), str(resolved.get("elsewhere_name", "")))
    if not name:
        remembered = h.memory.customer_id
        if use_memory and remembered:
            try:
                customer = customers.get(h.ctx, remembered)
            except NotFound:
                pass
            else:
                return CustomerTarget(customer.id, customer.name)
        return Ask("customer", h.t("ask.customer"))
    clean = v.required_text(name, "customer")
    resolution = h.index().resolve(clean)
    exact = [m for m in resolution.matches if m.exact]
    mine = [m for m in exact if h.is_visible(m.id)]
    if len(mine) == 1:
        return CustomerTarget(mine[0].id, mine[0].name)
    if exact and not mine:
        elsewhere = exact[0]
        return owned_elsewhere_answer(h, elsewhere.id, elsewhere.name)
    return _candidates(h, clean, resolution, allow_create=allow_create)


def _candidates(h: HandlerContext, name: str, resolution: Resolution, *, allow_create: bool) -> Outcome:
    """Near matches (the user's own, and colleagues' — named as such), and creating the name when it is free."""
    options: list[Option] = []
    for match in resolution.matches:
        if h.is_visible(match.id):
            options.append(Option(match.name, {"customer_id": match.id}))
        else:
            options.append(Option(h.t("choose.colleague_customer", name=match.name),
                                  {"elsewhere_id": match.id, "elsewhere_name": match.name}))
    taken = customers.name_taken(h.ctx, name)
    if taken and not resolution.matches:
        elsewhere = customers.owned_elsewhere(h.ctx, name)
        if elsewhere is not None:
            return owned_elsewhere_answer(h, elsewhere.id, elsewhere.name)
    if allow_create and not taken:
        options.append(Option(h.t("choose.create_customer", name=name), {"new_customer": name}, creates=True))
    if not options:
        return Answer(h.t("customer.none_match", name=name), private=False)
    if len(resolution.matches) == 1:
        return Choose(h.t("choose.did_you_mean_one", name=name, candidate=resolution.matches[0].name), options)
    if resolution.matches:
        return Choose(h.t("choose.did_you_mean", name=name), options)
    return Choose(h.t("choose.create_customer_question", name=name), options)


def create_if_new(h: HandlerContext, target: CustomerTarget) -> int:
    """On confirmation: the customer id, creating the customer first when the proposal said so."""
    if target.id is not None:
        return target.id
    return customers.create(h.ctx, target.name).id


def deal_target(h: HandlerContext, customer_name: str | None, deal_name: str | None, resolved: dict[str, Any]
                ) -> Deal | Outcome:
    """The open deal a command is about: picked, named (by its title and/or its customer), or — only when the
    message names neither — the one we just talked about."""
    if "deal_id" in resolved:
        return deals.get(h.ctx, int(resolved["deal_id"]))
    if deal_name:
        return _deal_by_name(h, deal_name, customer_name, resolved)
    if not customer_name and "customer_id" not in resolved:
        remembered = h.memory.deal_id
        if remembered:
            try:
                return deals.get(h.ctx, remembered)
            except NotFound:
                pass
        if not h.memory.customer_id:
            return Ask("customer", h.t("ask.which_deal"))
    target = customer_target(h, customer_name, resolved, allow_create=False)
    if not isinstance(target, CustomerTarget):
        return target
    assert target.id is not None
    open_deals = deals.open_deals_of(h.ctx, target.id)
    if len(open_deals) == 1:
        return open_deals[0]
    if not open_deals:
        return Answer(h.t("deal.none_open", customer=target.name), private=False)
    options = [Option(deal_label(h, d, target.name), {"deal_id": d.id, "customer_id": target.id})
               for d in open_deals]
    return Choose(h.t("choose.which_deal", customer=target.name), options)


def _deal_by_name(h: HandlerContext, deal_name: str, customer_name: str | None, resolved: dict[str, Any]
                  ) -> Deal | Outcome:
    """A deal named by its title ("phase 2", 数据平台): among the user's open deals only, never another."""
    customer_id: int | None = None
    if customer_name or "customer_id" in resolved:
        target = customer_target(h, customer_name, resolved, allow_create=False, use_memory=False)
        if not isinstance(target, CustomerTarget):
            return target
        customer_id = target.id
    wanted = loose_key(deal_name)
    candidates = deals.query(h.ctx, customer_id=customer_id, limit=200)
    exact = [d for d in candidates if loose_key(d.title) == wanted]
    found = exact or [d for d in candidates if wanted and wanted in loose_key(d.title)]
    if len(found) == 1:
        return found[0]
    if not found:
        return Answer(h.t("deal.none_named", title=deal_name), private=False)
    names = deals.customer_names(h.ctx, found)
    options = [Option(deal_label(h, d, names.get(d.customer_id, "")), {"deal_id": d.id}) for d in found[:8]]
    where = h.t("list.join").join(dict.fromkeys(names.get(d.customer_id, "") for d in found[:8]))
    return Choose(h.t("choose.which_deal_named", title=deal_name, customers=where), options)


def deal_label(h: HandlerContext, deal: Deal, customer: str) -> str:
    """"phase 2 · Acme Corp (proposal) · ¥500,000": enough to tell two deals of the same title apart."""
    amount = f" · {h.money(deal.amount, deal.currency)}" if deal.amount is not None else ""
    return f"{deal.title} · {customer} ({h.t(f'stage.{deal.stage}')}){amount}"

