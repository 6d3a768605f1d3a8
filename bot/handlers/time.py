"""log_time: hours against a project (and one of its tasks when the message names it). Refused before the card:
a day still to come, hours outside (0, 24], a customer whose only project is closed."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from bot.handlers.base import Answer, Ask, Choose, HandlerContext, Option, Outcome, Proposal
from bot.handlers.project_target import label
from bot.handlers.targets import CustomerTarget, customer_target
from bot.intents.schema import Command, LogTime
from core.errors import InvalidInput
from core.models import Project
from core.permissions import Entity
from core.services import project_tasks, projects, time_entries


def _day(value: date | datetime | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def _hours(value: float) -> str:
    return f"{Decimal(str(value)).normalize():f}"


def _project(h: HandlerContext, command: LogTime, resolved: dict[str, Any]) -> Project | Outcome:
    if "project_id" in resolved:
        return projects.get(h.ctx, int(resolved["project_id"]))
    target = customer_target(h, command.customer, resolved, allow_create=False)
    if not isinstance(target, CustomerTarget):
        return target
    assert target.id is not None
    found = projects.find(h.ctx, customer_id=target.id)
    if not found:
        closed = projects.find(h.ctx, customer_id=target.id, open_only=False)
        if closed:
            raise InvalidInput("time.project_closed", name=closed[-1].name)
        return Answer(h.t("project.none", customer=target.name), private=False)
    if len(found) > 1:
        return Choose(h.t("choose.which_project", customer=target.name),
                      [Option(p.name, {"project_id": p.id, "customer_id": target.id}) for p in found[:6]])
    return found[0]


def _names_customer(task: str, customer: str | None) -> bool:
    """"log 3h on Acme": the words left for the task only name the customer again."""
    if not customer:
        return False
    a, b = task.casefold().strip(), customer.casefold().strip()
    return a == b or a in b or b in a


class LogTimeHandler:
    intent = "log_time"
    changes: Entity = "time"

    def prepare(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        assert isinstance(command, LogTime)
        if command.hours is None:
            return Ask("hours", h.t("ask.hours"), resolved)
        day = _day(command.date) or h.today()
        if day > h.today():
            raise InvalidInput("time.in_future", date=h.day(day))
        if not 0 < command.hours <= 24:
            raise InvalidInput("time.bad_hours", value=_hours(command.hours))
        project = _project(h, command, resolved)
        if not isinstance(project, Project):
            return project
        resolved = {**resolved, "project_id": project.id}
        lines = [h.t("card.log_time", hours=_hours(command.hours), project=label(h, project))]
        if command.task and _names_customer(command.task, command.customer):
            command = command.model_copy(update={"task": None})
            resolved["no_task"] = True
        if command.task:
            found = project_tasks.find_task(h.ctx, project.id, command.task)
            if len(found) == 1:
                resolved["project_task_id"] = found[0].id
                lines.append("  " + h.t("card.log_time_task", task=found[0].name))
            else:
                lines.append("  " + h.t("card.log_time_note", text=command.task))
        lines.append("  " + h.t("card.log_time_day", date=h.day(day)))
        h.remember(customer_id=project.customer_id)
        return Proposal(lines, resolved)

    def execute(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Answer:
        assert isinstance(command, LogTime) and command.hours is not None
        task_id = resolved.get("project_task_id")
        note = None if task_id or resolved.get("no_task") else command.task
        entry = time_entries.log(h.ctx, int(resolved["project_id"]), Decimal(str(command.hours)),
                                 work_date=_day(command.date), task_id=int(task_id) if task_id else None,
                                 note=note)
        project = projects.get(h.ctx, entry.project_id)
        burn = time_entries.burned(h.ctx, project.id)
        total = f"{burn.hours.normalize():f}"
        budget = f"{project.budget_hours.normalize():f}" if project.budget_hours else "—"
        return Answer(h.t("time.logged", hours=_hours(command.hours), project=label(h, project), total=total,
                          budget=budget))
