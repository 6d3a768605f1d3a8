"""`salesbot` — the command line: chat, admin, database, demo data, parsing."""

from __future__ import annotations

import click


@click.group()
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


_register()
