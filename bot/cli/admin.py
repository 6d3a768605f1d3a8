"""Admin commands: users and their chat links, the database schema, demo data."""

from __future__ import annotations

import click

from bot.cli.common import build_app, friendly_errors
from bot.settings import Settings
from core import demo
from core.db import make_engine, upgrade
from core.models import LANGUAGES, ROLES
from core.services import users


@click.group()
def user() -> None:
    """Manage salesbot users."""


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--team", default=None, help="Team name (created if new).")
@click.option("--lang", "language", type=click.Choice(LANGUAGES), default=None)
@click.option("--tz", "timezone", default=None, help="IANA timezone, e.g. Asia/Shanghai.")
@click.option("--email", default=None)
@friendly_errors
def user_add(name: str, role: str, team: str | None, language: str | None, timezone: str | None,
             email: str | None) -> None:
    """Add a user."""
    app = build_app()
    try:
        with app.core.system() as system:
            created = users.add_user(
                system, name, role=role, team=team,
                language=language or app.settings.core.default_language, timezone=timezone, email=email,
            )
            click.echo(f"added {created.name} ({created.role}) id={created.id}")
    finally:
        app.close()


@user.command("list")
@friendly_errors
def user_list() -> None:
    """List users."""
    app = build_app()
    try:
        with app.core.system() as system:
            for row, team in users.list_users(system):
                zone = row.timezone or "-"
                state = "" if row.active else " (inactive)"
                click.echo(f"{row.id}\t{row.name}\t{row.role}\t{team or '-'}\t{row.language}\t{zone}{state}")
    finally:
        app.close()


@user.command("link")
@click.argument("name")
@click.option("--platform", type=click.Choice(["telegram", "slack"]), required=True)
@click.option("--id", "platform_id", required=True, help="The user's id on that platform.")
@friendly_errors
def user_link(name: str, platform: str, platform_id: str) -> None:
    """Link a Telegram or Slack account to a user."""
    app = build_app()
    try:
        with app.core.system() as system:
            found = users.require_by_name(system, name)
            users.link(system, found, platform, platform_id)
            click.echo(f"linked {platform}:{platform_id} → {found.name}")
    finally:
        app.close()


@click.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
@friendly_errors
def db_upgrade() -> None:
    """Migrate the database to the newest schema."""
    settings = Settings()
    engine = make_engine(settings.core.resolved_database_url, data_dir=settings.core.data_dir)
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    click.echo("database is up to date")


@click.command("demo")
@friendly_errors
def demo_command() -> None:
    """Create a bilingual demo team with customers, deals in every stage, and tasks."""
    app = build_app()
    try:
        created = demo.seed(app.core)
    finally:
        app.close()
    if not created:
        click.echo("demo: users already exist, nothing added")
        return
    for person in created:
        click.echo(f"demo user: {person.name} ({person.role}, {person.team or 'no team'}, {person.language})")
    click.echo("try: salesbot chat --as Alice")


@user.command("invite")
@click.argument("name")
@click.option("--ttl-days", default=7, show_default=True, type=click.IntRange(1, 90))
@friendly_errors
def user_invite(name: str, ttl_days: int) -> None:
    """Print a one-time invite: a Telegram deep link and the Slack `link CODE` message."""
    from datetime import timedelta

    from core.services import invites

    app = build_app()
    try:
        with app.core.system() as system:
            found = users.require_by_name(system, name)
            code = invites.create(system, found, ttl=timedelta(days=ttl_days))
        username = app.settings.channels.telegram.bot_username
        if username is None and app.settings.channels.telegram.token:
            import asyncio

            from bot.channels.telegram import fetch_bot_username

            username = asyncio.run(fetch_bot_username(app.settings.channels.telegram))
        click.echo(f"invite for {found.name}, valid {ttl_days} days, works once:")
        click.echo(f"  Telegram: https://t.me/{username or '<your_bot>'}?start={code}")
        click.echo(f"  Slack:    send the bot a direct message: link {code}")
    finally:
        app.close()
