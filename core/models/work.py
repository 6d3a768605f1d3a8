"""A rep's own work: tasks and the daily report (日报)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.models.base import Base

TASK_STATUSES = ("open", "done", "cancelled")


class Task(Base):
    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    # A date-only task is due at the start of that day in the assignee's timezone (due_all_day=True).
    due_at: Mapped[datetime | None] = mapped_column(index=True)
    due_all_day: Mapped[bool] = mapped_column(default=True)
    assignee_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id", ondelete="SET NULL"), index=True)
    deal_id: Mapped[int | None] = mapped_column(ForeignKey("deals.id", ondelete="SET NULL"), index=True)
    interaction_id: Mapped[int | None] = mapped_column(ForeignKey("interactions.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    done_at: Mapped[datetime | None]
    created_at: Mapped[datetime]


class DailyReport(Base):
    __tablename__ = "daily_reports"
    __table_args__ = (UniqueConstraint("user_id", "report_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    report_date: Mapped[date]
    content: Mapped[str] = mapped_column(Text)
    submitted_at: Mapped[datetime]
