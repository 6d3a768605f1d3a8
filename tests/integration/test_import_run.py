"""A real import: a dry run writes nothing; each batch is one transaction (a failure mid-batch leaves none of
it); a re-run of the same file after a failure skips the batches already written and finishes the rest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from bot.cli import main
from core.context import CoreGateway
from core.importing import applying, importer
from core.models import AuditLog, Base, Contact, Customer, Deal, DealStageChange, ImportBatch, ImportRun
from core.services import customers
from tests.integration.import_support import Team, cli, count, team, write_csv

__all__ = ["cli", "team"]

TABLES: tuple[type[Base], ...] = (Customer, Contact, Deal, DealStageChange, AuditLog, ImportRun, ImportBatch)
ROWS = [["客户名称", "联系人", "电话"], *[[f"Row{n} Co", f"Person {n}", f"1380013800{n}"] for n in range(2, 9)]]


def _counts(core: CoreGateway) -> dict[str, int]:
    return {model.__tablename__: count(core, model) for model in TABLES}


def _names(core: CoreGateway) -> set[str]:
    with core.system() as system:
        return set(system.session.scalars(select(Customer.name)))


def test_a_dry_run_writes_nothing_whatever_the_file_holds(cli: CliRunner, core: CoreGateway, team: Team,
                                                          tmp_path: Path) -> None:
    before = _counts(core)
    files = {
        "customers": [["客户名称", "联系人", "邮箱"], ["Acme Corp", "Li", "li@acme.com"], ["New One", "", ""],
                      ["Bad", "X", "nope"]],
        "contacts": [["客户名称", "联系人"], ["Acme", "Wang"], ["Nowhere", "Zhao"]],
        "deals": [["客户名称", "商机名称", "阶段"], ["Acme", "Won one", "赢单"], ["Acme", "Open one", "线索"]],
    }
    for kind, rows in files.items():
        result = cli.invoke(main, ["import", kind, str(write_csv(tmp_path / f"{kind}.csv", rows)), "--as", "Alice",
                                   "--dry-run"])
        assert result.exit_code == 0, result.output
        assert "Dry run: nothing was written." in result.output
    assert _counts(core) == before


def _fail_on(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    real = customers.create

    def create(ctx: Any, wanted: str, **kwargs: Any) -> Customer:
        created = real(ctx, wanted, **kwargs)  # written (flushed) first: the rollback must take it back
        if wanted == name:
            raise RuntimeError("disk full")
        return created

    monkeypatch.setattr(applying.customers, "create", create)


def test_a_failing_batch_leaves_none_of_its_rows_and_earlier_batches_stay(
        core: CoreGateway, team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = importer.plan_file(core, team.alice.id, "customers", write_csv(tmp_path / "c.csv", ROWS))
    _fail_on(monkeypatch, "Row6 Co")  # batch 2 is rows 5–7: row 5 is written before row 6 fails
    with pytest.raises(applying.BatchFailed) as caught:
        importer.write(core, team.alice.id, plan, 3)
    assert {k: caught.value.params[k] for k in ("batch", "first_row", "last_row", "row")} == {
        "batch": 2, "first_row": 5, "last_row": 7, "row": 6}
    assert _names(core) == {"Acme Corp", "环球贸易有限公司", "Row2 Co", "Row3 Co", "Row4 Co"}
    assert count(core, Contact) == 3
    with core.system() as system:
        run = system.session.scalar(select(ImportRun))
        assert run is not None and run.status == "failed"
        assert run.last_error == "batch 2, row 6: RuntimeError: disk full"
        assert list(system.session.scalars(select(ImportBatch.number))) == [1]


def test_running_the_same_file_again_resumes_after_the_last_written_batch(
        cli: CliRunner, core: CoreGateway, team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_csv(tmp_path / "c.csv", ROWS)
    with monkeypatch.context() as patched:
        _fail_on(patched, "Row6 Co")
        failed = cli.invoke(main, ["import", "customers", str(path), "--as", "Alice", "--batch-size", "3"])
    assert failed.exit_code == 1
    assert "batch 1/3 written (rows 2–4)" in failed.output
    assert ("Batch 2 (rows 5–7) failed at row 6 and was rolled back whole: disk full. Earlier batches are saved; "
            "fix the problem and run the same command again to continue from batch 2.") in failed.output
    assert len(_names(core)) == 5

    # The re-run keeps the batches of the first run even when asked for another size.
    again = cli.invoke(main, ["import", "customers", str(path), "--as", "Alice", "--batch-size", "100"])
    assert again.exit_code == 0, again.output
    assert "Resuming an earlier run of this file in batches of 3 rows, as it was started." in again.output
    assert "4 to create · 0 to merge · 0 rejected" in again.output  # rows 5–8; rows 2–4 are done
    assert "batch 1/3 already written by an earlier run (rows 2–4), skipped" in again.output
    assert "batch 2/3 written (rows 5–7)" in again.output
    assert "batch 3/3 written (rows 8–8)" in again.output
    assert "Done: 4 created, 0 merged." in again.output
    assert _names(core) == {"Acme Corp", "环球贸易有限公司", *(f"Row{n} Co" for n in range(2, 9))}
    assert count(core, Contact) == 7
    with core.system() as system:
        batches = system.session.execute(select(ImportBatch.number, ImportBatch.created).order_by(ImportBatch.number))
        assert [tuple(row) for row in batches] == [(1, 3), (2, 3), (3, 1)]
        run = system.session.scalar(select(ImportRun))
        assert run is not None and run.status == "done" and run.last_error is None

    before = _counts(core)
    done = cli.invoke(main, ["import", "customers", str(path), "--as", "Alice"])
    assert done.exit_code == 0
    assert "This file was already imported" in done.output
    assert _counts(core) == before


def test_another_user_importing_the_same_file_is_a_run_of_their_own(core: CoreGateway, team: Team,
                                                                    tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", [["客户名称"], ["Shared Name Co"]])
    first = importer.write(core, team.alice.id, importer.plan_file(core, team.alice.id, "customers", path), 10)
    assert first.created == 1
    # Bob's run of the same bytes: nothing of Alice's run is his; the customer is a colleague's to him now.
    plan = importer.plan_file(core, team.bob.id, "customers", path)
    assert [a.reasons[0].reason for a in plan.actions] == ["colleague_customer"]
    second = importer.write(core, team.bob.id, plan, 10)
    assert (second.already_done, second.created, second.skipped) == (False, 0, [])
    assert count(core, ImportRun) == 2
