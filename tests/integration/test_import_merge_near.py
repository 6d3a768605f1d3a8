"""--merge-near: a near duplicate (a similar name, not the same one) is rejected unless the user asks; asked, it
merges into the record it resembles — in the database or earlier in the file — and the report says so. The dry
run without the switch says how many it would merge."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from sqlalchemy import select

from bot.cli import main
from core.context import CoreGateway
from core.importing import importer, report
from core.importing.planning import Plan
from core.models import Contact, Customer, Deal
from tests.integration.import_support import Team, cli, count, team, write_csv

__all__ = ["cli", "team"]

CUSTOMERS: list[list[Any]] = [
    ["Company", "Contact", "Industry"],
    ["Acme Corpp", "Zhao", "制造"],  # Acme Corp (existing, Alice's), a typo away
    ["Umbrella Holdings Ltd", "", ""],
    ["Umbrela", "Li", "软件"],  # row 3, a typo away
    ["环球贸易有限公司 上海", "", ""],  # Carol's customer: never merged into, switch or not
]


def _outcomes(plan: Plan) -> list[tuple[str, list[str]]]:
    return [(a.outcome, [p.reason for p in a.reasons]) for a in plan.actions]


def test_near_duplicates_are_rejected_unless_asked(core: CoreGateway, team: Team, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", CUSTOMERS)
    plan = importer.plan_file(core, team.alice.id, "customers", path)
    assert _outcomes(plan) == [("reject", ["similar_existing"]), ("create", []), ("reject", ["similar_row"]),
                               ("reject", ["similar_existing"])]
    assert ("3 of the rejected rows are near duplicates; with --merge-near they would be merged into the record "
            "each resembles (named above).") in report.render_plan(plan, "en")
    importer.write(core, team.alice.id, plan, 500)
    assert count(core, Customer) == 3 and count(core, Contact) == 0


def test_asked_near_duplicates_merge_into_what_they_resemble(core: CoreGateway, team: Team, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", CUSTOMERS)
    plan = importer.plan_file(core, team.alice.id, "customers", path, merge_near=True)
    assert _outcomes(plan) == [("merge", ["near_similar_existing"]), ("create", []), ("merge", ["near_similar_row"]),
                               ("reject", ["colleague_customer"])]
    lines = report.render_plan(plan, "en")
    assert ("  row 2 · Acme Corpp: near duplicate of the existing Acme Corp (similarity 100%), merged into it as asked "
            "(--merge-near) · fills Industry, Contact") in lines
    assert ("  row 4 · Umbrela: near duplicate of row 3 (Umbrella Holdings Ltd, similarity 93%), merged into it as "
            "asked (--merge-near) · fills Industry, Contact") in lines
    assert not any("would be merged" in line for line in lines)
    assert "与已有的 Acme Corp 相似度 100%,按要求(--merge-near)合并到该记录" in "\n".join(
        report.render_plan(plan, "zh"))

    result = importer.write(core, team.alice.id, plan, 2)  # row 4 merges into row 3 of the batch before
    assert (result.created, result.merged) == (1, 2)
    with core.system() as system:
        found = system.session.execute(select(Customer.name, Customer.industry).order_by(Customer.id)).all()
        assert [tuple(row) for row in found] == [("Acme Corp", "制造"), ("环球贸易有限公司", "物流"),
                                                 ("Umbrella Holdings Ltd", "软件")]
        people = system.session.execute(select(Contact.name, Customer.name).join(Customer)).all()
        assert sorted(tuple(row) for row in people) == [("Li", "Umbrella Holdings Ltd"), ("Zhao", "Acme Corp")]


def test_near_deal_titles_merge_only_when_asked(cli: CliRunner, core: CoreGateway, team: Team,
                                                 tmp_path: Path) -> None:
    first = write_csv(tmp_path / "d1.csv", [["客户", "商机", "金额"], ["Acme", "ERP rollout phase one", ""]])
    importer.write(core, team.alice.id, importer.plan_file(core, team.alice.id, "deals", first), 500)
    path = write_csv(tmp_path / "d2.csv", [["客户", "商机", "金额"], ["Acme", "ERP rolout phase one", "80万"],
                                           ["Acme", "Training course", "1万"], ["Acme", "Training cours", ""]])

    dry = cli.invoke(main, ["import", "deals", str(path), "--as", "Alice", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "1 to create · 0 to merge · 2 rejected" in dry.output
    assert "2 of the rejected rows are near duplicates; with --merge-near" in dry.output

    dry_near = cli.invoke(main, ["import", "deals", str(path), "--as", "Alice", "--dry-run", "--merge-near"])
    assert "1 to create · 2 to merge · 0 rejected" in dry_near.output
    assert "near duplicate of the existing ERP rollout phase one" in dry_near.output
    with core.system() as system:
        assert system.session.scalar(select(Deal.amount)) is None  # a dry run writes nothing

    real = cli.invoke(main, ["import", "deals", str(path), "--as", "Alice", "--merge-near"])
    assert real.exit_code == 0, real.output
    assert "Done: 1 created, 2 merged." in real.output
    with core.system() as system:
        found = system.session.execute(select(Deal.title, Deal.amount).order_by(Deal.id)).all()
    assert [(title, amount) for title, amount in found] == [("ERP rollout phase one", Decimal(800000)),
                                                            ("Training course", Decimal(10000))]
