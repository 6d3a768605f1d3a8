"""Interactions (互动记录): visits, calls, emails, meetings, messages — and the follow-up they promise."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from core import audit
from core.context import ServiceContext
from core.errors import InvalidInput, NotFound
from core.models import CHANNELS, Contact, Interaction, InteractionContact, Task
from core.services import customers, tasks
from core.services import validation as v

# Clocks on phones drift; a few minutes ahead is not "the future".
FUTURE_TOLERANCE = timedelta(minutes=10)


@dataclass(frozen=True)
class LoggedInteraction:
    interaction: Interaction
    follow_up_task: Task | None


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


def contacts_of(ctx: ServiceContext, interaction_id: int) -> list[Contact]:
    query = (
        select(Contact)
        .join(InteractionContact, InteractionContact.contact_id == Contact.id)
        .where(InteractionContact.interaction_id == interaction_id)
        .order_by(Contact.id)
    )
    return list(ctx.session.scalars(query).all())
