"""Customers: create (never a silent duplicate), add a contact, and the 360° card."""

from __future__ import annotations

from typing import Any

from bot.handlers.base import Answer, Ask, Choose, HandlerContext, Option, Outcome, Proposal, ReadHandler
from bot.handlers.contract_card import contract_lines
from bot.handlers.reads import whose
from bot.handlers.targets import CustomerTarget, customer_target, owned_elsewhere_answer
from bot.intents.schema import AddContact, Command, CreateCustomer, ListCustomers, QueryCustomer
from core.permissions import Entity, Scope
from core.services import customers
from core.services import validation as v


class CreateCustomerHandler:
    intent = "create_customer"
    changes: Entity = "customer"

    def prepare(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        assert isinstance(command, CreateCustomer)
        if not command.name:
            return Ask("name", h.t("ask.customer_name"))
        name = v.required_text(command.name, "name")
        if "existing_id" in resolved:
            existing = customers.get(h.ctx, int(resolved["existing_id"]))
            h.remember(customer_id=existing.id)
            return Answer(h.t("customer.kept_existing", name=existing.name), private=False)
        if "elsewhere_id" in resolved:
            return owned_elsewhere_answer(h, int(resolved["elsewhere_id"]), str(resolved.get("elsewhere_name", "")))
        if not resolved.get("confirmed_new"):
            resolution = h.index().resolve(name)
            exact = [m for m in resolution.matches if m.exact]
            if any(h.is_visible(m.id) for m in exact):
                mine = next(m for m in exact if h.is_visible(m.id))
                return Answer(h.t("customer.already_yours", name=mine.name), private=False)
            elsewhere = customers.owned_elsewhere(h.ctx, name) if exact or customers.name_taken(h.ctx, name) else None
            if elsewhere is not None:
                return owned_elsewhere_answer(h, elsewhere.id, elsewhere.name)
            if resolution.matches:
                options = [Option(m.name, {"existing_id": m.id}) if h.is_visible(m.id) else
                           Option(h.t("choose.colleague_customer", name=m.name),
                                  {"elsewhere_id": m.id, "elsewhere_name": m.name})
                           for m in resolution.matches]
                options.append(Option(h.t("choose.create_customer", name=name), {"confirmed_new": True},
                                      creates=True))
                return Choose(h.t("choose.did_you_mean", name=name), options)
        lines = [h.t("card.create_customer", name=name)]
        details = [x for x in (command.industry, command.city) if x]
        if details:
            lines.append("  " + " · ".join(details))
        return Proposal(lines)

    def execute(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Answer:
        assert isinstance(command, CreateCustomer) and command.name
        customer = customers.create(h.ctx, command.name, industry=command.industry, city=command.city)
        h.remember(customer_id=customer.id, forget_deal=True)
        return Answer(h.t("customer.created", name=customer.name))


class AddContactHandler:
    intent = "add_contact"
    changes: Entity = "customer"

    def prepare(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        assert isinstance(command, AddContact)
        if not command.contact:
            return Ask("contact", h.t("ask.contact_name"))
        target = customer_target(h, command.customer, resolved, allow_create=False)
        if not isinstance(target, CustomerTarget):
            return target
        assert target.id is not None
        existing = customers.find_contact(h.ctx, target.id, command.contact)
        if existing is not None:
            return Answer(h.t("error.contact_exists", name=existing.name, customer=target.name), private=False)
        v.email(command.email)
        v.phone(command.phone)
        lines = [h.t("card.add_contact", name=command.contact, customer=target.name)]
        details = [x for x in (command.title, command.phone, command.email) if x]
        if details:
            lines.append("  " + " · ".join(details))
        return Proposal(lines, {"customer_id": target.id})

    def execute(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Answer:
        assert isinstance(command, AddContact) and command.contact
        customer = customers.get(h.ctx, int(resolved["customer_id"]), for_write=True)
        contact = customers.add_contact(
            h.ctx, customer.id, command.contact, title=command.title, phone=command.phone, email=command.email
        )
        h.remember(customer_id=customer.id)
        return Answer(h.t("contact.added", name=contact.name, customer=customer.name))


class QueryCustomerHandler(ReadHandler):
    intent = "query_customer"

    def prepare(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        assert isinstance(command, QueryCustomer)
        note = ""
        if "customer_id" not in resolved and command.customer:
            resolution = h.index().resolve(command.customer)
            best = resolution.best
            if resolution.exact is None and best is not None and h.is_visible(best.id):
                # A read may show the closest match, saying so; it never becomes identity for a write.
                resolved = {"customer_id": best.id}
                note = h.t("customer.closest_match", query=command.customer, name=best.name) + "\n"
        target = customer_target(h, command.customer, resolved, allow_create=False)
        if not isinstance(target, CustomerTarget):
            return target
        assert target.id is not None
        h.remember(customer_id=target.id)
        if command.part == "contacts":
            return Answer(note + render_contacts(h, target.id, target.name))
        if command.part == "interactions":
            return Answer(note + render_interactions(h, target.id, target.name))
        return Answer(note + render_card(h, target.id))


class ListCustomersHandler(ReadHandler):
    """The customers the user looks after (a manager: their own, else the team's), or a colleague's."""

    intent = "list_customers"
    limit = 30

    def prepare(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        assert isinstance(command, ListCustomers)
        who = whose(h, command.person, "customer")
        if isinstance(who, Answer):
            return who
        actor = h.ctx.actor
        owner_id: int | None = who.user_id
        if who.user is not None:
            found = customers.listed(h.ctx, owner_id=owner_id, limit=self.limit + 1)
            title_key, params = "customers.title_person", {"name": who.name}
        elif actor.sees_team("customer") and (mine := customers.listed(h.ctx, owner_id=actor.user_id,
                                                                          limit=self.limit + 1)):
            found, title_key, params = mine, "customers.title_mine", {}
        else:
            # A rep's customers are what they see (their own and those shared with them); a manager without
            # customers of their own sees the team's, an admin everyone's — and the title says so.
            found = customers.listed(h.ctx, limit=self.limit + 1)
            scope = actor.read_scope("customer")
            title_key = ("customers.title_everyone" if scope is Scope.ALL else
                         "customers.title_team" if scope is Scope.TEAM else "customers.title_mine")
            params = {}
        shown = found[: self.limit]
        more = len(found) - len(shown)
        lines = [h.t(title_key, count=len(found) if not more else f"{self.limit}+", **params)]
        if not shown:
            lines.append("  " + h.t("customers.none"))
        for customer in shown:
            facts = [x for x in (customer.industry, customer.city) if x]
            lines.append("  • " + " · ".join([customer.name, *facts]))
        if more:
            lines.append("  " + h.t("customers.more", count=more))
        return Answer("\n".join(lines))


def render_contacts(h: HandlerContext, customer_id: int, name: str) -> str:
    lines = [h.t("customer.contacts_title", customer=name)]
    people = customers.contacts(h.ctx, customer_id)
    if not people:
        lines.append("  " + h.t("customer.no_contacts", customer=name))
    for person in people:
        lines.append("  • " + " · ".join(x for x in (person.name, person.title, person.phone, person.email) if x))
    return "\n".join(lines)


def render_interactions(h: HandlerContext, customer_id: int, name: str) -> str:
    card = customers.card(h.ctx, customer_id, recent=10)
    lines = [h.t("customer.interactions_title", customer=name)]
    if not card.interactions:
        lines.append("  " + h.t("customer.no_interactions"))
    for item in card.interactions:
        summary = item.summary if len(item.summary) <= 80 else item.summary[:77] + "…"
        lines.append(f"  • {h.day(h.local_date(item.occurred_at))} {h.t(f'channel.{item.channel}')}: {summary}")
    return "\n".join(lines)


def render_card(h: HandlerContext, customer_id: int) -> str:
    card = customers.card(h.ctx, customer_id)
    c = card.customer
    lines = [f"🏢 {c.name} · {h.t(f'customer_status.{c.status}')}"]
    facts = [x for x in (c.industry, c.city) if x]
    facts.append(h.t("card.owner", name=card.owner_name))
    lines.append("  " + " · ".join(facts))
    lines.append(h.t("card.contacts_header"))
    if card.contacts:
        lines += [f"  • {ct.name}" + (f" · {ct.title}" if ct.title else "") for ct in card.contacts]
    else:
        lines.append("  " + h.t("card.none"))
    lines.append(h.t("card.interactions_header"))
    if card.interactions:
        for item in card.interactions:
            summary = item.summary if len(item.summary) <= 60 else item.summary[:57] + "…"
            lines.append(f"  • {h.day(h.local_date(item.occurred_at))} {h.t(f'channel.{item.channel}')}: {summary}")
    else:
        lines.append("  " + h.t("card.none"))
    lines.append(h.t("card.deals_header"))
    if card.open_deals:
        for deal in card.open_deals:
            close = f" · {h.t('card.closes', date=h.day(deal.expected_close_date))}" if deal.expected_close_date else ""
            lines.append(
                f"  • {deal.title} · {h.t(f'stage.{deal.stage}')} · {h.money(deal.amount, deal.currency)}{close}"
            )
    else:
        lines.append("  " + h.t("card.none"))
    lines.append(h.t("card.tasks_header"))
    if card.open_tasks:
        for task in card.open_tasks:
            due = f" · {h.due(task)}" if task.due_at else ""
            lines.append(f"  • {task.title}{due}")
    else:
        lines.append("  " + h.t("card.none"))
    lines += contract_lines(h, customer_id)
    return "\n".join(lines)

