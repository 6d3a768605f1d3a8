"""How a project stands: its tasks on the schedule, hours burned against the budget, and its delay risks — one
read for the status card, the Gantt chart, "which projects are at risk" and the scheduler's risk pushes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.context import ServiceContext, Unit
from core.models import CLOSED_PROJECT_STATUSES, Project, ProjectTask
from core.scheduling import Schedule
from core.services import project_tasks, projects, time_entries
from core.services.project_risk import DEFAULT_RULES, ProjectFacts, Risk, RiskRules, assess
from core.services.time_entries import Burn
from core.timeutil import local_today


@dataclass(frozen=True)
class TaskLine:
    task: ProjectTask
    start: date
    end: date
    critical: bool
    late: bool  # should have ended by today and is not done


@dataclass(frozen=True)
class ProjectStatus:
    project: Project
    customer: str
    today: date
    tasks: list[TaskLine]
    finish: date | None  # the schedule's last day
    burn: Burn
    risks: list[Risk]

    @property
    def at_risk(self) -> bool:
        return bool(self.risks)


def _lines(tasks: list[ProjectTask], plan: Schedule[int], today: date) -> list[TaskLine]:
    out = []
    for task in tasks:
        slot = plan.slots[task.id]
        late = task.status != "done" and slot.end < today
        out.append(TaskLine(task, slot.start, slot.end, slot.critical, late))
    return out


def build(unit: Unit, project: Project, customer: str, today: date, rules: RiskRules = DEFAULT_RULES
          ) -> ProjectStatus:
    tasks = project_tasks.tasks_of(unit, project.id)
    deps = project_tasks.dependencies_of(unit, project.id)
    return _compose(project, customer, today, tasks, deps, time_entries.burned(unit, project.id), rules)


def _compose(project: Project, customer: str, today: date, tasks: list[ProjectTask],
             deps: dict[int, tuple[int, ...]], burn: Burn, rules: RiskRules = DEFAULT_RULES) -> ProjectStatus:
    plan = project_tasks.plan_from(project, tasks, deps, today)
    lines = _lines(tasks, plan, today)
    milestones = tuple((line.task.name, line.end) for line in lines
                       if line.task.milestone and line.task.status != "done")
    facts = ProjectFacts(today=today, planned_start=project.planned_start, planned_end=project.planned_end,
                         percent_complete=project.percent_complete, budget_hours=project.budget_hours,
                         hours_burned=burn.hours, open_milestones=milestones)
    return ProjectStatus(project, customer, today, lines, plan.finish if tasks else None, burn, assess(facts, rules))


def _many(unit: Unit, found: list[tuple[Project, str]], today: date) -> list[ProjectStatus]:
    """Statuses of many projects with four queries in all (not three per project)."""
    ids = [project.id for project, _ in found]
    tasks = project_tasks.tasks_of_many(unit, ids)
    deps = project_tasks.dependencies_of_many(unit, ids)
    burns = time_entries.burned_many(unit, ids)
    return [_compose(project, customer, today, tasks[project.id], deps[project.id], burns[project.id])
            for project, customer in found]


def of(ctx: ServiceContext, project_id: int) -> ProjectStatus:
    project = projects.get(ctx, project_id)
    customer = projects.customer_names(ctx, [project]).get(project.customer_id, "")
    return build(ctx, project, customer, local_today(ctx.now(), ctx.actor.timezone))


def at_risk(ctx: ServiceContext) -> list[ProjectStatus]:
    """The open projects the actor reads that some risk rule flags, the most risks first."""
    found = projects.find(ctx, limit=500)
    names = projects.customer_names(ctx, found)
    today = local_today(ctx.now(), ctx.actor.timezone)
    statuses = _many(ctx, [(p, names.get(p.customer_id, "")) for p in found], today)
    flagged = [s for s in statuses if s.at_risk]
    return sorted(flagged, key=lambda s: (-len(s.risks), s.project.id))


def for_scan(unit: Unit, today: date) -> list[ProjectStatus]:
    """Every open project's status as the unit sees it (the scheduler's system unit: all of them)."""
    return _many(unit, projects.open_projects(unit), today)


def still_at_risk(unit: Unit, project_id: int, today: date, codes: list[str]) -> bool:
    """Whether a project is still open and still flagged by one of the risks a push named."""
    project = unit.session.get(Project, project_id)
    if project is None or project.status in CLOSED_PROJECT_STATUSES:
        return False
    status = build(unit, project, "", today)
    return bool({risk.code for risk in status.risks} & set(codes))


def milestone_open(unit: Unit, task_id: int) -> bool:
    """Whether a milestone is still to be done (on a project still open)."""
    task = unit.session.get(ProjectTask, task_id)
    if task is None or task.status == "done":
        return False
    project = unit.session.get(Project, task.project_id)
    return project is not None and project.status not in CLOSED_PROJECT_STATUSES


def exists(unit: Unit, project_id: int) -> bool:
    return unit.session.get(Project, project_id) is not None
