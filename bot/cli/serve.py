"""`salesbot serve` — run the configured channels (Telegram, Slack), the outbox and the HTTP endpoints."""

from __future__ import annotations

import asyncio
import logging

import click

from bot.cli.common import build_app, friendly_errors


@click.command()
@friendly_errors
def serve() -> None:
    """Start every configured channel in one process."""
    from bot.serve import serve_forever

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
    except ValueError as exc:  # a channel refusing its configuration (e.g. a webhook URL that is not https)
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(2) from None
    finally:
        app.close()
