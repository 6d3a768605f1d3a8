"""Delivery: the project a won deal becomes, its tasks and their order, hours, expenses and change requests.

Project tasks (工作任务: "design", "data migration", 5 days, after design) are a plan with durations and
dependencies; they are not the follow-up to-dos in `core.models.work.Task`, which have a due time and nothing
before them.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal, get_args

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.models.base import Base

ProjectStatus = Literal["planning", "active", "on_hold", "done", "cancelled"]
PROJECT_STATUSES: tuple[ProjectStatus, ...] = get_args(ProjectStatus)
CLOSED_PROJECT_STATUSES: tuple[ProjectStatus, ...] = ("done", "cancelled")
PROJECT_TASK_STATUSES = ("todo", "doing", "done")
ChangeKind = Literal["scope", "budget", "dates"]
CHANGE_KINDS: tuple[ChangeKind, ...] = get_args(ChangeKind)


class Project(Base):
    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    # One project per deal: winning again (after a reopen) finds the same project.
    deal_id: Mapped[int | None] = mapped_column(ForeignKey("deals.id", ondelete="SET NULL"), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    # The deal's owner keeps the customer; the project manager (PM) delivers. Either reads it as their own.
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    template: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="planning", index=True)
    budget_hours: Mapped[Decimal | None]
    budget_amount: Mapped[Decimal | None]
    currency: Mapped[str] = mapped_column(String(3))
    planned_start: Mapped[date | None]
    planned_end: Mapped[date | None]
    percent_complete: Mapped[int] = mapped_column(default=0)
    # Set when its deal was reopened after the win: the project stays, flagged for the PM and owner.
    reopened_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]


class ProjectTask(Base):
    __tablename__ = "project_tasks"
    __table_args__ = (CheckConstraint("duration_days >= 0", name="duration_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    # Working days; a milestone is a task of no duration.
    duration_days: Mapped[int] = mapped_column(default=1)
    milestone: Mapped[bool] = mapped_column(default=False)
    # The planned dates, kept in step with the dependencies by the scheduler (start may be pinned by hand).
    start_on: Mapped[date | None]
    end_on: Mapped[date | None]
    pinned_start: Mapped[bool] = mapped_column(default=False)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    estimate_hours: Mapped[Decimal | None]
    status: Mapped[str] = mapped_column(String(8), default="todo")
    done_on: Mapped[date | None]
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime]


class TaskDependency(Base):
    """`task` starts after `depends_on` ends (finish-to-start)."""

    __tablename__ = "project_task_dependencies"
    __table_args__ = (UniqueConstraint("task_id", "depends_on_id"),
                      CheckConstraint("task_id <> depends_on_id", name="not_on_itself"))

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("project_tasks.id", ondelete="CASCADE"), index=True)
    depends_on_id: Mapped[int] = mapped_column(ForeignKey("project_tasks.id", ondelete="CASCADE"), index=True)


class TimeEntry(Base):
    __tablename__ = "time_entries"
    __table_args__ = (CheckConstraint("hours > 0 AND hours <= 24", name="hours_in_a_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    project_task_id: Mapped[int | None] = mapped_column(ForeignKey("project_tasks.id", ondelete="SET NULL"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    work_date: Mapped[date] = mapped_column(index=True)
    hours: Mapped[Decimal]
    # The user's cost rate when the hours were logged, so a later raise does not rewrite past margins.
    cost_rate: Mapped[Decimal | None]
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]


class Expense(Base):
    __tablename__ = "project_expenses"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    spent_on: Mapped[date]
    amount: Mapped[Decimal]
    description: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime]


class ChangeRequest(Base):
    """A change to a project's scope, budget or dates; it applies only once its approval is granted."""

    __tablename__ = "change_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    # What changes: {"budget_amount": "120000.00"}, {"planned_end": "2027-05-01"}, {"add_task": {...}}
    changes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    reason: Mapped[str | None] = mapped_column(Text)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending | applied | rejected
    created_at: Mapped[datetime]
    decided_at: Mapped[datetime | None]


class ProjectUpdate(Base):
    """A progress report on a project (update_project): the percent then reported, a milestone done, a note."""

    __tablename__ = "project_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    percent_complete: Mapped[int | None]
    milestone_task_id: Mapped[int | None] = mapped_column(ForeignKey("project_tasks.id", ondelete="SET NULL"))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
