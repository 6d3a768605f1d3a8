"""`salesbot chat --as NAME` — talk to the assistant in the terminal (or pipe a scripted conversation)."""

from __future__ import annotations

import asyncio
import sys

import click

from bot import console
from bot.cli.common import build_app, friendly_errors


@click.command()
@click.option("--as", "as_user", required=True, metavar="NAME", help="The salesbot user you are.")
@click.option("--now", default=None, metavar="ISO-8601", help="Fix the clock (demos, scripted tests).")
@friendly_errors
def chat(as_user: str, now: str | None) -> None:
    """Chat with the assistant. Piped input is read one message per line."""
    app = build_app(now)
    try:
        asyncio.run(console.run(app, as_user, sys.stdin, sys.stdout, interactive=sys.stdin.isatty()))
    except KeyboardInterrupt:
        pass
    finally:
        app.close()
