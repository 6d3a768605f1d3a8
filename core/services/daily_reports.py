"""The daily report (日报): what a rep did today, submitted once per local day (resubmitting replaces it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from core import audit
from core.context import ServiceContext
from core.models import DailyReport, Interaction, Task, Team, User
from core.permissions import DAILY_REPORTERS, can_read
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


@dataclass(frozen=True)
class Submission:
    """One person expected to report, and their report for the day (None: not sent yet)."""

    user_id: int
    name: str
    team: str | None
    report: DailyReport | None


def submissions(ctx: ServiceContext, day: date) -> list[Submission]:
    """Everyone expected to send a daily report whose reports the actor reads — a manager's team, everyone for an
    admin, a rep themselves — with their report for `day` if they sent one (sorted by team, then name)."""
    people = ctx.session.execute(
        select(User, Team.name).outerjoin(Team, Team.id == User.team_id)
        .where(User.active.is_(True), User.role.in_(DAILY_REPORTERS))
    ).all()
    readable = [(user, team) for user, team in people
                if can_read(ctx.actor, "daily_report", user.id, user.team_id)]
    ids = [user.id for user, _ in readable]
    reports = {r.user_id: r for r in ctx.session.scalars(
        select(DailyReport).where(DailyReport.report_date == day, DailyReport.user_id.in_(ids)))} if ids else {}
    out = [Submission(user.id, user.name, team, reports.get(user.id)) for user, team in readable]
    return sorted(out, key=lambda s: (s.team or "", s.name.casefold()))


def of_user(ctx: ServiceContext, user_id: int, *, limit: int = 7) -> list[DailyReport]:
    """A person's latest daily reports, newest first — only when the actor may read them (else none)."""
    query = (select(DailyReport).where(DailyReport.user_id == user_id)
             .order_by(DailyReport.report_date.desc()).limit(limit))
    return list(ctx.session.scalars(query).all())
