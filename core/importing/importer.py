"""The use case the command line (or any other adapter) calls: plan a file for a user, look up an earlier run of
it, and write it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from core.context import CoreGateway
from core.importing import applying, planning
from core.importing.mapping import parse_overrides
from core.importing.reading import read_table
from core.models import ImportBatch, ImportRun


def plan_file(core: CoreGateway, user_id: int, kind: str, path: Path, mapping: tuple[str, ...] = (), *,
              merge_near: bool = False) -> planning.Plan:
    """Read, map and plan `path` as `kind` for the user; reads only, in the user's scope. `merge_near`: near
    duplicates merge into what they resemble instead of being rejected (only when the user asks)."""
    overrides = parse_overrides(mapping, kind)
    table = read_table(path)
    with core.reading(user_id) as ctx:
        return planning.build(ctx, kind, table, path.name, overrides, merge_near=merge_near)


@dataclass(frozen=True)
class Previous:
    run_id: int
    status: str
    batch_size: int
    done: tuple[int, ...]

    def rows_done(self, plan: planning.Plan) -> set[int]:
        chunks = applying.batches(plan.actions, self.batch_size)
        return {action.row for number in self.done if number <= len(chunks) for action in chunks[number - 1]}


def previous_run(core: CoreGateway, user_id: int, plan: planning.Plan) -> Previous | None:
    """The user's earlier run of this very file (same kind and bytes), with the batches it wrote."""
    with core.reading(user_id) as ctx:
        run = ctx.session.scalar(select(ImportRun).where(
            ImportRun.user_id == user_id, ImportRun.kind == plan.kind, ImportRun.file_hash == plan.table.file_hash))
        if run is None:
            return None
        done = tuple(sorted(ctx.session.scalars(select(ImportBatch.number).where(ImportBatch.run_id == run.id))))
        return Previous(run.id, run.status, run.batch_size, done)


def write(core: CoreGateway, user_id: int, plan: planning.Plan, batch_size: int,
          on_batch: Callable[[applying.BatchEvent], None] | None = None) -> applying.RunResult:
    return applying.run(core, user_id, plan, batch_size, on_batch)
