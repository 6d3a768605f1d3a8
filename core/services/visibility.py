"""May this user see that entity? The one question every outgoing push is checked against at send time.

Unknown entity types are not visible: a push that names something we cannot check is not sent.
"""

from __future__ import annotations

from sqlalchemy import select

from core.context import ServiceContext
from core.models import Customer, Deal, Interaction, Task, User
from core.permissions import can_read_owned, owned_scope
from core.services import customers, deals, tasks


def can_see(ctx: ServiceContext, entity_type: str, entity_id: int) -> bool:
    session, actor = ctx.session, ctx.actor
    if entity_type == "task":
        return session.scalar(tasks.visible(ctx).with_only_columns(Task.id).where(Task.id == entity_id)) is not None
    if entity_type == "deal":
        return session.scalar(deals.visible(ctx).with_only_columns(Deal.id).where(Deal.id == entity_id)) is not None
    if entity_type == "customer":
        found = customers.visible(ctx).with_only_columns(Customer.id).where(Customer.id == entity_id)
        return session.scalar(found) is not None
    if entity_type == "interaction":
        found = (select(Interaction.id).join(Customer, Customer.id == Interaction.customer_id)
                 .where(Interaction.id == entity_id, owned_scope(actor, Customer.owner_id, for_write=False)))
        return session.scalar(found) is not None
    if entity_type == "user":
        other = session.get(User, entity_id)
        return other is not None and can_read_owned(actor, other.id, other.team_id)
    if entity_type == "team":
        return actor.role == "admin" or (actor.team_id is not None and actor.team_id == entity_id)
    return False
