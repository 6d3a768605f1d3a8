"""Which team's numbers the dashboard shows: the actor's own scope, optionally narrowed to one team.

A manager reads their team (their scope already is that team); admin and finance read everyone's and may narrow
to one team. Narrowing stacks a second guard on the actor's session — that of a manager of the chosen team who
owns nothing (user id 0) — so every query gets both sets of criteria: the result is the intersection, never more
than the actor may read. Only for reading (the dashboard writes nothing)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import select

from core.context import ServiceContext
from core.errors import NotFound
from core.models import Team
from core.permissions import Actor, Scope
from core.scoping import guarded

# A user id no row carries: the lens owns nothing, so only the team criterion lets rows through.
_NOBODY = 0


def picks_team(ctx: ServiceContext) -> bool:
    """Whether the actor reads every team's deals (and so may choose one)."""
    return ctx.actor.read_scope("deal") is Scope.ALL


def teams(ctx: ServiceContext) -> list[tuple[int, str]]:
    """The teams the actor may look at, by name: every team for admin and finance, else their own (if any)."""
    query = select(Team.id, Team.name).order_by(Team.name, Team.id)
    if not picks_team(ctx):
        if ctx.actor.team_id is None or ctx.actor.read_scope("deal") < Scope.TEAM:
            return []
        query = query.where(Team.id == ctx.actor.team_id)
    return [(int(team_id), str(name)) for team_id, name in ctx.session.execute(query).all()]


@contextmanager
def team_view(ctx: ServiceContext, team_id: int | None) -> Iterator[None]:
    """Within the block the actor's queries see only `team_id`'s rows (None: the actor's whole scope). A team the
    actor may not pick is NotFound, like one that does not exist."""
    if team_id is None or (team_id == ctx.actor.team_id and not picks_team(ctx)):
        yield
        return
    if not picks_team(ctx) or team_id not in {found for found, _ in teams(ctx)}:
        raise NotFound("dashboard_filter.team")
    lens = Actor(user_id=_NOBODY, role="manager", team_id=team_id, language=ctx.actor.language,
                 timezone=ctx.actor.timezone, name=ctx.actor.name)
    with guarded(ctx.session, lens):
        yield
