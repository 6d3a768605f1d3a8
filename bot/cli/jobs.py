"""`salesbot jobs` — the scheduled work, for operations, demos and tests.

    salesbot jobs run-due --now 2026-11-27T09:00 [--dry-run]   everything due at that instant, once
    salesbot jobs list                                          what is scheduled and what is waiting
"""

from __future__ import annotations

from datetime import datetime, timedelta

import click

from bot.cli.common import build_app, friendly_errors
from core.context import SystemContext
from core.permissions import DAILY_REPORTERS, DIGEST_READERS, SUGGESTION_READERS
from core.schedule import daily_due, local_date
from core.services import audience, pushes, reminders
from core.services.audience import Audience, Recipient
from core.timeutil import zone
from notifications import runtime
from notifications.compose import PUSH_KINDS
from notifications.delivery import Outcome
from notifications.lease import LeaderLease
from notifications.scheduler import stored_jobs


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
        found = stored_jobs(app.engine)
        if not found:
            click.echo("scheduler jobs: none stored yet (`salesbot serve` adds the tick when it becomes leader)")
        for job in found:
            click.echo(f"scheduler job {job.id}: {job.name} · {job.trigger} · next run {_iso(job.next_run)}")
        state = LeaderLease(app.core).state()
        if state is None or state.holder is None:
            click.echo("leader: none (no `salesbot serve` holds the scheduler lease)")
        else:
            click.echo(f"leader: {state.holder} (token {state.token}, lease until {_iso(state.expires_at)}, "
                       f"last tick {_iso(state.last_tick_at)})")
        with app.core.system() as system:
            people = audience.everyone(system)
            click.echo("daily pushes (local times):")
            for who in people.all():
                click.echo(f"  {who.name}: " + " · ".join(_daily(who, system.now())))
            _waiting(system)
            _upcoming_tasks(system, people)
            click.echo(f"pushes in the outbox not yet sent: {pushes.unsent(system, PUSH_KINDS)}")
    finally:
        app.close()


def _daily(who: Recipient, now: datetime) -> list[str]:
    prefs = who.prefs
    quiet = f"{prefs.quiet_start:%H:%M}-{prefs.quiet_end:%H:%M}" if prefs.quiet_enabled else "off"
    parts = [f"zone {who.timezone}", f"quiet {quiet}"]
    if who.role in DAILY_REPORTERS and prefs.wants("daily_report"):
        done = daily_due(now, who.timezone, prefs.report_time) is not None
        parts.append(f"report nudge {prefs.report_time:%H:%M}{' (passed today)' if done else ''}")
    if who.role in DIGEST_READERS and prefs.wants("digest_daily"):
        parts.append(f"digest {prefs.digest_time:%H:%M} (weekly on Monday)")
    if who.role in SUGGESTION_READERS and prefs.wants("suggestion"):
        parts.append(f"suggestions {prefs.morning_time:%H:%M} (max {prefs.max_suggestions})")
    return parts


def _waiting(system: SystemContext) -> None:
    rows = pushes.waiting(system, limit=50)
    click.echo(f"waiting pushes: {len(rows)}")
    for row in rows:
        why = f" ({row.reason})" if row.reason else ""
        click.echo(f"  {_iso(row.deliver_after)} {row.user} [{row.kind}] {row.status}{why}")


def _upcoming_tasks(system: SystemContext, people: Audience) -> None:
    rows = reminders.upcoming_tasks(system, system.now() + timedelta(hours=24), limit=20)
    click.echo(f"task reminders in the next 24 h: {len(rows)}")
    for row in rows:
        who = people.get(row.assignee_id)
        tz = who.timezone if who else "UTC"
        if row.all_day:
            when = f"{local_date(row.due_at, tz)} (in the morning)"
        else:
            when = f"{row.due_at.astimezone(zone(tz)):%a %H:%M} {tz}"
        click.echo(f"  {row.assignee}: {row.title} · {when}")


def _iso(value: datetime | None) -> str:
    return value.isoformat(timespec="seconds") if value is not None else "-"
