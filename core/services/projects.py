"""Projects (项目交付): a won deal becomes a project; find, read and report progress on projects.

The use case of a win lives here, not in a handler: `deals.update` / `deals.create` call `on_deal_won` and
`on_deal_reopened` in the same unit of work, so a deal is never won without its project. The project starts from
the template for the deal's type (`core.project_templates`; a broken template refuses the win with a clear error,
nothing written), its tasks scheduled from their dependencies (`core.project_tasks`), and the deal owner's team
PM as its manager — none found, the manager stays empty and the owner's push asks them to name one (the pushes
themselves are the `project_created` reminder kind, which finds new projects).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from core import audit
from core.context import ServiceContext, SystemContext, Unit
from core.errors import InvalidInput, NotFound
from core.models import (
    CLOSED_PROJECT_STATUSES,
    PROJECT_STATUSES,
    Customer,
    Deal,
    Project,
    ProjectTask,
    ProjectUpdate,
    TaskDependency,
    User,
)
from core.project_templates import template_for
from core.scoping import CUSTOMER_NAMES
from core.services import project_tasks
from core.services import validation as v
from core.timeutil import local_today


def get(ctx: ServiceContext, project_id: int) -> Project:
    project = ctx.session.get(Project, project_id)
    if project is None:
        raise NotFound(entity="project")
    return project


def of_deal(unit: Unit, deal_id: int) -> Project | None:
    return unit.session.scalar(select(Project).where(Project.deal_id == deal_id))


def the_pm(unit: Unit, owner_id: int) -> int | None:
    """The PM of the deal owner's team (the first active one), if the team has one."""
    team_id = unit.session.scalar(select(User.team_id).where(User.id == owner_id))
    if team_id is None:
        return None
    return unit.session.scalar(select(User.id).where(User.team_id == team_id, User.role == "pm",
                                                     User.active.is_(True)).order_by(User.id).limit(1))


def on_deal_won(ctx: ServiceContext, deal: Deal) -> Project:
    """The deal's project: created from its template the first time, kept (and unflagged) when won again."""
    existing = of_deal(ctx, deal.id)
    if existing is not None:
        if existing.reopened_at is not None:
            before = audit.snapshot(existing)
            existing.reopened_at = None
            existing.updated_at = ctx.now()
            audit.record(ctx, "project_rewon", existing, before)
        return existing
    template = template_for(deal.deal_type, ctx.defaults.data_dir)  # a broken one raises before anything is written
    owner = ctx.session.get(User, deal.owner_id)
    lang = owner.language if owner is not None else ctx.actor.language
    start = local_today(ctx.now(), ctx.actor.timezone)
    now = ctx.now()
    project = Project(
        deal_id=deal.id, customer_id=deal.customer_id, name=v.required_text(deal.title, "title"),
        owner_id=deal.owner_id, manager_id=the_pm(ctx, deal.owner_id), template=template.key, status="active",
        budget_hours=template.budget_hours, budget_amount=deal.amount, currency=deal.currency,
        planned_start=start, planned_end=None, percent_complete=0, reopened_at=None, created_at=now,
        updated_at=now, closed_at=None,
    )
    ctx.session.add(project)
    ctx.session.flush()
    rows: dict[str, ProjectTask] = {}
    for position, item in enumerate(template.tasks):
        row = ProjectTask(project_id=project.id, name=item.label(lang), duration_days=item.days,
                          milestone=item.is_milestone, pinned_start=False, estimate_hours=item.estimate_hours,
                          status="todo", position=position, created_at=now)
        ctx.session.add(row)
        rows[item.name] = row
    ctx.session.flush()
    for item in template.tasks:
        for earlier in item.after:
            ctx.session.add(TaskDependency(task_id=rows[item.name].id, depends_on_id=rows[earlier].id))
    ctx.session.flush()
    plan = project_tasks.reschedule(ctx, project)
    project.planned_end = plan.finish
    audit.record(ctx, "create_project", project, None)
    return project


def on_deal_reopened(ctx: ServiceContext, deal: Deal) -> Project | None:
    """A won deal moved back to an open stage: its project stays, flagged for the PM and the owner."""
    project = of_deal(ctx, deal.id)
    if project is None or project.reopened_at is not None:
        return project
    before = audit.snapshot(project)
    project.reopened_at = ctx.now()
    project.updated_at = ctx.now()
    audit.record(ctx, "project_reopened", project, before)
    return project


def find(ctx: ServiceContext, *, customer_id: int | None = None, name: str | None = None,
         open_only: bool = True, limit: int = 50) -> list[Project]:
    """Projects the actor reads: of a customer, by name (words contained, case-insensitive), open ones first."""
    query = select(Project)  # the scoped session keeps it to the projects the actor reads
    if customer_id is not None:
        query = query.where(Project.customer_id == customer_id)
    if open_only:
        query = query.where(Project.status.not_in(CLOSED_PROJECT_STATUSES))
    found = list(ctx.session.scalars(query.order_by(Project.id).limit(500)).all())
    if name:
        wanted = name.casefold().strip()
        exact = [p for p in found if p.name.casefold() == wanted]
        found = exact or [p for p in found if wanted in p.name.casefold() or p.name.casefold() in wanted]
    return found[:limit]


def customer_names(ctx: ServiceContext, projects: list[Project]) -> dict[int, str]:
    ids = {p.customer_id for p in projects}
    if not ids:
        return {}
    rows = ctx.session.execute(select(Customer.id, Customer.name).where(Customer.id.in_(ids))
                               .execution_options(**CUSTOMER_NAMES)).all()
    return {row.id: row.name for row in rows}


@dataclass(frozen=True)
class Progress:
    percent: int | None = None
    milestone_task_id: int | None = None
    note: str | None = None


def report_progress(ctx: ServiceContext, project_id: int, progress: Progress) -> ProjectUpdate:
    """A progress report: the percent done, a milestone done (its task marked done today), a note; kept as a
    `ProjectUpdate`, the project's percent moved to the reported one."""
    project = get(ctx, project_id)
    if project.status in CLOSED_PROJECT_STATUSES:
        raise InvalidInput("project.closed", name=project.name)
    percent = None if progress.percent is None else int(progress.percent)
    if percent is not None and not 0 <= percent <= 100:
        raise InvalidInput("error.bad_percent", value=percent)
    note = v.clean_text(progress.note, "note", limit=2000)
    if percent is None and progress.milestone_task_id is None and not note:
        raise InvalidInput("project.nothing_to_report")
    now = ctx.now()
    before = audit.snapshot(project)
    if progress.milestone_task_id is not None:
        project_tasks.mark_done(ctx, project, progress.milestone_task_id)
    if percent is not None:
        project.percent_complete = percent
    project.updated_at = now
    audit.record(ctx, "update_project", project, before)
    update = ProjectUpdate(project_id=project.id, user_id=ctx.actor.user_id, percent_complete=percent,
                           milestone_task_id=progress.milestone_task_id, note=note, created_at=now)
    ctx.session.add(update)
    audit.record(ctx, "report_progress", update, None)
    return update


def set_status(ctx: ServiceContext, project_id: int, status: str) -> Project:
    project = get(ctx, project_id)
    before = audit.snapshot(project)
    project.status = v.choice(status, PROJECT_STATUSES, "status") or project.status
    project.closed_at = ctx.now() if project.status in CLOSED_PROJECT_STATUSES else None
    if project.status == "done":
        project.percent_complete = 100
    project.updated_at = ctx.now()
    audit.record(ctx, "project_status", project, before)
    return project


def latest_updates(ctx: ServiceContext, project_id: int, limit: int = 3) -> list[ProjectUpdate]:
    get(ctx, project_id)
    return list(ctx.session.scalars(select(ProjectUpdate).where(ProjectUpdate.project_id == project_id)
                                    .order_by(ProjectUpdate.id.desc()).limit(limit)).all())


def created_since(system: SystemContext, since: datetime) -> list[tuple[Project, str]]:
    """Projects created at or after `since`, with their customer's name (the `project_created` push scans this)."""
    rows = system.session.execute(select(Project, Customer.name).join(Customer, Customer.id == Project.customer_id)
                                  .where(Project.created_at >= since).order_by(Project.id)).all()
    return [(row[0], row[1]) for row in rows]


def open_projects(unit: Unit) -> list[tuple[Project, str]]:
    """Every open project the unit reads, with its customer's name (the scheduler's scans: all of them)."""
    rows = unit.session.execute(select(Project, Customer.name).join(Customer, Customer.id == Project.customer_id)
                                  .where(Project.status.not_in(CLOSED_PROJECT_STATUSES)).order_by(Project.id)).all()
    return [(row[0], row[1]) for row in rows]



def set_manager(ctx: ServiceContext, project_id: int, manager_id: int) -> Project:
    """Name the project's PM (the deal owner answers "who manages it?"); anyone active in the company may be it."""
    project = get(ctx, project_id)
    user = ctx.session.get(User, manager_id)
    if user is None or not user.active:
        raise NotFound(entity="user")
    before = audit.snapshot(project)
    project.manager_id = user.id
    project.updated_at = ctx.now()
    audit.record(ctx, "set_project_manager", project, before)
    return project
