"""Teams, users and linked chat identities — administered from the CLI, looked up by every channel."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from core import audit
from core.context import ServiceContext, Unit
from core.errors import Conflict, InvalidInput, NotFound
from core.models import LANGUAGES, ROLES, ChatIdentity, Team, User
from core.permissions import Entity, can_read
from core.services import validation as v
from core.timeutil import is_valid_zone

PLATFORMS = ("telegram", "slack", "console")


def get_or_create_team(unit: Unit, name: str) -> Team:
    clean = v.required_text(name, "team", limit=120)
    team = unit.session.scalar(select(Team).where(Team.name == clean))
    if team is None:
        team = Team(name=clean, created_at=unit.now())
        unit.session.add(team)
        audit.record_admin(unit, "create_team", team, None)
    return team


def add_user(
    unit: Unit,
    name: str,
    *,
    role: str,
    team: str | None = None,
    language: str = "zh",
    timezone: str | None = None,
    email: str | None = None,
) -> User:
    clean = v.required_text(name, "name", limit=120)
    if v.choice(role, ROLES, "role") is None:
        raise InvalidInput("error.required", field="role")
    v.choice(language, LANGUAGES, "language")
    if timezone is not None and not is_valid_zone(timezone):
        raise InvalidInput("error.bad_timezone", value=timezone)
    if find_by_name(unit, clean) is not None:
        raise Conflict("error.user_exists", name=clean)
    team_row = get_or_create_team(unit, team) if team else None
    user = User(
        name=clean, role=role, team_id=team_row.id if team_row else None, language=language,
        timezone=timezone, email=v.email(email), active=True, created_at=unit.now(),
    )
    unit.session.add(user)
    audit.record_admin(unit, "create_user", user, None)
    return user


def find_by_name(unit: Unit, name: str) -> User | None:
    return unit.session.scalar(select(User).where(func.lower(User.name) == name.strip().lower()))


def require_by_name(unit: Unit, name: str) -> User:
    user = find_by_name(unit, name)
    if user is None:
        raise NotFound("error.unknown_user", name=name)
    return user


def list_users(unit: Unit) -> list[tuple[User, str | None]]:
    query = select(User, Team.name).outerjoin(Team, Team.id == User.team_id).order_by(User.id)
    rows = unit.session.execute(query).all()
    return [(row[0], row[1]) for row in rows]


def link(unit: Unit, user: User, platform: str, platform_user_id: str) -> ChatIdentity:
    v.choice(platform, PLATFORMS, "platform")
    pid = v.required_text(platform_user_id, "id", limit=64)
    session, now = unit.session, unit.now()
    existing = session.scalar(
        select(ChatIdentity).where(ChatIdentity.platform == platform, ChatIdentity.platform_user_id == pid)
    )
    if existing is not None:
        if existing.user_id == user.id:
            return existing
        raise Conflict("error.identity_taken", platform=platform, id=pid)
    identity = ChatIdentity(platform=platform, platform_user_id=pid, user_id=user.id, created_at=now)
    session.add(identity)
    try:
        session.flush()
    except IntegrityError as exc:  # a concurrent link of the same account
        raise Conflict("error.identity_taken", platform=platform, id=pid) from exc
    audit.record_admin(unit, "link_identity", identity, None)
    return identity


def colleague(ctx: ServiceContext, name: str, *, about: Entity = "task") -> User | None:
    """The active person called `name` whose work the actor reads (a manager's team member, anyone for an
    admin): who "Alice's pipeline" is about. Someone else is None: a rep learns nothing of a colleague.
    `about` names the kind of work asked about (deals, tasks, customers, daily reports): the actor must read
    that person's rows of that kind."""
    wanted = name.strip().casefold()
    if not wanted:
        return None
    for user in ctx.session.scalars(select(User).where(User.active.is_(True))):
        if user.name.casefold() == wanted and can_read(ctx.actor, about, user.id, user.team_id):
            return user
    return None


def only_with_email(unit: Unit, email: str) -> User | None:
    """The one active user with this e-mail (case-insensitive); None when there is none or more than one."""
    wanted = email.strip().lower()
    if not wanted:
        return None
    matches = unit.session.scalars(select(User).where(func.lower(User.email) == wanted, User.active.is_(True))).all()
    return matches[0] if len(matches) == 1 else None


def name_of(unit: Unit, user_id: int) -> str | None:
    return unit.session.scalar(select(User.name).where(User.id == user_id))


def language_of(unit: Unit, user_id: int) -> str | None:
    return unit.session.scalar(select(User.language).where(User.id == user_id))


def user_for_identity(unit: Unit, platform: str, platform_user_id: str) -> User | None:
    return unit.session.scalar(
        select(User)
        .join(ChatIdentity, ChatIdentity.user_id == User.id)
        .where(ChatIdentity.platform == platform, ChatIdentity.platform_user_id == platform_user_id)
        .where(User.active.is_(True))
    )
