"""`salesbot templates`: the project templates a won deal can start from — the packaged ones and the team's own
copies in the data dir — each parsed and checked (dependencies, cycles) as a win would, before a win finds out."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bot.cli.common import CliServices
from core.datafiles import PACKAGED, DataFileError
from core.project_templates import DEFAULT, FOLDER, template_for


def template_files(data_dir: Path | None) -> dict[str, Path]:
    """Deal type → the file a win of that type uses (the team's copy wins over the packaged one)."""
    found = {path.stem: path for path in sorted((PACKAGED / FOLDER).glob("*.toml"))}
    if data_dir is not None and (data_dir / FOLDER).is_dir():
        found.update({path.stem: path for path in sorted((data_dir / FOLDER).glob("*.toml"))})
    return found


@click.command("templates")
@click.pass_obj
def templates_command(services: CliServices) -> None:
    """List the project templates by deal type and check that each one parses and schedules."""
    data_dir = services.settings.core.data_dir
    broken = 0
    for kind, path in template_files(data_dir).items():
        try:
            template = template_for(None if kind == DEFAULT else kind, data_dir)
        except DataFileError as exc:
            broken += 1
            click.echo(f"✗ {kind}: {path} — {exc.params['detail']}")
            continue
        milestones = sum(1 for task in template.tasks if task.is_milestone)
        click.echo(f"✓ {kind}: {template.name} — {len(template.tasks)} tasks ({milestones} milestones), "
                   f"{template.budget_hours or 0} h estimated · {path}")
    if broken:
        sys.exit(1)
