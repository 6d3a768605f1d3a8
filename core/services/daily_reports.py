"""The daily report (日报): what a rep did today, submitted once per local day (resubmitting replaces it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from core import audit
from core.context import ServiceContext
from core.models import DailyReport, Interaction, Task
from core.services import validation as v
from core.timeutil import local_day_bounds, local_today


def submit(ctx: ServiceContext, content: str, *, day: date | None = None) -> DailyReport:
    report_day = day or local_today(ctx.now(), ctx.actor.timezone)
    text = v.required_text(content, "summary", limit=8000)
    existing = ctx.session.scalar(
        select(DailyReport).where(DailyReport.user_id == ctx.actor.user_id, DailyReport.report_date == report_day)
    )
    if existing is not None:
        before = audit.snapshot(existing)
        existing.content = text
        existing.submitted_at = ctx.now()
        audit.record(ctx, "daily_report", existing, before)
        return existing
    report = DailyReport(user_id=ctx.actor.user_id, report_date=report_day, content=text, submitted_at=ctx.now())
    ctx.session.add(report)
    audit.record(ctx, "daily_report", report, None)
    return report


@dataclass(frozen=True)
class DayActivity:
    day: date
    interactions: list[Interaction]
    completed_tasks: list[Task]


def activity(ctx: ServiceContext, day: date | None = None) -> DayActivity:
    """What the actor logged and finished on a local day — the raw material for a report draft."""
    report_day = day or local_today(ctx.now(), ctx.actor.timezone)
    start, end = local_day_bounds(report_day, ctx.actor.timezone)
    interactions = ctx.session.scalars(
        select(Interaction)
        .where(Interaction.author_id == ctx.actor.user_id)
        .where(Interaction.occurred_at >= start, Interaction.occurred_at < end)
        .order_by(Interaction.occurred_at)
    ).all()
    done = ctx.session.scalars(
        select(Task)
        .where(Task.assignee_id == ctx.actor.user_id, Task.status == "done")
        .where(Task.done_at >= start, Task.done_at < end)
        .order_by(Task.done_at)
    ).all()
    return DayActivity(report_day, list(interactions), list(done))
