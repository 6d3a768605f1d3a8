"""Where-clauses for "rows within this scope for this actor", shared by the guards and by services' filters."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, false, or_, select, true
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql.elements import ColumnClause

from core.models import Customer, CustomerShare, Project, User
from core.permissions import Actor, Scope

OwnerColumn = InstrumentedAttribute[int] | ColumnClause[Any] | InstrumentedAttribute[int | None]


def owner_clause(actor: Actor, scope: Scope, column: OwnerColumn) -> ColumnElement[bool]:
    if scope is Scope.ALL:
        return true()
    if scope is Scope.NONE:
        return false()
    if scope is Scope.TEAM and actor.team_id is not None:
        return column.in_(select(User.id).where(User.team_id == actor.team_id))
    return column == actor.user_id


def customer_clause(actor: Actor, scope: Scope) -> ColumnElement[bool]:
    """Customers within `scope`: by owner, plus those shared with the actor (unless the scope is none/all)."""
    owned = owner_clause(actor, scope, Customer.owner_id)
    if scope in (Scope.ALL, Scope.NONE):
        return owned
    shared = Customer.id.in_(select(CustomerShare.customer_id).where(CustomerShare.user_id == actor.user_id))
    return or_(owned, shared)




def project_clause(actor: Actor, scope: Scope) -> ColumnElement[bool]:
    """Projects within `scope`: by their deal owner or by their project manager."""
    if scope in (Scope.ALL, Scope.NONE):
        return owner_clause(actor, scope, Project.owner_id)
    return or_(owner_clause(actor, scope, Project.owner_id), owner_clause(actor, scope, Project.manager_id))
