"""`salesbot user prefs NAME [...]` — show or change a user's notification settings from the command line."""

from __future__ import annotations

import click

from bot.cli.common import build_app, friendly_errors
from core.models import LANGUAGES
from core.services import audience, preferences, users
from core.services.preferences import KINDS, PrefChanges, Prefs, parse_clock, parse_range


@click.command("prefs")
@click.argument("name")
@click.option("--tz", "timezone", default=None, help="IANA timezone, e.g. Europe/London.")
@click.option("--lang", "language", type=click.Choice(LANGUAGES), default=None)
@click.option("--quiet", default=None, metavar="HH:MM-HH:MM|on|off", help="Quiet hours (only urgent items then).")
@click.option("--report", "report_time", default=None, metavar="HH:MM", help="Daily-report reminder time.")
@click.option("--digest", "digest_time", default=None, metavar="HH:MM", help="Manager digest time.")
@click.option("--morning", "morning_time", default=None, metavar="HH:MM", help="Day reminders and suggestions.")
@click.option("--mute", multiple=True, type=click.Choice(KINDS), help="Stop a kind of push (repeatable).")
@click.option("--unmute", multiple=True, type=click.Choice(KINDS), help="Restore a kind of push (repeatable).")
@click.option("--batch/--no-batch", "batching", default=None, help="Several pushes due together as one message.")
@click.option("--channel", type=click.Choice(["telegram", "slack", "auto"]), default=None)
@click.option("--headsup", type=click.IntRange(0, preferences.MAX_HEADS_UP), default=None,
              help="Minutes of warning before timed tasks (0 = off).")
@click.option("--suggestions", type=click.IntRange(0, preferences.MAX_SUGGESTIONS), default=None,
              help="Suggestions per day (0 = none).")
@friendly_errors
def user_prefs(name: str, timezone: str | None, language: str | None, quiet: str | None, report_time: str | None,
               digest_time: str | None, morning_time: str | None, mute: tuple[str, ...], unmute: tuple[str, ...],
               batching: bool | None, channel: str | None, headsup: int | None, suggestions: int | None) -> None:
    """Show a user's notification settings, or change them (invalid values are refused)."""
    changes = PrefChanges(
        timezone=timezone, language=language, report_time=parse_clock(report_time) if report_time else None,
        digest_time=parse_clock(digest_time) if digest_time else None,
        morning_time=parse_clock(morning_time) if morning_time else None, mute=list(mute), unmute=list(unmute),
        batching=batching, channel=channel, heads_up_minutes=headsup, max_suggestions=suggestions,
    )
    if quiet is not None:
        if quiet.strip().lower() in ("on", "off"):
            changes.quiet_enabled = quiet.strip().lower() == "on"
        else:
            changes.quiet = parse_range(quiet)
    app = build_app()
    try:
        with app.core.system() as system:
            user = users.require_by_name(system, name)
            changed = changes != PrefChanges()
            if changed:
                preferences.apply(system, user.id, changes)
            prefs = preferences.load(system, user.id)
            recipient = audience.one(system, user.id)  # the zone pushes use: theirs, else the team's, else default
            zone = recipient.timezone if recipient else user.timezone or app.settings.core.default_timezone
            source = "" if user.timezone else " (default)"
            click.echo(f"{'updated' if changed else 'settings of'} {user.name}:")
            click.echo(f"  timezone {zone}{source} · language {user.language}")
            for line in describe(prefs):
                click.echo(f"  {line}")
    finally:
        app.close()


def describe(prefs: Prefs) -> list[str]:
    quiet = f"{prefs.quiet_start:%H:%M}-{prefs.quiet_end:%H:%M}" if prefs.quiet_enabled else "off"
    return [
        f"quiet hours {quiet} · report nudge {prefs.report_time:%H:%M} · digest {prefs.digest_time:%H:%M} · "
        f"day reminders {prefs.morning_time:%H:%M}",
        f"batching {'on' if prefs.batching else 'off'} · channel {prefs.channel or 'auto'} · "
        f"heads-up {prefs.heads_up_minutes or 'off'} · suggestions/day {prefs.max_suggestions}",
        f"muted: {', '.join(sorted(prefs.muted)) or 'none'}",
    ]
