"""May this user see that entity? The one question every outgoing push is checked against at send time.

The actor's scoped session answers it: an entity the actor may not read is simply not found. Unknown entity
types are not visible: a push that names something we cannot check is not sent.
"""

from __future__ import annotations

from sqlalchemy import select

from core.context import ServiceContext
from core.models import AccessRequest, Contract, Customer, Deal, Interaction, Project, Task, User
from core.permissions import Scope, can_read

_ENTITIES: dict[str, type[Customer] | type[Deal] | type[Interaction] | type[Task] | type[AccessRequest]
                | type[Project] | type[Contract]] = {
    "task": Task, "deal": Deal, "customer": Customer, "interaction": Interaction, "contract": Contract,
    # Its requester, and whoever may decide it (may change the customer outright).
    "access_request": AccessRequest,
    # A project push (created, milestone due, at risk) goes to whoever reads the project: its owner and its PM.
    "project": Project,
}


def can_see(ctx: ServiceContext, entity_type: str, entity_id: int) -> bool:
    model = _ENTITIES.get(entity_type)
    if model is not None:
        return ctx.session.scalar(select(model.id).where(model.id == entity_id)) is not None
    if entity_type == "user":
        # Pushes about a person (their overdue work, their report) go to whoever reads that person's tasks.
        other = ctx.session.get(User, entity_id)
        return other is not None and can_read(ctx.actor, "task", other.id, other.team_id)
    if entity_type == "team":
        # Team pushes (digests) go to whoever reads the whole team's work.
        scope = ctx.actor.read_scope("task")
        return scope is Scope.ALL or (scope is Scope.TEAM and ctx.actor.team_id == entity_id)
    return False
