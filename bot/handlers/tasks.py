"""Tasks: create, list (today, overdue), complete."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bot.handlers.base import Answer, Ask, Choose, HandlerContext, Option, Outcome, Proposal, ReadHandler
from bot.handlers.interactions import past_date_question
from bot.handlers.targets import CustomerTarget, customer_target
from bot.handlers.task_match import best_tasks
from bot.intents.schema import Command, CompleteTask, CreateTask, ListTasks
from core.models import Task
from core.permissions import Entity
from core.services import tasks


class CreateTaskHandler:
    intent = "create_task"
    changes: Entity = "task"

    def prepare(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        assert isinstance(command, CreateTask)
        if not command.task:
            return Ask("task", h.t("ask.task"))
        past = past_date_question(h, command.due, "due", resolved)
        if past is not None:
            return past
        customer_name = None
        if command.customer:
            target = customer_target(h, command.customer, resolved, allow_create=False, use_memory=False)
            if not isinstance(target, CustomerTarget):
                return target
            resolved = {**resolved, "customer_id": target.id}
            customer_name = target.name
        lines = [h.t("card.create_task", title=command.task)]
        if command.due is not None:
            lines.append("  " + h.t("card.due", date=h.day(command.due)))
        if customer_name:
            lines.append("  " + h.t("card.customer", name=customer_name))
        return Proposal(lines, resolved)

    def execute(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Answer:
        assert isinstance(command, CreateTask) and command.task
        customer_id = resolved.get("customer_id")
        task = tasks.create(h.ctx, command.task, due=command.due,
                            customer_id=int(customer_id) if customer_id else None)
        h.remember(customer_id=task.customer_id)
        due = f" · {h.due(task)}" if task.due_at else ""
        return Answer(h.t("task.created", title=task.title) + due)


class ListTasksHandler(ReadHandler):
    intent = "list_tasks"

    def prepare(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        assert isinstance(command, ListTasks)
        day: date | None = None
        if command.due is not None:
            day = command.due.date() if isinstance(command.due, datetime) else command.due
        found = tasks.list_open(h.ctx, day=day)
        title = h.t("tasks.title_day", date=h.day(day)) if day else h.t("tasks.title_open")
        if not found:
            return Answer(title + "\n  " + h.t("tasks.none"))
        today = h.today()
        names = tasks.customer_names(h.ctx, found)
        lines = [title]
        for task in found:
            overdue = task.due_at is not None and h.local_date(task.due_at) < today
            marker = "⚠️ " if overdue else "• "
            due = f" · {h.due(task)}" if task.due_at else ""
            customer = names.get(task.customer_id) if task.customer_id is not None else None
            about = f" · {customer}" if customer and customer.casefold() not in task.title.casefold() else ""
            lines.append(f"  {marker}{task.title}{about}{due}")
        return Answer("\n".join(lines))


class CompleteTaskHandler:
    intent = "complete_task"
    changes: Entity = "task"

    def prepare(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        assert isinstance(command, CompleteTask)
        if "task_id" in resolved:
            task = tasks.get(h.ctx, int(resolved["task_id"]), for_write=True)
            return Proposal([h.t("card.complete_task", title=task.title)], resolved)
        if not command.task:
            return Ask("task", h.t("ask.which_task"))
        matches = best_tasks(tasks.list_open(h.ctx, limit=500), command.task)
        if not matches:
            return Answer(h.t("tasks.no_match", text=command.task), private=False)
        if len(matches) > 1:
            return Choose(h.t("choose.which_task"), [Option(_label(h, t), {"task_id": t.id}) for t in matches[:6]])
        return Proposal([h.t("card.complete_task", title=matches[0].title)], {"task_id": matches[0].id})

    def execute(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Answer:
        task = tasks.complete(h.ctx, int(resolved["task_id"]))
        return Answer(h.t("task.completed", title=task.title))


def _label(h: HandlerContext, task: Task) -> str:
    return f"{task.title} · {h.due(task)}" if task.due_at else task.title
