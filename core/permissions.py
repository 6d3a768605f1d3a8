"""Who may see and change what. Every service applies these; no channel, job or API bypasses them.

- rep: their own customers, deals and tasks.
- manager: everything owned by members of their team.
- admin: everything.
- finance: reads everything (money is their job), changes no CRM data.
- pm: reads their team's customers and deals (projects come later), changes their own tasks.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, false, select, true
from sqlalchemy.orm import InstrumentedAttribute

from core.errors import NotFound, PermissionDenied
from core.models import User


@dataclass(frozen=True)
class Actor:
    user_id: int
    role: str
    team_id: int | None
    language: str
    timezone: str
    name: str

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def owned_scope(actor: Actor, owner_column: InstrumentedAttribute[int] | ColumnElement[int], *, for_write: bool
                ) -> ColumnElement[bool]:
    """A WHERE clause limiting rows with `owner_column` to those the actor may read (or write)."""
    role = actor.role
    if role == "admin":
        return true()
    if role == "finance":
        return false() if for_write else true()
    if role == "manager" or (role == "pm" and not for_write):
        if actor.team_id is None:
            return owner_column == actor.user_id
        team_members = select(User.id).where(User.team_id == actor.team_id).scalar_subquery()
        return owner_column.in_(team_members)
    if role in ("rep", "pm"):
        return owner_column == actor.user_id
    return false()


def can_write_owned(actor: Actor, owner_id: int, owner_team_id: int | None) -> bool:
    if actor.role == "admin":
        return True
    if actor.role == "manager":
        return owner_id == actor.user_id or (actor.team_id is not None and owner_team_id == actor.team_id)
    if actor.role in ("rep", "pm"):
        return owner_id == actor.user_id
    return False


def can_read_owned(actor: Actor, owner_id: int, owner_team_id: int | None) -> bool:
    if actor.role in ("admin", "finance"):
        return True
    if actor.role in ("manager", "pm"):
        return owner_id == actor.user_id or (actor.team_id is not None and owner_team_id == actor.team_id)
    return owner_id == actor.user_id


def require_write(actor: Actor, owner_id: int, owner_team_id: int | None, entity: str) -> None:
    """Refuse a change; an entity the actor cannot even read looks like it does not exist."""
    if not can_read_owned(actor, owner_id, owner_team_id):
        raise NotFound(entity=entity)
    if not can_write_owned(actor, owner_id, owner_team_id):
        raise PermissionDenied(entity=entity)


def may_assign_to(actor: Actor, assignee: User) -> bool:
    """Reps assign work to themselves; managers within their team; admins anyone."""
    if actor.role == "admin":
        return True
    if assignee.id == actor.user_id:
        return True
    return actor.role == "manager" and actor.team_id is not None and assignee.team_id == actor.team_id
