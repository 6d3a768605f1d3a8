"""What salesbot says first: per-user preferences, every push it decided to make, suggestions and their feedback,
and the scheduler's leader lease.

Reminder state lives here, not in APScheduler: the scheduler only wakes the tick; whether something was sent,
snoozed or dismissed is decided from these rows, so correctness never depends on the job store.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Column, Float, ForeignKey, Index, LargeBinary, String, Table, Unicode, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.models.base import Base

# Notification lifecycle. `pending`/`snoozed` rows wait for `deliver_after`; `queued` rows are in the outbox.
NOTIFICATION_OPEN = ("pending", "snoozed")
NOTIFICATION_STATUSES = (
    "pending", "snoozed", "queued", "done", "dismissed", "dropped", "muted", "no_channel", "obsolete",
)
SUGGESTION_STATUSES = ("new", "shown", "accepted", "snoozed", "dismissed")


class NotificationPref(Base):
    """A user's notification settings; a missing row or a NULL column means "the default"."""

    __tablename__ = "notification_prefs"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    quiet_enabled: Mapped[bool] = mapped_column(default=True)
    quiet_start: Mapped[time | None]
    quiet_end: Mapped[time | None]
    report_time: Mapped[time | None]
    digest_time: Mapped[time | None]
    # When "day" reminders arrive: all-day tasks, quiet deals, suggestions.
    morning_time: Mapped[time | None]
    muted_kinds: Mapped[list[str]] = mapped_column(default=list)
    batching: Mapped[bool] = mapped_column(default=True)
    channel: Mapped[str | None] = mapped_column(String(16))
    heads_up_minutes: Mapped[int] = mapped_column(default=0)
    max_suggestions: Mapped[int | None]
    updated_at: Mapped[datetime]


class Notification(Base):
    """One push salesbot decided to make; `key` names the occurrence so it can never be made twice."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_due", "status", "deliver_after"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # e.g. "task_due:42:2026-11-27T01:00" — the rule, the entity and the occurrence.
    key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # Set for pushes about a team (digests): the recipient must still belong to it when it is sent.
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    entity_type: Mapped[str | None] = mapped_column(String(40))
    entity_id: Mapped[int | None]
    # What the message needs, rendered at delivery time in the recipient's then-current language and zone.
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    urgent: Mapped[bool] = mapped_column(default=False)
    due_at: Mapped[datetime]
    # Moves later for quiet hours and snoozes.
    deliver_after: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16), default="pending")
    snoozes: Mapped[int] = mapped_column(default=0)
    outbox_id: Mapped[int | None]
    reason: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    delivered_at: Mapped[datetime | None]


class Suggestion(Base):
    """A next-best-action offered to a user, and what they did with it (feedback keeps dismissed ones away)."""

    __tablename__ = "suggestions"
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # The rule, the entity and the situation ("proposal_no_reply:deal:42:2026-11-16"): a new situation is new.
    key: Mapped[str] = mapped_column(String(200))
    rule: Mapped[str] = mapped_column(String(40))
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int]
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    score: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(16), default="new")
    shown_on: Mapped[date | None]
    snooze_until: Mapped[datetime | None]
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    decided_at: Mapped[datetime | None]


class SchedulerLease(Base):
    """Who runs the scheduled work. `token` grows with every new holder (a fencing token)."""

    __tablename__ = "scheduler_leases"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str | None] = mapped_column(String(128))
    token: Mapped[int] = mapped_column(default=0)
    acquired_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]
    last_tick_at: Mapped[datetime | None]


# APScheduler's SQLAlchemyJobStore table, declared here (same shape it creates) so migrations own the schema.
apscheduler_jobs = Table(
    "apscheduler_jobs",
    Base.metadata,
    Column("id", Unicode(191), primary_key=True),
    Column("next_run_time", Float(25), index=True),
    Column("job_state", LargeBinary, nullable=False),
)
