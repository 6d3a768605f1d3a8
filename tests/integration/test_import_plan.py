"""What an import plans, row by row: bad rows rejected with row, column and reason; duplicates against the data
the importer may see and within the file merged or rejected, explained; owners only as the permission table
allows. Checked on the plan (nothing written) and on the rows a real run writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from core.context import CoreGateway
from core.errors import PermissionDenied
from core.importing import importer, report
from core.importing.planning import Plan
from core.models import Contact, Customer, Deal
from core.services import customers
from tests.factories import acting
from tests.integration.import_support import Team, count, team, write_csv

__all__ = ["team"]


def _plan(core: CoreGateway, tmp_path: Path, user_id: int, kind: str, rows: list[list[Any]]) -> Plan:
    return importer.plan_file(core, user_id, kind, write_csv(tmp_path / f"{kind}.csv", rows))


def _outcomes(plan: Plan) -> dict[int, tuple[str, list[str]]]:
    return {a.row: (a.outcome, [p.reason for p in a.reasons]) for a in plan.actions}


def test_bad_customer_rows_are_rejected_with_row_column_and_reason(core: CoreGateway, team: Team,
                                                                    tmp_path: Path) -> None:
    plan = _plan(core, tmp_path, team.alice.id, "customers", [
        ["客户名称", "联系人", "手机", "邮箱", "负责人"],
        ["Delta Ltd", "Zhang", "abc", "", ""],
        ["Echo", "Li", "", "li@", ""],
        ["", "Nobody's contact", "", "", ""],
        ["Foxtrot", "", "", "", "Nobody"],
        ["Golf", "", "", "", "Carol"],
        ["Hotel", "", "13800138000", "", ""],
        ["India Co", "", "", "", "alice"],
    ])
    assert _outcomes(plan) == {
        2: ("reject", ["bad_phone"]), 3: ("reject", ["bad_email"]), 4: ("reject", ["missing_value"]),
        5: ("reject", ["unknown_owner"]), 6: ("reject", ["owner_not_allowed"]), 7: ("reject", ["contact_missing"]),
        8: ("create", []),
    }
    phone = plan.actions[0].reasons[0]
    assert (phone.column, phone.value) == ("手机", "abc")
    en = report.render_plan(plan, "en")
    assert "  row 2 · Delta Ltd: 手机 “abc” isn't a phone number" in en
    assert ("  row 6 · Golf: you can't make Carol the owner (负责人): only yourself, or your team if you are a "
            "manager") in en
    zh = report.render_plan(plan, "zh")
    assert "  第 3 行 · Echo:邮箱“li@”不是有效的邮箱地址" in zh
    assert "新建 1 条 · 合并 0 条 · 拒绝 6 条" in zh
    importer.write(core, team.alice.id, plan, 3)
    with core.system() as system:
        names = set(system.session.scalars(select(Customer.name)))
    assert names == {"Acme Corp", "环球贸易有限公司", "India Co"}


def test_bad_deal_rows_and_customers_the_importer_may_not_use(core: CoreGateway, team: Team, tmp_path: Path) -> None:
    plan = _plan(core, tmp_path, team.alice.id, "deals", [
        ["Customer", "Deal", "Amount", "Stage", "Close date"],
        ["Acme Corp", "A", "lots", "", ""],
        ["Acme Corp", "B", "", "maybe", ""],
        ["Acme Corp", "C", "", "", "31/12/2026"],
        ["Nowhere Inc", "D", "", "", ""],
        ["环球贸易", "E", "", "", ""],
        ["Acme Crop", "F", "", "", ""],
        ["acme", "G", "50万", "谈判", "2026-12-31"],
    ])
    assert _outcomes(plan) == {
        2: ("reject", ["bad_amount"]), 3: ("reject", ["unknown_stage"]), 4: ("reject", ["bad_date"]),
        5: ("reject", ["unknown_customer"]), 6: ("reject", ["colleague_customer"]),
        7: ("reject", ["unknown_customer_similar"]), 8: ("create", []),
    }
    lines = report.render_plan(plan, "en")
    # A colleague's customer: its name (known to everyone), nothing about its owner or deals.
    assert ("  row 6 · E @ 环球贸易: 环球贸易有限公司 is a colleague's customer — ask for access in the chat instead "
            "of importing it again") in lines
    assert "  row 7 · F @ Acme Crop: no customer “Acme Crop” — did you mean Acme Corp?" in lines
    assert any("Stage “maybe” isn't a stage (use one of: lead, qualified" in line for line in lines)


def test_customer_duplicates_against_the_database_and_within_the_file(core: CoreGateway, team: Team,
                                                                      tmp_path: Path) -> None:
    rows = [
        ["Company", "Industry", "City"],
        ["ACME Co., Ltd.", "制造", "Beijing"],  # Acme Corp: fills the industry, keeps Shanghai
        ["环球贸易", "", ""],  # Carol's
        ["星辰科技", "软件", ""],
        ["星辰科技有限公司", "", "杭州"],  # same as row 4
        ["上海星辰科技", "", ""],  # contains 星辰科技: a likely duplicate
        ["Umbrella Holdings Ltd", "", ""],
        ["Umbrela", "", ""],  # a typo of row 7
        ["Acme Corpp", "", ""],  # contains "acme": a likely duplicate of Acme Corp
    ]
    plan = _plan(core, tmp_path, team.alice.id, "customers", rows)
    assert _outcomes(plan) == {
        2: ("merge", ["merge_existing"]), 3: ("reject", ["colleague_customer"]), 4: ("create", []),
        5: ("merge", ["merge_row"]), 6: ("reject", ["similar_row"]), 7: ("create", []),
        8: ("reject", ["similar_row"]), 9: ("reject", ["similar_existing"]),
    }
    assert plan.actions[0].fills == ("industry",) and plan.actions[0].kept == ("city",)
    lines = report.render_plan(plan, "en")
    assert "  row 2 · ACME Co., Ltd.: already there as Acme Corp · fills Industry · keeps the existing City" in lines
    assert "  row 5 · 星辰科技有限公司: same as row 4 (星辰科技) · fills City" in lines
    assert "  row 6 · 上海星辰科技: duplicate: looks like row 4 (星辰科技, similarity 100%)" in lines
    assert "  row 8 · Umbrela: duplicate: looks like row 7 (Umbrella Holdings Ltd, similarity 93%)" in lines
    zh = report.render_plan(plan, "zh")
    assert "  第 9 行 · Acme Corpp:疑似重复:与已有的 Acme Corp 相似度 100%,如需合并请使用完全相同的名称,否则请改名" \
        in zh

    # The manager of East reads Alice's customers but not Carol's (West); the admin reads both.
    by_mia = _outcomes(_plan(core, tmp_path, team.mia.id, "customers", rows))
    assert by_mia[2][0] == "merge" and by_mia[3] == ("reject", ["colleague_customer"])
    assert _outcomes(_plan(core, tmp_path, team.root.id, "customers", rows))[3] == ("merge", ["merge_existing"])

    result = importer.write(core, team.alice.id, plan, 2)
    assert (result.created, result.merged) == (2, 2)
    with core.system() as system:
        acme = system.session.get(Customer, team.acme)
        assert acme is not None and (acme.industry, acme.city) == ("制造", "Shanghai")
        xingchen = system.session.scalar(select(Customer).where(Customer.name == "星辰科技"))
        assert xingchen is not None and (xingchen.industry, xingchen.city) == ("软件", "杭州")
        globex = system.session.get(Customer, team.globex)
        assert globex is not None and globex.owner_id == team.carol.id and globex.industry == "物流"
    assert count(core, Customer) == 4


def test_contact_duplicates_by_person_and_by_phone_or_email(core: CoreGateway, team: Team, tmp_path: Path) -> None:
    with acting(core, team.alice) as ctx:
        customers.add_contact(ctx, team.acme, "Li Wei", phone="13900000000")
    plan = _plan(core, tmp_path, team.alice.id, "contacts", [
        ["公司", "姓名", "职位", "电话", "邮箱"],
        ["Acme", "wei li", "CTO", "", ""],  # Li Wei, in another order: fills the title
        ["Acme", "Zhang San", "", "139-0000-0000", ""],  # Li Wei's phone under another name
        ["Acme", "Wang Fang", "", "", "wang@acme.com"],
        ["Acme Corp", "WANG FANG", "CFO", "", ""],  # row 4 again
        ["Acme", "Zhao Lei", "", "", "WANG@acme.com"],  # row 4's e-mail
    ])
    assert _outcomes(plan) == {
        2: ("merge", ["merge_existing"]), 3: ("reject", ["same_details"]), 4: ("create", []),
        5: ("merge", ["merge_row"]), 6: ("reject", ["same_details_row"]),
    }
    importer.write(core, team.alice.id, plan, 500)
    with core.system() as system:
        found = system.session.execute(select(Contact.name, Contact.title, Contact.email).order_by(Contact.id)).all()
    assert [tuple(row) for row in found] == [("Li Wei", "CTO", None), ("Wang Fang", "CFO", "wang@acme.com")]


def test_deal_duplicates_merge_on_the_same_title_and_reject_a_near_one(core: CoreGateway, team: Team,
                                                                       tmp_path: Path) -> None:
    first = _plan(core, tmp_path, team.alice.id, "deals",
                  [["客户", "商机", "金额"], ["Acme", "ERP rollout phase one", ""]])
    importer.write(core, team.alice.id, first, 500)
    plan = _plan(core, tmp_path, team.alice.id, "deals", [
        ["客户", "商机", "金额"],
        ["Acme", "ERP Rollout Phase One", "80万"],  # the same deal: fills the empty amount
        ["Acme", "ERP rolout phase one", ""],  # a typo of it: rejected, not a second deal
        ["Acme", "Training", "1万"],
        ["Acme", "training", "2万"],  # row 4 again: its amount is already there
    ])
    assert _outcomes(plan) == {2: ("merge", ["merge_existing"]), 3: ("reject", ["similar_existing"]),
                               4: ("create", []), 5: ("merge", ["merge_row"])}
    importer.write(core, team.alice.id, plan, 500)
    with core.system() as system:
        found = system.session.execute(select(Deal.title, Deal.amount).order_by(Deal.id)).all()
    assert [(title, int(amount)) for title, amount in found] == [("ERP rollout phase one", 800000),
                                                                 ("Training", 10000)]


def test_owners_follow_the_permission_table(core: CoreGateway, team: Team, tmp_path: Path) -> None:
    with acting(core, team.bob) as ctx:
        customers.create(ctx, "Bobco")
    with acting(core, team.carol) as ctx:
        customers.create(ctx, "Westco")
    rows = [["Customer", "Deal", "Owner"], ["Acme", "For Bob", "Bob"], ["Bobco", "Bob's own", "Bob"],
            ["Westco", "For Carol", "Carol"], ["Bobco", "Mine", ""]]
    # A rep gives deals to nobody but themselves, and only on their own customers.
    assert _outcomes(_plan(core, tmp_path, team.alice.id, "deals", rows)) == {
        2: ("reject", ["owner_not_allowed"]), 3: ("reject", ["owner_not_allowed"]),
        4: ("reject", ["owner_not_allowed"]), 5: ("reject", ["colleague_customer"]),
    }
    # East's manager: Bob and his customer are on the team; Carol and hers are not.
    assert _outcomes(_plan(core, tmp_path, team.mia.id, "deals", rows)) == {
        2: ("create", []), 3: ("create", []), 4: ("reject", ["owner_not_allowed"]), 5: ("create", [])}
    admin = _plan(core, tmp_path, team.root.id, "deals", rows)
    assert [a.outcome for a in admin.actions] == ["create", "create", "create", "create"]
    importer.write(core, team.root.id, admin, 500)
    with core.system() as system:
        owners = {row.title: row.owner_id for row in system.session.execute(select(Deal.title, Deal.owner_id))}
    assert owners == {"For Bob": team.bob.id, "Bob's own": team.bob.id, "For Carol": team.carol.id,
                      "Mine": team.root.id}
    with pytest.raises(PermissionDenied):
        _plan(core, tmp_path, team.fay.id, "deals", rows)  # finance reads deals but changes none
