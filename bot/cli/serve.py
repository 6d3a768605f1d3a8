"""`salesbot serve` — run the configured channels (Telegram, Slack), the outbox and the HTTP endpoints."""

from __future__ import annotations

import asyncio
import errno
import logging
import socket

import click

from bot.cli.common import build_app, friendly_errors
from bot.settings import Settings


def port_in_use_error(host: str, port: int) -> str:
    return (f"error: cannot listen on {host}:{port}: the port is already in use; stop what runs there or set "
            "SALESBOT_HTTP_PORT (and SALESBOT_HTTP_HOST) to a free one")


def check_port_free(host: str, port: int) -> None:
    """Fail now, before anything starts, when another process listens on host:port (bound as aiohttp binds)."""
    if port == 0:
        return
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        click.echo(f"error: cannot listen on {host}:{port} ({exc.strerror}): set SALESBOT_HTTP_HOST to an address "
                   "of this machine", err=True)
        raise SystemExit(2) from None
    for family, kind, proto, _name, address in infos:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(address)
            except OSError as exc:
                if exc.errno == errno.EADDRINUSE:
                    click.echo(port_in_use_error(host, port), err=True)
                    raise SystemExit(2) from None
                click.echo(f"error: cannot listen on {host}:{port} ({exc.strerror}): set SALESBOT_HTTP_HOST and "
                           "SALESBOT_HTTP_PORT to an address and port this user may use", err=True)
                raise SystemExit(2) from None


@click.command()
@friendly_errors
def serve() -> None:
    """Start every configured channel in one process."""
    from bot.serve import serve_forever

    settings = Settings()
    check_port_free(settings.channels.http_host, settings.channels.http_port)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = build_app()
    try:
        if not (app.settings.channels.telegram.token or app.settings.channels.slack.bot_token):
            click.echo(
                "nothing to serve: set SALESBOT_TELEGRAM_TOKEN for Telegram and/or SALESBOT_SLACK_BOT_TOKEN with "
                "SALESBOT_SLACK_SIGNING_SECRET for Slack (SALESBOT_SLACK_APP_TOKEN for Socket Mode). "
                "See README › Connecting Slack and Telegram.",
                err=True,
            )
            raise SystemExit(2)
        asyncio.run(serve_forever(app))
    except KeyboardInterrupt:
        pass
    except OSError as exc:  # the port taken between the check and the bind
        if exc.errno != errno.EADDRINUSE:
            raise
        click.echo(port_in_use_error(app.settings.channels.http_host, app.settings.channels.http_port), err=True)
        raise SystemExit(2) from None
    except ValueError as exc:  # a channel refusing its configuration (e.g. a webhook URL that is not https)
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(2) from None
    finally:
        app.close()
