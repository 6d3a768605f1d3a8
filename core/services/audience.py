"""Who pushes go to: every active user with their zone and language resolved and their preferences filled in.

The tick loads everyone once (rules look at many people at one instant); the send-time guard loads the one
recipient of a push again, because between the two a user may have left, moved team or muted the kind.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from core.context import SystemContext
from core.models import Team, User
from core.models.org import Role
from core.permissions import as_role
from core.services import preferences
from core.services.preferences import Prefs


@dataclass(frozen=True)
class Recipient:
    """A user as a push sees them: zone and language resolved, preferences filled in."""

    user_id: int
    name: str
    role: Role
    team_id: int | None
    language: str
    timezone: str
    prefs: Prefs


class Audience:
    """Recipients by user id."""

    def __init__(self, people: dict[int, Recipient]) -> None:
        self._people = people

    def get(self, user_id: int) -> Recipient | None:
        return self._people.get(user_id)

    def all(self) -> list[Recipient]:
        return list(self._people.values())


def everyone(system: SystemContext) -> Audience:
    """Every active user (zones fall back to the team's, then to the default)."""
    return Audience(_load(system, None))


def one(system: SystemContext, user_id: int) -> Recipient | None:
    """One user as a recipient; None when they are gone or inactive."""
    return _load(system, user_id).get(user_id)


def _load(system: SystemContext, user_id: int | None) -> dict[int, Recipient]:
    query = select(User, Team.timezone).outerjoin(Team, Team.id == User.team_id).where(User.active.is_(True))
    if user_id is not None:
        query = query.where(User.id == user_id)
    rows = system.session.execute(query).all()
    prefs = preferences.load_many(system, [row[0].id for row in rows])
    return {user.id: Recipient(user.id, user.name, as_role(user.role), user.team_id, user.language,
                               user.timezone or team_tz or system.defaults.timezone, prefs[user.id])
            for user, team_tz in rows}
