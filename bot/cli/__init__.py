"""`salesbot` — the command line: chat, admin, database, demo data, parsing."""

from __future__ import annotations

import sys
from typing import Any

import click


class SalesbotGroup(click.Group):
    """Every command: a configuration error is one line on stderr and exit 2, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except Exception as exc:
            from bot.cli.common import error_line

            line = error_line(exc)
            if line is None:
                raise
            click.echo(line, err=True)
            sys.exit(2)


@click.group(cls=SalesbotGroup)
@click.pass_context
def main(ctx: click.Context) -> None:
    """salesbot: a chat-first assistant for B2B project sales teams."""
    from bot.cli.common import CliServices

    if ctx.obj is None:
        ctx.obj = CliServices()


def _register() -> None:
    from bot.cli import admin, chat, jobs, nlu, prefs, serve

    main.add_command(chat.chat)
    main.add_command(admin.user)
    main.add_command(admin.db)
    main.add_command(admin.demo_command)
    main.add_command(serve.serve)
    main.add_command(jobs.jobs)
    admin.user.add_command(prefs.user_prefs)
    main.add_command(nlu.parse_command, "parse")
    main.add_command(nlu.nlu_eval_command, "nlu-eval")
    from bot.cli import transcribe

    main.add_command(transcribe.transcribe_command)
    from bot.cli import templates

    main.add_command(templates.templates_command)
    from bot.cli import api

    main.add_command(api.token)
    main.add_command(api.webhook)
    main.add_command(api.api_command)
    from bot.cli import transfer

    main.add_command(transfer.import_command)
    main.add_command(transfer.export_command)
    from bot.cli import scoring

    main.add_command(scoring.scoring)


_register()
