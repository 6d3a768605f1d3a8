"""Interactions (互动记录): visits, calls, emails, meetings, messages — and the follow-up they promise."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from core import audit
from core.context import ServiceContext
from core.errors import InvalidInput, NotFound
from core.models import CHANNELS, Contact, Deal, Interaction, InteractionContact, Task
from core.services import customers, deals, tasks
from core.services import validation as v

# Clocks on phones drift; a few minutes ahead is not "the future".
FUTURE_TOLERANCE = timedelta(minutes=10)


@dataclass(frozen=True)
class Person:
    """Someone met or spoken to, as the message named them (with what it said about them)."""

    name: str
    title: str | None = None
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class LoggedInteraction:
    interaction: Interaction
    follow_up_task: Task | None
    new_contacts: tuple[Contact, ...] = ()
    budget_deal: Deal | None = None


def record(
    ctx: ServiceContext,
    customer_id: int,
    *,
    channel: str,
    people: list[Person] | None = None,
    budget: Decimal | None = None,
    currency: str | None = None,
    summary: str | None = None,
    occurred_at: datetime | None = None,
    next_step: str | None = None,
    follow_up: date | datetime | None = None,
    follow_up_title: str | None = None,
    source: str = "text",
    source_text: str | None = None,
) -> LoggedInteraction:
    """What a visit (call, meeting …) note changes, as one use case: the people met become contacts (or fill in
    the title, phone and e-mail the note gave for known ones), the interaction is logged with them and its
    follow-up task, and a budget goes onto the customer's one open deal."""
    customers.get(ctx, customer_id, for_write=True)
    contact_ids: list[int] = []
    created: list[Contact] = []
    for person in people or []:
        existing = customers.find_contact(ctx, customer_id, person.name) or customers.contact_by_given_name(
            ctx, customer_id, person.name)
        if existing is None:
            contact = customers.add_contact(ctx, customer_id, person.name, title=person.title, phone=person.phone,
                                            email=person.email)
            created.append(contact)
        else:
            contact = existing
            if _adds_details(existing, person):
                customers.update_contact(ctx, existing.id, title=person.title, phone=person.phone,
                                         email=person.email)
        if contact.id not in contact_ids:
            contact_ids.append(contact.id)
    budget_deal = deals.record_budget(ctx, customer_id, budget, currency) if budget is not None else None
    logged = log(ctx, customer_id, channel=channel, contact_ids=contact_ids, summary=summary, occurred_at=occurred_at,
                 next_step=next_step, follow_up=follow_up, follow_up_title=follow_up_title, source=source,
                 source_text=source_text)
    return replace(logged, new_contacts=tuple(created), budget_deal=budget_deal)


def _adds_details(contact: Contact, person: Person) -> bool:
    return any(new is not None and new != old for new, old in (
        (person.title, contact.title), (person.phone, contact.phone), (person.email, contact.email)))


def recent(ctx: ServiceContext, *, author_id: int | None = None, since: datetime | None = None,
           until: datetime | None = None, channel: str | None = None, limit: int = 20) -> list[Interaction]:
    """Interactions the actor can see, newest first: one author's (a rep's visits), or everyone's in a period
    (what the team did today); `channel` keeps one kind (visits)."""
    query = select(Interaction)
    if author_id is not None:
        query = query.where(Interaction.author_id == author_id)
    if channel is not None:
        query = query.where(Interaction.channel == v.choice(channel, CHANNELS, "channel"))
    if since is not None:
        query = query.where(Interaction.occurred_at >= since)
    if until is not None:
        query = query.where(Interaction.occurred_at < until)
    query = query.order_by(Interaction.occurred_at.desc(), Interaction.id.desc()).limit(limit)
    return list(ctx.session.scalars(query).all())


def log(
    ctx: ServiceContext,
    customer_id: int,
    *,
    channel: str,
    summary: str | None = None,
    occurred_at: datetime | None = None,
    contact_ids: list[int] | None = None,
    next_step: str | None = None,
    follow_up: date | datetime | None = None,
    follow_up_title: str | None = None,
    source: str = "text",
    source_text: str | None = None,
) -> LoggedInteraction:
    customer = customers.get(ctx, customer_id, for_write=True)
    channel = v.choice(channel, CHANNELS, "channel") or "visit"
    when = occurred_at or ctx.now()
    if when.tzinfo is None:
        raise ValueError("occurred_at must be timezone-aware")
    if when > ctx.now() + FUTURE_TOLERANCE:
        raise InvalidInput("error.future_interaction")
    interaction = Interaction(
        customer_id=customer.id,
        author_id=ctx.actor.user_id,
        channel=channel,
        occurred_at=when,
        summary=v.clean_text(summary, "summary", limit=4000) or "",
        next_step=v.clean_text(next_step, "next_step", limit=1000),
        follow_up_on=follow_up.date() if isinstance(follow_up, datetime) else follow_up,
        source=v.choice(source, ("text", "voice"), "source") or "text",
        source_text=v.clean_text(source_text, "source_text", limit=20000),
        created_at=ctx.now(),
    )
    ctx.session.add(interaction)
    audit.record(ctx, "log_interaction", interaction, None)
    for contact_id in contact_ids or []:
        contact = ctx.session.get(Contact, contact_id)
        if contact is None or contact.customer_id != customer.id:
            raise NotFound(entity="contact")
        link = InteractionContact(interaction_id=interaction.id, contact_id=contact_id)
        ctx.session.add(link)
        audit.record(ctx, "log_interaction", link, None)
    task = None
    if follow_up is not None:
        # The caller words the task in the user's language; without one, the next step itself.
        title = follow_up_title or interaction.next_step or interaction.summary or customer.name
        task = tasks.create(ctx, title, due=follow_up, customer_id=customer.id, interaction_id=interaction.id)
    return LoggedInteraction(interaction, task)
