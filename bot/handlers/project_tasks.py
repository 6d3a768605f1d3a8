"""project_task: add a task to a project (days, after which task, who does it), move one (new start, new
duration, after another task) or reassign it. The new plan is checked before the card: a task that would come
after itself or close a cycle is refused at once, in the user's language, and nothing is written."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bot.handlers.base import Answer, Ask, Choose, HandlerContext, Option, Outcome, Proposal
from bot.handlers.project_target import label, project_target
from bot.intents.schema import Command
from bot.intents.specs.projects import ProjectTaskChange
from core.errors import InvalidInput
from core.models import Project, ProjectTask
from core.permissions import Entity
from core.scheduling import PlanTask, SelfDependency, schedule
from core.services import project_tasks, users

_ME = ("me", "myself", "我", "我自己", "自己")


def _day(value: date | datetime | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def _one_task(h: HandlerContext, project: Project, name: str, slot: str, resolved: dict[str, Any]
              ) -> ProjectTask | Outcome:
    """The project's task called `name`: exactly one, or the user picks; none → said so (never another task)."""
    if slot in resolved:
        return project_tasks.get_task(h.ctx, int(resolved[slot]))
    found = project_tasks.find_task(h.ctx, project.id, name)
    if not found:
        return Answer(h.t("project.no_such_task", task=name, project=project.name), private=False)
    if len(found) > 1:
        return Choose(h.t("choose.which_project_task", task=name),
                      [Option(t.name, {**resolved, slot: t.id}) for t in found[:6]])
    return found[0]


class ProjectTaskHandler:
    intent = "project_task"
    changes: Entity = "project"

    def prepare(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        assert isinstance(command, ProjectTaskChange)
        project = project_target(h, command.customer, command.title, resolved)
        if not isinstance(project, Project):
            return project
        resolved = {**resolved, "project_id": project.id}
        if project.status in ("done", "cancelled"):
            raise InvalidInput("project.closed", name=project.name)
        if not command.task:
            return Ask("task", h.t("ask.project_task", name=project.name), resolved)
        after: ProjectTask | None = None
        if command.after and command.after.casefold().strip() == command.task.casefold().strip():
            raise SelfDependency(command.task)  # "add task QA after QA", "move design after design"
        if command.after:
            picked = _one_task(h, project, command.after, "after_id", resolved)
            if not isinstance(picked, ProjectTask):
                return picked
            after, resolved = picked, {**resolved, "after_id": picked.id}
        action = str(resolved.get("action") or command.action
                     or ("move" if command.start or command.days is not None else "add"))
        resolved["action"] = action
        if action == "add":
            return self._add(command, project, after, resolved, h)
        task = _one_task(h, project, command.task, "task_id", resolved)
        if not isinstance(task, ProjectTask):
            return task
        resolved = {**resolved, "task_id": task.id}
        if action == "reassign":
            return self._reassign(command, project, task, resolved, h)
        return self._move(command, project, task, after, resolved, h)

    def _add(self, command: ProjectTaskChange, project: Project, after: ProjectTask | None,
             resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        assert command.task
        if any(t.name.casefold() == command.task.casefold() for t in project_tasks.tasks_of(h.ctx, project.id)):
            return Answer(h.t("project.task_exists", task=command.task), private=False)
        lines = [h.t("card.add_project_task", task=command.task, project=label(h, project)),
                 "  " + h.t("card.project_task_days", days=command.days if command.days is not None else 1)]
        if after is not None:
            lines.append("  " + h.t("card.project_task_after", task=after.name))
        assignee = self._assignee(command, h)
        if isinstance(assignee, Answer):
            return assignee
        if assignee is not None:
            resolved["assignee_id"] = assignee[0]
            lines.append("  " + h.t("card.project_task_assignee", name=assignee[1]))
        return Proposal(lines, resolved)

    def _assignee(self, command: ProjectTaskChange, h: HandlerContext) -> tuple[int, str] | Answer | None:
        if not command.assignee:
            return None
        if command.assignee.strip().casefold() in _ME:
            return h.ctx.actor.user_id, h.ctx.actor.name
        user = users.find_by_name(h.ctx, command.assignee)
        if user is None or not user.active:
            return Answer(h.t("project.no_such_person", name=command.assignee), private=False)
        return user.id, user.name

    def _reassign(self, command: ProjectTaskChange, project: Project, task: ProjectTask,
                  resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        assignee = self._assignee(command, h)
        if assignee is None:
            return Ask("assignee", h.t("ask.project_assignee", task=task.name), resolved)
        if isinstance(assignee, Answer):
            return assignee
        resolved["assignee_id"] = assignee[0]
        return Proposal([h.t("card.reassign_project_task", task=task.name, project=label(h, project),
                             name=assignee[1])], resolved)

    def _move(self, command: ProjectTaskChange, project: Project, task: ProjectTask, after: ProjectTask | None,
              resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        start = _day(command.start)
        if start is None and command.days is None and after is None:
            return Ask("start", h.t("ask.project_move", task=task.name), resolved)
        if after is not None:
            _check_no_cycle(h, project, task, after)
        lines = [h.t("card.move_project_task", task=task.name, project=label(h, project))]
        if start is not None:
            lines.append("  " + h.t("card.project_task_start", date=h.day(start)))
        if command.days is not None:
            lines.append("  " + h.t("card.change", field=h.t("project.field_days"), old=str(task.duration_days),
                                    new=str(command.days)))
        if after is not None:
            lines.append("  " + h.t("card.project_task_after", task=after.name))
        return Proposal(lines, resolved)

    def execute(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Answer:
        assert isinstance(command, ProjectTaskChange)
        project_id = int(resolved["project_id"])
        after = (int(resolved["after_id"]),) if resolved.get("after_id") else ()
        assignee = int(resolved["assignee_id"]) if resolved.get("assignee_id") else None
        if resolved.get("action") == "add":
            assert command.task
            task = project_tasks.add_task(h.ctx, project_id, project_tasks.NewTask(
                command.task, command.days, after, assignee))
            return Answer(h.t("project.task_added", task=task.name, start=h.day(task.start_on or h.today()),
                              end=h.day(task.end_on or h.today())))
        task_id = int(resolved["task_id"])
        if resolved.get("action") == "reassign" and assignee is not None:
            task = project_tasks.reassign_task(h.ctx, task_id, assignee)
            return Answer(h.t("project.task_reassigned", task=task.name, name=users.name_of(h.ctx, assignee) or ""))
        task = project_tasks.move_task(h.ctx, task_id, start=_day(command.start), days=command.days, after=after)
        return Answer(h.t("project.task_moved", task=task.name, start=h.day(task.start_on or h.today()),
                          end=h.day(task.end_on or h.today())))


def _check_no_cycle(h: HandlerContext, project: Project, task: ProjectTask, after: ProjectTask) -> None:
    """Refuse before the card (with the tasks' names) a dependency that would close a cycle."""
    if after.id == task.id:
        raise SelfDependency(task.name)
    tasks = project_tasks.tasks_of(h.ctx, project.id)
    deps = project_tasks.dependencies_of(h.ctx, project.id)
    deps[task.id] = (*deps.get(task.id, ()), after.id)
    names = {t.id: t.name for t in tasks}
    plan = [PlanTask(names[t.id], t.duration_days, tuple(names[d] for d in deps.get(t.id, ()))) for t in tasks]
    schedule(plan, project.planned_start or h.today())
