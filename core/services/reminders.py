"""What the scheduler scans for, across all users (system units): open tasks coming due, follow-up dates without a
task of their own, daily reports in or missing. The rules in `notifications/rules` decide per recipient what
of it is due when; deal alerts are in `core.services.deal_alerts`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import exists, func, select
from sqlalchemy.orm import aliased

from core.context import SystemContext
from core.models import Customer, DailyReport, Interaction, Task, User


@dataclass(frozen=True)
class TaskDue:
    task: Task
    customer: str | None
    creator_timezone: str  # "" when the creator has none of their own


def open_tasks(system: SystemContext, low: datetime, high: datetime, *, all_day: bool) -> list[TaskDue]:
    """Open tasks due in (low, high] with their customer's name and their creator's zone."""
    creator = aliased(User)
    query = (
        select(Task, Customer.name, creator.timezone)
        .outerjoin(Customer, Customer.id == Task.customer_id)
        .join(creator, creator.id == Task.created_by_id)
        .where(Task.status == "open", Task.due_all_day.is_(all_day), Task.due_at > low, Task.due_at <= high)
        .order_by(Task.id)
    )
    return [TaskDue(row[0], row[1], row[2] or "") for row in system.session.execute(query).all()]


@dataclass(frozen=True)
class FollowUp:
    interaction: Interaction
    customer: str


def follow_ups_without_task(system: SystemContext, first: date, last: date) -> list[FollowUp]:
    """Interactions with a follow-up date in [first, last] that no task was made for."""
    has_task = exists().where(Task.interaction_id == Interaction.id)
    query = (
        select(Interaction, Customer.name)
        .join(Customer, Customer.id == Interaction.customer_id)
        .where(Interaction.follow_up_on.is_not(None), ~has_task)
        .where(Interaction.follow_up_on >= first, Interaction.follow_up_on <= last)
        .order_by(Interaction.id)
    )
    return [FollowUp(row[0], row[1]) for row in system.session.execute(query).all()]


def reports_in(system: SystemContext, user_ids: list[int], days: set[date]) -> set[tuple[int, date]]:
    """(user, day) pairs among these that have a submitted daily report."""
    if not user_ids or not days:
        return set()
    rows = system.session.execute(
        select(DailyReport.user_id, DailyReport.report_date)
        .where(DailyReport.user_id.in_(user_ids), DailyReport.report_date.in_(days))
    ).all()
    return {(row[0], row[1]) for row in rows}


def logged_between(system: SystemContext, user_id: int, start: datetime, end: datetime) -> bool:
    """Whether the user logged any interaction in [start, end) (a weekend nudge only follows work)."""
    count = system.session.scalar(select(func.count(Interaction.id)).where(
        Interaction.author_id == user_id, Interaction.occurred_at >= start, Interaction.occurred_at < end))
    return bool(count)


@dataclass(frozen=True)
class Upcoming:
    assignee_id: int
    assignee: str
    title: str
    due_at: datetime
    all_day: bool


def upcoming_tasks(system: SystemContext, until: datetime, limit: int = 20) -> list[Upcoming]:
    """Open tasks due from now until `until`, soonest first (for `salesbot jobs list`)."""
    rows = system.session.execute(
        select(Task, User.name).join(User, User.id == Task.assignee_id)
        .where(Task.status == "open", Task.due_at > system.now(), Task.due_at <= until)
        .order_by(Task.due_at).limit(limit)
    ).all()
    return [Upcoming(task.assignee_id, name, task.title, task.due_at, task.due_all_day)
            for task, name in rows if task.due_at is not None]
