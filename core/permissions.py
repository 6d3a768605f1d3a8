"""Who may see and change what: one table, read by the data-access layer and by nothing else.

`POLICY[role][entity]` gives the scope a role may read and the scope it may change. Scopes are rows owned
by the actor (OWN), by members of the actor's team (TEAM), by anyone (ALL), or nothing (NONE). Customers
count as the actor's own also when their owner shared them with the actor.

| role    | customers¹ | deals     | tasks     | daily reports | projects  | contracts | money     | hours     |
|---------|------------|-----------|-----------|---------------|-----------|-----------|-----------|-----------|
| rep     | own/own    | own/own   | own/own   | own/own       | own/own   | own/own   | own/own   | own/own   |
| manager | team/team  | team/team | team/team | team/own      | team/team | team/team | team/team | team/team |
| admin   | all/all    | all/all   | all/all   | all/own       | all/all   | all/all   | all/all   | all/all   |
| finance | all/—      | all/—     | all/own   | own/own       | all/—     | all/all   | all/all   | all/own   |
| pm      | team/—     | team/—    | team/own  | own/own       | team/own  | team/—    | team/—    | team/own  |

¹ customers, their contacts and interactions.

Contacts and interactions follow their customer; a deal's stage history follows the deal. A project is its
deal owner's and its project manager's own (its tasks, dependencies and change requests follow it; hours are
their logger's, and whoever reads a project reads the hours on it). Contracts are their owner's; money
(installments, invoices, payments) follows the customer it is owed by; an approval is read by whoever reads
its subject and decided only by the approver each step names. Every customer's *name* is known to everyone
(the 撞单 rule: nobody may unknowingly chase a customer a colleague owns), and nothing else about a customer
the actor cannot read. Personal rows (pushes, suggestions, preferences, minutes, voice notes, conversation
state, the actor's own audit trail) belong to their user alone.

Enforcement lives in `core.scoping`, which applies this table to every query and every flush of an actor's
session; services add clear early answers ("you may not change this") on top, never instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Literal, get_args

from core.errors import NotFound, PermissionDenied
from core.models.org import ROLES, Role

# The entities the table speaks of; contacts and interactions are "customer" data.
Entity = Literal["customer", "deal", "task", "daily_report", "project", "contract", "money", "time"]
ENTITIES: tuple[Entity, ...] = get_args(Entity)


# Who is expected to send a daily report (日报), and who receives the team digest about them.
DAILY_REPORTERS: tuple[Role, ...] = ("rep",)
DIGEST_READERS: tuple[Role, ...] = ("manager",)
# Who is offered next-best-action suggestions about their (or their team's) deals.
SUGGESTION_READERS: tuple[Role, ...] = ("rep", "manager")
# Who may open the web dashboard (数据看板). It shows the reports the chat shows, through the same scoping: a
# manager their team's, admin and finance everyone's (and they pick a team), a rep their own numbers. Project
# managers deliver projects and have no sales figures of their own to read there.
DASHBOARD_READERS: tuple[Role, ...] = ("rep", "manager", "admin", "finance")


class Scope(IntEnum):
    NONE = 0
    OWN = 1
    TEAM = 2
    ALL = 3


@dataclass(frozen=True)
class Access:
    read: Scope
    change: Scope


_N, _O, _T, _A = Scope.NONE, Scope.OWN, Scope.TEAM, Scope.ALL

POLICY: dict[Role, dict[Entity, Access]] = {
    "rep": {"customer": Access(_O, _O), "deal": Access(_O, _O), "task": Access(_O, _O),
            "daily_report": Access(_O, _O), "project": Access(_O, _O), "contract": Access(_O, _O),
            "money": Access(_O, _O), "time": Access(_O, _O)},
    "manager": {"customer": Access(_T, _T), "deal": Access(_T, _T), "task": Access(_T, _T),
                "daily_report": Access(_T, _O), "project": Access(_T, _T), "contract": Access(_T, _T),
                "money": Access(_T, _T), "time": Access(_T, _T)},
    "admin": {"customer": Access(_A, _A), "deal": Access(_A, _A), "task": Access(_A, _A),
              "daily_report": Access(_A, _O), "project": Access(_A, _A), "contract": Access(_A, _A),
              "money": Access(_A, _A), "time": Access(_A, _A)},
    "finance": {"customer": Access(_A, _N), "deal": Access(_A, _N), "task": Access(_A, _O),
                "daily_report": Access(_O, _O), "project": Access(_A, _N), "contract": Access(_A, _A),
                "money": Access(_A, _A), "time": Access(_A, _O)},
    "pm": {"customer": Access(_T, _N), "deal": Access(_T, _N), "task": Access(_T, _O),
           "daily_report": Access(_O, _O), "project": Access(_T, _O), "contract": Access(_T, _N),
           "money": Access(_T, _N), "time": Access(_T, _O)},
}


@dataclass(frozen=True)
class Actor:
    user_id: int
    role: Role
    team_id: int | None
    language: str
    timezone: str
    name: str

    def access(self, entity: Entity) -> Access:
        return POLICY[self.role][entity]

    def read_scope(self, entity: Entity) -> Scope:
        return self.access(entity).read

    def change_scope(self, entity: Entity) -> Scope:
        return self.access(entity).change

    def may_change_any(self, entity: Entity) -> bool:
        """Whether this role changes such things at all (asked before a card is shown)."""
        return self.change_scope(entity) > Scope.NONE

    def sees_team(self, entity: Entity) -> bool:
        """Whether lists of `entity` show more than the actor's own rows (a manager's team, an admin's all)."""
        return self.read_scope(entity) >= Scope.TEAM

    def leads_team(self) -> bool:
        """Managers (and admins) read their team's reports and digests."""
        return self.access("daily_report").read >= Scope.TEAM


def as_role(value: str) -> Role:
    """A stored role string as a Role (an unknown one is refused, never treated as a rep)."""
    for role in ROLES:
        if role == value:
            return role
    raise ValueError(f"unknown role {value!r}")


def within(scope: Scope, actor: Actor, owner_id: int, owner_team_id: int | None, *, shared: bool = False) -> bool:
    """Whether a row owned by `owner_id` (of team `owner_team_id`) lies within `scope` for the actor."""
    if scope is Scope.ALL:
        return True
    if scope is Scope.NONE:
        return False
    if owner_id == actor.user_id or shared:
        return True
    return scope is Scope.TEAM and actor.team_id is not None and owner_team_id == actor.team_id


def can_read(actor: Actor, entity: Entity, owner_id: int, owner_team_id: int | None, *, shared: bool = False
             ) -> bool:
    return within(actor.read_scope(entity), actor, owner_id, owner_team_id, shared=shared)


def can_change(actor: Actor, entity: Entity, owner_id: int, owner_team_id: int | None, *, shared: bool = False
               ) -> bool:
    return within(actor.change_scope(entity), actor, owner_id, owner_team_id, shared=shared)


def require_change(actor: Actor, entity: Entity, owner_id: int, owner_team_id: int | None, *,
                   shared: bool = False) -> None:
    """Refuse a change; a row the actor cannot even read looks like it does not exist."""
    if not can_read(actor, entity, owner_id, owner_team_id, shared=shared):
        raise NotFound(entity=entity)
    if not can_change(actor, entity, owner_id, owner_team_id, shared=shared):
        raise PermissionDenied(entity=entity)


def require_may_change(actor: Actor, entity: Entity) -> None:
    """The role check before a card: a read-only role is told at once, not after confirming."""
    if not actor.may_change_any(entity):
        raise PermissionDenied("error.role_read_only", entity=entity, role=actor.role)


def may_assign_to(actor: Actor, entity: Entity, assignee_id: int, assignee_team_id: int | None) -> bool:
    """Whether the actor may make `assignee` the owner of a new row (a rep: themselves; a manager: the team)."""
    return can_change(actor, entity, assignee_id, assignee_team_id)
