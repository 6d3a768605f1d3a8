"""Tasks: create, list (today, overdue), complete."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.handlers.base import Answer, Ask, Choose, HandlerContext, Option, Outcome, Proposal, ReadHandler
from bot.handlers.interactions import past_date_question
from bot.handlers.reads import as_day, names_customer, period_label, whose
from bot.handlers.targets import CustomerTarget, customer_target
from bot.handlers.task_match import best_tasks
from bot.intents.schema import Command, CompleteTask, CreateTask, ListTasks
from core.models import Task
from core.permissions import Entity
from core.services import tasks, users


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
    """Open tasks — the user's or a colleague's — due today (with what is overdue), on a day, in a period, overdue,
    or for one customer; each line names its customer."""

    intent = "list_tasks"

    def prepare(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        assert isinstance(command, ListTasks)
        who = whose(h, command.person, "task")
        if isinstance(who, Answer):
            if command.person and not command.customer and names_customer(h, command.person):
                return self.prepare(command.model_copy(update={"person": None, "customer": command.person}),
                                    resolved, h)  # "Zenith's tasks": a customer after all
            return who
        customer_id: int | None = None
        customer_name: str | None = None
        if command.customer:
            target = customer_target(h, command.customer, resolved, allow_create=False, use_memory=False)
            if not isinstance(target, CustomerTarget):
                return target
            customer_id, customer_name = target.id, target.name
        first, last = as_day(command.due), as_day(command.due_until)
        today = h.today()
        day: date | None = None
        if first is not None and last is None:
            if first <= today:
                day, first = first, None  # today: what is due today, and everything overdue
            else:
                last = first  # another day: what is due that day
        overdue = bool(command.overdue) and first is None and day is None
        team = bool(command.team) and who.user is None  # everyone's the asker may read (a manager: the team)
        found = tasks.list_open(h.ctx, assignee_id=who.user_id, mine_only=not team, customer_id=customer_id, day=day,
                                due_from=first, due_until=last, overdue_only=overdue)
        title = _title(h, h.t("tasks.team") if team else who.name, customer_name, day, (first, last), overdue)
        if not found:
            filtered = bool(day or first or last or customer_name)
            none = "tasks.none_overdue" if overdue else "tasks.none_matching" if filtered else "tasks.none"
            return Answer(title + "\n  " + h.t(none))
        names = tasks.customer_names(h.ctx, found)
        lines = [title]
        for task in found:
            late = task.due_at is not None and h.local_date(task.due_at) < today
            marker = "⚠️ " if late else "• "
            due = f" · {h.due(task)}" if task.due_at else ""
            customer = names.get(task.customer_id) if task.customer_id is not None else None
            about = f" · {customer}" if customer and customer.casefold() not in task.title.casefold() else ""
            if team and task.assignee_id != h.ctx.actor.user_id:
                about += f" · {users.name_of(h.ctx, task.assignee_id) or '?'}"
            lines.append(f"  {marker}{task.title}{about}{due}")
        return Answer("\n".join(lines))


def _title(h: HandlerContext, name: str | None, customer: str | None, day: date | None,
           period: tuple[date | None, date | None], overdue: bool) -> str:
    """What is shown: "Your open tasks", "Tasks due next week", "Overdue tasks", "Alice's tasks for Acme Corp"."""
    filters: list[str] = []
    if customer:
        filters.append(h.t("tasks.filter_customer", customer=customer))
    first, last = period
    if day is not None:
        filters.append(h.t("tasks.filter_today", date=h.day(day)))
    elif first is not None or last is not None:
        filters.append(h.t("tasks.filter_due", period=period_label(h, first or h.today(), last or first or h.today())))
    if overdue:
        subject = h.t("tasks.subject_overdue_person", name=name) if name else h.t("tasks.subject_overdue")
        return h.t("tasks.title_filtered", subject=subject, filters="".join(filters))
    if not filters:
        return h.t("tasks.title_person", name=name) if name else h.t("tasks.title_open")
    subject = h.t("tasks.subject_person", name=name) if name else h.t("tasks.subject")
    return h.t("tasks.title_filtered", subject=subject, filters="".join(filters))


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
