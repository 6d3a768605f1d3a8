"""Time tracking (工时): hours a user logs against a project (and optionally one of its tasks), and what a project
has burned against its budget.

Each entry keeps the logger's cost rate at the time (`User.cost_rate`), so a later raise does not rewrite past
margins. Refused with a clear answer: hours on a closed project, on a day still to come (in the user's own
timezone), or outside (0, 24].
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from core import audit
from core.context import ServiceContext, Unit
from core.errors import InvalidInput, NotFound
from core.models import CLOSED_PROJECT_STATUSES, Project, ProjectTask, TimeEntry, User
from core.services import validation as v
from core.timeutil import local_today

MAX_HOURS = Decimal(24)


def log(ctx: ServiceContext, project_id: int, hours: Decimal | float | str, *, work_date: date | None = None,
        task_id: int | None = None, note: str | None = None) -> TimeEntry:
    project = ctx.session.get(Project, project_id)
    if project is None:
        raise NotFound(entity="project")
    if project.status in CLOSED_PROJECT_STATUSES:
        raise InvalidInput("time.project_closed", name=project.name)
    amount = Decimal(str(hours))
    if not Decimal(0) < amount <= MAX_HOURS:
        raise InvalidInput("time.bad_hours", value=str(hours))
    today = local_today(ctx.now(), ctx.actor.timezone)
    day = work_date or today
    if day > today:
        raise InvalidInput("time.in_future", date=day.isoformat())
    if task_id is not None:
        task = ctx.session.get(ProjectTask, task_id)
        if task is None or task.project_id != project.id:
            raise NotFound(entity="project")
    user = ctx.session.get(User, ctx.actor.user_id)
    entry = TimeEntry(project_id=project.id, project_task_id=task_id, user_id=ctx.actor.user_id, work_date=day,
                      hours=amount.quantize(Decimal("0.01")), cost_rate=user.cost_rate if user else None,
                      note=v.clean_text(note, "note", limit=1000), created_at=ctx.now())
    ctx.session.add(entry)
    audit.record(ctx, "log_time", entry, None)
    return entry


@dataclass(frozen=True)
class Burn:
    hours: Decimal
    cost: Decimal
    # Hours whose logger had no cost rate (their cost is unknown, not zero).
    unpriced_hours: Decimal


def burned(unit: Unit, project_id: int) -> Burn:
    """Hours and cost (hours × the rate snapshotted on each entry) logged on a project, as the unit sees them."""
    row = unit.session.execute(
        select(func.coalesce(func.sum(TimeEntry.hours), 0),
               func.coalesce(func.sum(TimeEntry.hours * TimeEntry.cost_rate), 0),
               func.coalesce(func.sum(TimeEntry.hours).filter(TimeEntry.cost_rate.is_(None)), 0))
        .where(TimeEntry.project_id == project_id)).one()
    return Burn(Decimal(str(row[0])), Decimal(str(row[1])).quantize(Decimal("0.01")), Decimal(str(row[2])))


def burned_many(unit: Unit, project_ids: list[int]) -> dict[int, Burn]:
    """`burned` for many projects in one grouped query per chunk (the scheduler's scans)."""
    out = {pid: Burn(Decimal(0), Decimal("0.00"), Decimal(0)) for pid in project_ids}
    for start in range(0, len(project_ids), 500):
        chunk = project_ids[start:start + 500]
        rows = unit.session.execute(
            select(TimeEntry.project_id, func.coalesce(func.sum(TimeEntry.hours), 0),
                   func.coalesce(func.sum(TimeEntry.hours * TimeEntry.cost_rate), 0),
                   func.coalesce(func.sum(TimeEntry.hours).filter(TimeEntry.cost_rate.is_(None)), 0))
            .where(TimeEntry.project_id.in_(chunk)).group_by(TimeEntry.project_id)).all()
        for project_id, hours, cost, unpriced in rows:
            out[project_id] = Burn(Decimal(str(hours)), Decimal(str(cost)).quantize(Decimal("0.01")),
                                   Decimal(str(unpriced)))
    return out


def mine(ctx: ServiceContext, project_id: int) -> Decimal:
    """Hours the actor logged on a project."""
    total = ctx.session.scalar(select(func.coalesce(func.sum(TimeEntry.hours), 0))
                               .where(TimeEntry.project_id == project_id, TimeEntry.user_id == ctx.actor.user_id))
    return Decimal(str(total))
