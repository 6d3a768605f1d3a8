"""`salesbot import KIND FILE --as NAME` and `salesbot export KIND --as NAME`: the command-line adapter over
core.importing and core.exporting (which hold the rules); this module reads options and prints."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import click

from bot.cli.common import acting_user, build_app, friendly_errors
from core import exporting
from core.errors import DomainError
from core.i18n import t
from core.importing import importer, report
from core.importing.applying import DEFAULT_BATCH_SIZE, BatchFailed
from core.models import IMPORT_KINDS


@click.command("import")
@click.argument("kind", type=click.Choice(IMPORT_KINDS))
@click.argument("path", metavar="FILE", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--as", "as_user", required=True, metavar="NAME", help="The salesbot user importing (their rights).")
@click.option("--dry-run", is_flag=True, help="Report what would be created, merged and rejected; write nothing.")
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=DEFAULT_BATCH_SIZE, show_default=True,
              help="Rows per transaction (a resumed run keeps the size it started with).")
@click.option("--map", "mapping", multiple=True, metavar="COLUMN=FIELD",
              help="Read a column as a field, e.g. --map 客户全称=customer (repeatable).")
@click.option("--merge-near", is_flag=True,
              help="Merge near duplicates (a similar name) into the record each resembles instead of rejecting them.")
@click.option("--now", default=None, metavar="ISO-8601", help="Fix the clock (demos, scripted tests).")
@friendly_errors
def import_command(kind: str, path: Path, as_user: str, dry_run: bool, batch_size: int, mapping: tuple[str, ...],
                   merge_near: bool, now: str | None) -> None:
    """Import customers, contacts or deals from a CSV (UTF-8 or GBK) or XLSX file."""
    app = build_app(now)
    try:
        user_id, lang = acting_user(app, as_user)
        try:
            plan = importer.plan_file(app.core, user_id, kind, path, mapping, merge_near=merge_near)
        except DomainError as exc:
            click.echo(f"error: {report.error_text(lang, exc)}", err=True)
            sys.exit(2)
        previous = None if dry_run else importer.previous_run(app.core, user_id, plan)
        if previous is not None and previous.status == "done":
            click.echo(t(lang, "import.report.already_done", run=previous.run_id))
            return
        skipped = previous.rows_done(plan) if previous is not None else set()
        for line in report.render_plan(plan, lang, skipped_rows=skipped):
            click.echo(line)
        if dry_run:
            click.echo(t(lang, "import.report.dry_run"))
            return
        if previous is not None and previous.batch_size != batch_size:
            click.echo(t(lang, "import.report.resumed_size", size=previous.batch_size))
        try:
            result = importer.write(app.core, user_id, plan, batch_size,
                                    lambda event: click.echo(report.batch_line(lang, event)))
        except BatchFailed as exc:
            click.echo(f"error: {report.error_text(lang, exc)}", err=True)
            sys.exit(1)
        click.echo(t(lang, "import.report.done", created=result.created, merged=result.merged))
    finally:
        app.close()


@click.command("export")
@click.argument("kind", type=click.Choice(exporting.KINDS))
@click.option("--out", "out", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="The CSV file to write (UTF-8 with BOM, opens in Excel); standard output when omitted.")
@click.option("--as", "as_user", required=True, metavar="NAME", help="The salesbot user exporting (what they see).")
@friendly_errors
def export_command(kind: str, out: Path | None, as_user: str) -> None:
    """Export a list (what the user may see) as CSV."""
    app = build_app()
    try:
        user_id, lang = acting_user(app, as_user)
        with app.core.reading(user_id) as ctx:
            if out is None:
                text = io.StringIO(newline="")
                exporting.write_csv(ctx, kind, text)
                sys.stdout.flush()
                sys.stdout.buffer.write(text.getvalue().encode(exporting.ENCODING))
                sys.stdout.buffer.flush()
                return
            with out.open("w", encoding=exporting.ENCODING, newline="") as handle:
                count = exporting.write_csv(ctx, kind, handle)
        noun = t(lang, f"import.kind.{kind}") if kind in IMPORT_KINDS else t(lang, f"export.kind.{kind}")
        click.echo(t(lang, "export.done", count=count, kind=noun, file=str(out)))
    finally:
        app.close()
