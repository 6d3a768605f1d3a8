"""`salesbot token` (a user's API tokens), `salesbot webhook` (admin: outgoing webhooks) and `salesbot api` (the
REST API alone, on SALESBOT_HTTP_HOST/SALESBOT_HTTP_PORT)."""

from __future__ import annotations

import asyncio
import errno
import logging

import click

from bot.cli.common import acting_user, build_app, friendly_errors
from bot.cli.serve import check_port_free, port_in_use_error
from bot.settings import Settings
from core.i18n import t
from core.models import WEBHOOK_EVENTS
from core.services import api_tokens, webhooks


@click.group()
def token() -> None:
    """A user's API tokens (the REST API at /api/v1)."""


@token.command("create")
@click.argument("name")
@click.option("--as", "as_user", required=True, help="The user the token acts for.")
@friendly_errors
def token_create(name: str, as_user: str) -> None:
    """Create a token; it is printed once and never again (only its hash is kept)."""
    app = build_app()
    try:
        user_id, language = acting_user(app, as_user)
        with app.core.unit(user_id) as ctx:
            row, secret = api_tokens.create(ctx, name)
            click.echo(t(language, "api_token.created", name=row.name, token=secret))
    finally:
        app.close()


@token.command("list")
@click.option("--as", "as_user", required=True, help="Whose tokens.")
@friendly_errors
def token_list(as_user: str) -> None:
    """The user's tokens: name, created, last used, revoked (never the token itself)."""
    app = build_app()
    try:
        user_id, language = acting_user(app, as_user)
        with app.core.reading(user_id) as ctx:
            rows = api_tokens.listed(ctx)
            if not rows:
                click.echo(t(language, "api_token.none"))
            for row in rows:
                used = row.last_used_at.isoformat(timespec="seconds") if row.last_used_at else "-"
                state = f"revoked {row.revoked_at.isoformat(timespec='seconds')}" if row.revoked_at else "active"
                click.echo(f"{row.name}\tsb_{row.prefix}_…\tcreated {row.created_at.isoformat(timespec='seconds')}"
                           f"\tlast used {used}\t{state}")
    finally:
        app.close()


@token.command("revoke")
@click.argument("name")
@click.option("--as", "as_user", required=True, help="Whose token.")
@friendly_errors
def token_revoke(name: str, as_user: str) -> None:
    """Revoke a token: requests carrying it get 401 from now on."""
    app = build_app()
    try:
        user_id, language = acting_user(app, as_user)
        with app.core.unit(user_id) as ctx:
            row = api_tokens.revoke(ctx, name)
            click.echo(t(language, "api_token.revoked", name=row.name))
    finally:
        app.close()


@click.group()
def webhook() -> None:
    """Outgoing webhooks (admin): deal.won, deal.stage_changed, payment.received, contract.signed."""


@webhook.command("add")
@click.argument("url")
@click.option("--events", "events", multiple=True, required=True,
              help=f"Comma-separated or repeated: {', '.join(WEBHOOK_EVENTS)}.")
@friendly_errors
def webhook_add(url: str, events: tuple[str, ...]) -> None:
    """Subscribe URL; prints the signing secret once."""
    app = build_app()
    try:
        language = app.settings.core.default_language
        with app.core.system() as system:
            row, secret = webhooks.subscribe(system, url, list(events))
            click.echo(t(language, "webhook.added", id=row.id, events=", ".join(row.events), url=row.url,
                         secret=secret))
    finally:
        app.close()


@webhook.command("list")
@friendly_errors
def webhook_list() -> None:
    """Subscriptions and their latest deliveries."""
    app = build_app()
    try:
        with app.core.system() as system:
            rows = webhooks.subscriptions(system)
            if not rows:
                click.echo(t(app.settings.core.default_language, "webhook.none"))
            for row in rows:
                recent = webhooks.deliveries(system, row.id, limit=5)
                tail = ", ".join(f"#{d.id} {d.event} {d.status}×{d.attempts}" for d in recent) or "-"
                click.echo(f"{row.id}\t{row.url}\t{','.join(row.events)}\t{tail}")
    finally:
        app.close()


@webhook.command("remove")
@click.argument("subscription_id", type=int)
@friendly_errors
def webhook_remove(subscription_id: int) -> None:
    """Stop a subscription (its delivered history is kept)."""
    app = build_app()
    try:
        with app.core.system() as system:
            webhooks.unsubscribe(system, subscription_id)
        click.echo(t(app.settings.core.default_language, "webhook.removed", id=subscription_id))
    finally:
        app.close()


@click.command("api")
@friendly_errors
def api_command() -> None:
    """Serve the REST API alone (no chat channels) at /api/v1 on SALESBOT_HTTP_HOST:SALESBOT_HTTP_PORT."""
    from bot.serve import serve_api_forever

    settings = Settings()
    check_port_free(settings.channels.http_host, settings.channels.http_port)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = build_app()
    try:
        asyncio.run(serve_api_forever(app))
    except KeyboardInterrupt:
        pass
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise
        click.echo(port_in_use_error(app.settings.channels.http_host, app.settings.channels.http_port), err=True)
        raise SystemExit(2) from None
    finally:
        app.close()
