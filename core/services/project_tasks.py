"""A project's tasks (工作任务): add, move (new start or duration), reassign, depend, mark done — and keep every
task's dates in step with its dependencies (`core.scheduling`, working days from the project's planned start).

A change that would make tasks wait on each other (or a task on itself) is refused before anything is written:
the new plan is scheduled in memory first, then stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from core import audit
from core.context import ServiceContext, Unit
from core.errors import InvalidInput, NotFound
from core.models import CLOSED_PROJECT_STATUSES, Project, ProjectTask, TaskDependency, User
from core.scheduling import PlanTask, Schedule, schedule
from core.services import validation as v
from core.timeutil import local_today

MAX_DAYS = 3650
_CHUNK = 500


def tasks_of(unit: Unit, project_id: int) -> list[ProjectTask]:
    return list(unit.session.scalars(select(ProjectTask).where(ProjectTask.project_id == project_id)
                                     .order_by(ProjectTask.position, ProjectTask.id)).all())


def dependencies_of(unit: Unit, project_id: int) -> dict[int, tuple[int, ...]]:
    """task id → the ids it waits for."""
    rows = unit.session.execute(
        select(TaskDependency.task_id, TaskDependency.depends_on_id)
        .join(ProjectTask, ProjectTask.id == TaskDependency.task_id)
        .where(ProjectTask.project_id == project_id).order_by(TaskDependency.id)).all()
    out: dict[int, tuple[int, ...]] = {}
    for task_id, depends_on in rows:
        out[task_id] = (*out.get(task_id, ()), depends_on)
    return out


def tasks_of_many(unit: Unit, project_ids: Sequence[int]) -> dict[int, list[ProjectTask]]:
    """The tasks of many projects in one query per chunk (the scheduler's scans), by project."""
    out: dict[int, list[ProjectTask]] = {pid: [] for pid in project_ids}
    for start in range(0, len(project_ids), _CHUNK):
        chunk = list(project_ids[start:start + _CHUNK])
        for task in unit.session.scalars(select(ProjectTask).where(ProjectTask.project_id.in_(chunk))
                                         .order_by(ProjectTask.position, ProjectTask.id)):
            out[task.project_id].append(task)
    return out


def dependencies_of_many(unit: Unit, project_ids: Sequence[int]) -> dict[int, dict[int, tuple[int, ...]]]:
    """project id → (task id → the ids it waits for), for many projects at once."""
    out: dict[int, dict[int, tuple[int, ...]]] = {pid: {} for pid in project_ids}
    for start in range(0, len(project_ids), _CHUNK):
        chunk = list(project_ids[start:start + _CHUNK])
        rows = unit.session.execute(
            select(ProjectTask.project_id, TaskDependency.task_id, TaskDependency.depends_on_id)
            .join(ProjectTask, ProjectTask.id == TaskDependency.task_id)
            .where(ProjectTask.project_id.in_(chunk)).order_by(TaskDependency.id)).all()
        for project_id, task_id, depends_on in rows:
            deps = out[project_id]
            deps[task_id] = (*deps.get(task_id, ()), depends_on)
    return out


def plan_from(project: Project, tasks: Sequence[ProjectTask], deps: dict[int, tuple[int, ...]], today: date
              ) -> Schedule[int]:
    """The schedule of already loaded tasks (read-only)."""
    return _plan(tasks, deps, project.planned_start or today)


def _plan(tasks: Sequence[ProjectTask], deps: dict[int, tuple[int, ...]], start: date,
          overrides: dict[int, tuple[int, date | None]] | None = None) -> Schedule[int]:
    overrides = overrides or {}
    items = []
    for task in tasks:
        duration, pinned = overrides.get(task.id, (task.duration_days, task.start_on if task.pinned_start else None))
        items.append(PlanTask(task.id, duration, deps.get(task.id, ()), pinned))
    return schedule(items, start, working_days=True)


def _start_of(ctx: ServiceContext, project: Project) -> date:
    return project.planned_start or local_today(ctx.now(), ctx.actor.timezone)


def reschedule(ctx: ServiceContext, project: Project) -> Schedule[int]:
    """Recompute every task's dates from its dependencies and write the ones that moved."""
    tasks = tasks_of(ctx, project.id)
    plan = _plan(tasks, dependencies_of(ctx, project.id), _start_of(ctx, project))
    for task in tasks:
        slot = plan.slots[task.id]
        if (task.start_on, task.end_on) != (slot.start, slot.end):
            task.start_on, task.end_on = slot.start, slot.end
    ctx.session.flush()
    return plan


def plan_of(unit: Unit, project: Project, today: date) -> Schedule[int]:
    """The project's schedule as it stands (read-only)."""
    return _plan(tasks_of(unit, project.id), dependencies_of(unit, project.id), project.planned_start or today)


def _open_project(ctx: ServiceContext, project_id: int) -> Project:
    project = ctx.session.get(Project, project_id)
    if project is None:
        raise NotFound(entity="project")
    if project.status in CLOSED_PROJECT_STATUSES:
        raise InvalidInput("project.closed", name=project.name)
    return project


def get_task(ctx: ServiceContext, task_id: int) -> ProjectTask:
    task = ctx.session.get(ProjectTask, task_id)
    if task is None:
        raise NotFound(entity="project")
    return task


def find_task(ctx: ServiceContext, project_id: int, name: str) -> list[ProjectTask]:
    """Tasks of the project named `name` (exactly, else containing it), case-insensitive."""
    wanted = name.casefold().strip()
    tasks = tasks_of(ctx, project_id)
    exact = [t for t in tasks if t.name.casefold() == wanted]
    return exact or [t for t in tasks if wanted and (wanted in t.name.casefold() or t.name.casefold() in wanted)]


def _days(value: int | None) -> int:
    if value is None:
        return 1
    if not 0 <= int(value) <= MAX_DAYS:
        raise InvalidInput("project.bad_duration", value=value)
    return int(value)


def _assignee(ctx: ServiceContext, user_id: int | None) -> int | None:
    if user_id is None:
        return None
    user = ctx.session.get(User, user_id)
    if user is None or not user.active:
        raise NotFound(entity="user")
    return user.id


@dataclass(frozen=True)
class NewTask:
    name: str
    days: int | None = None
    after: tuple[int, ...] = ()
    assignee_id: int | None = None
    milestone: bool = False
    estimate_hours: Decimal | None = None


def add_task(ctx: ServiceContext, project_id: int, new: NewTask) -> ProjectTask:
    """A task at the end of the project's list, after the tasks named; scheduled with the rest."""
    project = _open_project(ctx, project_id)
    name = v.required_text(new.name, "task", limit=200)
    days = 0 if new.milestone else _days(new.days)
    tasks = tasks_of(ctx, project.id)
    known = {t.id for t in tasks}
    for dep in new.after:
        if dep not in known:
            raise NotFound(entity="project")
    if any(t.name.casefold() == name.casefold() for t in tasks):
        raise InvalidInput("project.task_exists", task=name)
    task = ProjectTask(project_id=project.id, name=name, duration_days=days, milestone=new.milestone or days == 0,
                       pinned_start=False, assignee_id=_assignee(ctx, new.assignee_id),
                       estimate_hours=v.amount(new.estimate_hours) if new.estimate_hours else None, status="todo",
                       position=max((t.position for t in tasks), default=-1) + 1, created_at=ctx.now())
    ctx.session.add(task)
    ctx.session.flush()
    for dep in dict.fromkeys(new.after):
        ctx.session.add(TaskDependency(task_id=task.id, depends_on_id=dep))
    ctx.session.flush()
    reschedule(ctx, project)
    audit.record(ctx, "add_project_task", task, None)
    return task


def move_task(ctx: ServiceContext, task_id: int, *, start: date | None = None, days: int | None = None,
              after: Sequence[int] = ()) -> ProjectTask:
    """A new start (pinned), a new duration, and/or more tasks to wait for; refused if that makes a cycle."""
    task = get_task(ctx, task_id)
    project = _open_project(ctx, task.project_id)
    if start is None and days is None and not after:
        raise InvalidInput("project.nothing_to_change")
    deps = dependencies_of(ctx, project.id)
    if after:
        known = {t.id for t in tasks_of(ctx, project.id)}
        for dep in after:
            if dep not in known:
                raise NotFound(entity="project")
        deps = {**deps, task.id: tuple(dict.fromkeys((*deps.get(task.id, ()), *after)))}
    duration = task.duration_days if days is None else (0 if task.milestone else _days(days))
    pinned = start if start is not None else (task.start_on if task.pinned_start else None)
    # In memory first: a cycle or a self-dependency raises here, before any row changes.
    _plan(tasks_of(ctx, project.id), deps, _start_of(ctx, project), {task.id: (duration, pinned)})
    before = audit.snapshot(task)
    for dep in after:
        if not _has_dependency(ctx, task.id, dep):
            ctx.session.add(TaskDependency(task_id=task.id, depends_on_id=dep))
    task.duration_days = duration
    if start is not None:
        task.start_on, task.pinned_start = start, True
    ctx.session.flush()
    reschedule(ctx, project)
    audit.record(ctx, "move_project_task", task, before)
    return task


def _has_dependency(ctx: ServiceContext, task_id: int, depends_on_id: int) -> bool:
    found = ctx.session.scalar(select(TaskDependency.id).where(TaskDependency.task_id == task_id,
                                                               TaskDependency.depends_on_id == depends_on_id))
    return found is not None


def reassign_task(ctx: ServiceContext, task_id: int, assignee_id: int | None) -> ProjectTask:
    task = get_task(ctx, task_id)
    _open_project(ctx, task.project_id)
    before = audit.snapshot(task)
    task.assignee_id = _assignee(ctx, assignee_id)
    audit.record(ctx, "reassign_project_task", task, before)
    return task


def mark_done(ctx: ServiceContext, project: Project, task_id: int) -> ProjectTask:
    task = get_task(ctx, task_id)
    if task.project_id != project.id:
        raise NotFound(entity="project")
    before = audit.snapshot(task)
    task.status = "done"
    task.done_on = local_today(ctx.now(), ctx.actor.timezone)
    audit.record(ctx, "project_task_done", task, before)
    return task
