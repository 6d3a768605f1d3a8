"""A batch is written with a few set-based statements (the services' batch mode) and still writes what a row-by-row
write would: the same rows, each audited with the snapshot of its moment, in file order, under one change; a won
deal gets its history and project; a row the importer may no longer change fails its batch whole."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from core.context import CoreGateway
from core.errors import Conflict, NotFound
from core.importing import applying, importer
from core.models import AuditLog, Contact, Customer, Deal, DealStageChange, ImportBatch, Project
from core.services import customers
from tests.factories import acting
from tests.integration.import_support import Team, count, team, write_csv

__all__ = ["team"]


def _audit(core: CoreGateway) -> list[AuditLog]:
    with core.system() as system:
        rows = list(system.session.scalars(select(AuditLog).order_by(AuditLog.id)))
        system.session.expunge_all()
        return rows


def test_a_batch_audits_each_row_as_it_was_then_in_file_order(core: CoreGateway, team: Team, tmp_path: Path) -> None:
    already = len(_audit(core))
    path = write_csv(tmp_path / "c.csv", [
        ["客户名称", "联系人", "电话", "行业"],
        ["Nova Ltd", "Li Wei", "", ""],
        ["Nova Ltd", "wei li", "13900000001", "软件"],  # row 2 again: fills its industry and Li Wei's phone
        ["ACME Co., Ltd.", "Zhang San", "", "制造"],  # Acme Corp: fills the industry, adds a contact
    ])
    plan = importer.plan_file(core, team.alice.id, "customers", path)
    assert [a.outcome for a in plan.actions] == ["create", "merge", "merge"]
    importer.write(core, team.alice.id, plan, 500)

    entries = _audit(core)[already:]
    assert [(e.action, (e.after or {}).get("name")) for e in entries] == [
        ("create_customer", "Nova Ltd"), ("add_contact", "Li Wei"), ("update_customer", "Nova Ltd"),
        ("update_contact", "Li Wei"), ("update_customer", "Acme Corp"), ("add_contact", "Zhang San")]
    create, add, update, update_contact, update_acme, _ = entries
    assert create.before is None and create.after is not None and create.after["industry"] is None
    assert update.before is not None and update.after is not None
    assert (update.before["industry"], update.after["industry"]) == (None, "软件")
    assert add.after is not None and add.after["customer_id"] == create.entity_id and add.after["phone"] is None
    assert update_contact.before == add.after
    assert update_contact.after is not None and update_contact.after["phone"] == "13900000001"
    assert update_acme.entity_id == team.acme and update_acme.after is not None
    assert update_acme.after["city"] == "Shanghai"
    assert {e.change_id for e in entries} == {entries[0].change_id}  # one batch, one change
    assert {e.actor_id for e in entries} == {team.alice.id}
    with core.system() as system:
        nova = system.session.scalar(select(Customer).where(Customer.name == "Nova Ltd"))
        assert nova is not None and (nova.industry, nova.owner_id, nova.name_key) == ("软件", team.alice.id,
                                                                                    create.after["name_key"])
        assert create.after == {**create.after, "id": nova.id, "owner_id": team.alice.id}


def test_deals_in_a_batch_get_their_stage_history_and_a_win_its_project(core: CoreGateway, team: Team,
                                                                        tmp_path: Path) -> None:
    path = write_csv(tmp_path / "d.csv", [["客户名称", "商机名称", "阶段", "金额"], ["Acme", "Big win", "赢单", "10万"],
                                          ["Acme", "Still open", "线索", ""]])
    importer.write(core, team.alice.id, importer.plan_file(core, team.alice.id, "deals", path), 500)
    with core.system() as system:
        won, open_ = system.session.scalars(select(Deal).order_by(Deal.id)).all()
        history = system.session.execute(select(DealStageChange.deal_id, DealStageChange.from_stage,
                                                DealStageChange.to_stage).order_by(DealStageChange.id)).all()
        assert [tuple(row) for row in history] == [(won.id, None, "won"), (open_.id, None, "lead")]
        projects = system.session.execute(select(Project.deal_id, Project.customer_id)).all()
        assert [tuple(row) for row in projects] == [(won.id, team.acme)]
        assert (won.probability, open_.currency) == (100, "CNY")
    actions = [(e.action, e.entity_type) for e in _audit(core) if e.entity_type in ("deals", "deal_stage_changes")]
    assert actions == [("create_deal", "deals"), ("stage_change", "deal_stage_changes"),
                       ("create_deal", "deals"), ("stage_change", "deal_stage_changes")]


def test_a_row_the_importer_may_no_longer_change_fails_its_batch_whole(core: CoreGateway, team: Team,
                                                                       tmp_path: Path) -> None:
    rows: list[list[Any]] = [["客户名称", "联系人"], ["New Co", "Wang"], ["Acme Corp", "Zhao"]]
    plan = importer.plan_file(core, team.alice.id, "customers", write_csv(tmp_path / "c.csv", rows))
    assert [a.outcome for a in plan.actions] == ["create", "merge"]
    with core.system() as system:  # Acme goes to Carol (West) between the plan and the write
        acme = system.session.get(Customer, team.acme)
        assert acme is not None
        acme.owner_id = team.carol.id
    before = (count(core, Customer), count(core, Contact), count(core, AuditLog))
    with pytest.raises(applying.BatchFailed) as caught:
        importer.write(core, team.alice.id, plan, 500)
    assert caught.value.params["row"] == 3 and isinstance(caught.value.params["cause"], NotFound)
    assert (count(core, Customer), count(core, Contact), count(core, AuditLog)) == before
    assert count(core, ImportBatch) == 0


def test_a_name_a_colleague_took_since_the_plan_fails_the_batch(core: CoreGateway, team: Team, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", [["客户名称"], ["Early Co"], ["New Co"]])
    plan = importer.plan_file(core, team.alice.id, "customers", path)
    assert [a.outcome for a in plan.actions] == ["create", "create"]
    with acting(core, team.carol) as ctx:
        customers.create(ctx, "NEW CO")
    with pytest.raises(applying.BatchFailed) as caught:
        importer.write(core, team.alice.id, plan, 500)
    assert caught.value.params["row"] == 3 and isinstance(caught.value.params["cause"], Conflict)
    assert caught.value.params["cause"].key == "customer.owned_by_colleague"
    assert count(core, Customer) == 3  # Acme, 环球贸易 and Carol's: not Early Co either
