"""`salesbot jobs` — the scheduled work, for operations, demos and tests.

    salesbot jobs run-due --now 2026-11-27T09:00 [--dry-run]   everything due at that instant, once
    salesbot jobs list                                          what is scheduled and what is waiting
"""

from __future__ import annotations

from datetime import datetime, timedelta

import click
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from bot.cli.common import build_app, friendly_errors
from core.models import NOTIFICATION_OPEN, Notification, OutboxMessage, Task, User
from core.timeutil import zone
from notifications import runtime
from notifications.compose import PUSH_KINDS
from notifications.delivery import Outcome
from notifications.lease import LeaderLease
from notifications.rules.base import Audience
from notifications.schedule import daily_due, local_date


@click.group()
def jobs() -> None:
    """Reminders, nudges, digests and suggestions: run what is due, list what is scheduled."""


@jobs.command("run-due")
@click.option("--now", "now", required=True, metavar="ISO-8601",
              help="The instant to run at (default zone unless an offset is given).")
@click.option("--dry-run", is_flag=True, help="Show what would be sent; change nothing.")
@friendly_errors
def run_due(now: str, dry_run: bool) -> None:
    """Run once everything due at --now and print what was queued for whom."""
    app = build_app(now)
    try:
        built = runtime.build(app.core, app.settings.notifications, app.engine, polisher=app.polisher)
        report = built.engine.tick(dry_run=dry_run)
        click.echo(f"{'dry run' if dry_run else 'run'} at {report.now.isoformat()}: "
                   f"{report.discovered} newly due, {report.queued} message(s) queued")
        for outcome in report.outcomes:
            click.echo(_describe(outcome, dry_run))
        if report.queued and not dry_run:
            click.echo("queued messages are sent by the outbox of `salesbot serve` (retried until delivered)")
    finally:
        app.close()


def _describe(outcome: Outcome, dry_run: bool) -> str:
    verb = {"queued": "would send" if dry_run else "queued"}.get(outcome.status, outcome.status)
    where = f" ({outcome.address})" if outcome.address else ""
    why = f" — {outcome.reason}" if outcome.reason else ""
    head = f"{verb:>10} → {outcome.user}{where} [{outcome.kind}]{why}"
    if not outcome.text:
        return head
    body = "\n".join("             " + line for line in outcome.text.splitlines())
    return f"{head}\n{body}"


@jobs.command("list")
@friendly_errors
def list_jobs() -> None:
    """Show the scheduler's jobs, who runs them, the daily pushes per user, and pushes waiting."""
    app = build_app()
    try:
        _scheduler_jobs(app.engine)
        state = LeaderLease(app.core).state()
        if state is None or state.holder is None:
            click.echo("leader: none (no `salesbot serve` holds the scheduler lease)")
        else:
            click.echo(f"leader: {state.holder} (token {state.token}, lease until {_iso(state.expires_at)}, "
                       f"last tick {_iso(state.last_tick_at)})")
        now = app.core.clock.now()
        with app.core.system() as system:
            session = system.session
            audience = Audience(session, app.core.defaults)
            click.echo("daily pushes (local times):")
            for who in audience.all():
                quiet = (f"{who.prefs.quiet_start:%H:%M}-{who.prefs.quiet_end:%H:%M}" if who.prefs.quiet_enabled
                         else "off")
                parts = [f"zone {who.timezone}", f"quiet {quiet}"]
                if who.role == "rep" and who.prefs.wants("daily_report"):
                    done = daily_due(now, who.timezone, who.prefs.report_time) is not None
                    parts.append(f"report nudge {who.prefs.report_time:%H:%M}{' (passed today)' if done else ''}")
                if who.role == "manager" and who.prefs.wants("digest_daily"):
                    parts.append(f"digest {who.prefs.digest_time:%H:%M} (weekly on Monday)")
                if who.role in ("rep", "manager") and who.prefs.wants("suggestion"):
                    parts.append(f"suggestions {who.prefs.morning_time:%H:%M} (max {who.prefs.max_suggestions})")
                click.echo(f"  {who.name}: " + " · ".join(parts))
            _waiting(session)
            _upcoming_tasks(session, now, audience)
            unsent = session.scalar(select(func.count(OutboxMessage.id)).where(
                OutboxMessage.kind.in_(PUSH_KINDS), OutboxMessage.status.in_(("pending", "sending"))))
            click.echo(f"pushes in the outbox not yet sent: {unsent or 0}")
    finally:
        app.close()


def _scheduler_jobs(engine: Engine) -> None:
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore  # type: ignore[import-untyped]

    store = SQLAlchemyJobStore(engine=engine, tablename="apscheduler_jobs")
    found = store.get_all_jobs()
    if not found:
        click.echo("scheduler jobs: none stored yet (`salesbot serve` adds the tick when it becomes leader)")
    for job in found:
        click.echo(f"scheduler job {job.id}: {job.name} · {job.trigger} · next run {_iso(job.next_run_time)}")


def _waiting(session: Session) -> None:
    rows = session.execute(
        select(Notification, User.name).join(User, User.id == Notification.user_id)
        .where(Notification.status.in_(NOTIFICATION_OPEN)).order_by(Notification.deliver_after).limit(50)
    ).all()
    click.echo(f"waiting pushes: {len(rows)}")
    for note, name in rows:
        why = f" ({note.reason})" if note.reason else ""
        click.echo(f"  {_iso(note.deliver_after)} {name} [{note.kind}] {note.status}{why}")


def _upcoming_tasks(session: Session, now: datetime, audience: Audience) -> None:
    rows = session.execute(
        select(Task, User.name).join(User, User.id == Task.assignee_id)
        .where(Task.status == "open", Task.due_at > now, Task.due_at <= now + timedelta(hours=24))
        .order_by(Task.due_at).limit(20)
    ).all()
    click.echo(f"task reminders in the next 24 h: {len(rows)}")
    for task, name in rows:
        who = audience.get(task.assignee_id)
        tz = who.timezone if who else "UTC"
        assert task.due_at is not None
        if task.due_all_day:
            when = f"{local_date(task.due_at, tz)} (in the morning)"
        else:
            when = f"{task.due_at.astimezone(zone(tz)):%a %H:%M} {tz}"
        click.echo(f"  {name}: {task.title} · {when}")


def _iso(value: datetime | None) -> str:
    return value.isoformat(timespec="seconds") if value is not None else "-"
