"""`salesbot export`: any list as CSV, UTF-8 with a BOM for Excel, headers in the user's language, holding only
what the user may see — and a customer/contact/deal export imports back unchanged (every row "already there")."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from bot.cli import main
from core.context import CoreGateway
from core.importing import importer
from core.services import customers, deals, interactions, tasks
from tests.factories import acting
from tests.integration.import_support import Team, cli, team

__all__ = ["cli", "team"]

SH = ZoneInfo("Asia/Shanghai")


def _book(core: CoreGateway, team: Team) -> None:
    with acting(core, team.alice) as ctx:
        customers.update(ctx, team.acme, industry="制造")
        customers.add_contact(ctx, team.acme, "王伟", title="采购经理", phone="13800138000", email="wang@acme.cn")
        deals.create(ctx, team.acme, "ERP 二期", amount=Decimal("1200000"), stage="proposal",
                     close_date=date(2026, 12, 31))
        tasks.create(ctx, "寄合同", due=date(2026, 11, 27), customer_id=team.acme)
        interactions.log(ctx, team.acme, channel="visit", summary="谈了预算", occurred_at=datetime(2026, 11, 24, 15,
                                                                                                   tzinfo=SH))
    with acting(core, team.carol) as ctx:
        deals.create(ctx, team.globex, "Secret West deal", amount=Decimal("999"))
        tasks.create(ctx, "Carol's own task")


def _read(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize(("who", "lang"), [("Alice", "en"), ("Bob", "zh")])
def test_each_list_is_exported_scoped_with_headers_in_the_users_language(
        cli: CliRunner, core: CoreGateway, team: Team, tmp_path: Path, who: str, lang: str) -> None:
    _book(core, team)
    if who == "Bob":  # Bob sees Acme because Alice shared it with him
        from core.services import access
        with acting(core, team.bob) as ctx:
            request = access.request(ctx, team.acme)
        with acting(core, team.alice) as ctx:
            access.decide(ctx, request.id, "share")
    out = {}
    for kind in ("customers", "contacts", "deals", "tasks", "interactions"):
        path = tmp_path / f"{kind}.csv"
        result = cli.invoke(main, ["export", kind, "--out", str(path), "--as", who])
        assert result.exit_code == 0, result.output
        out[kind] = _read(path)
    if lang == "en":
        assert out["customers"] == [["Customer", "Industry", "City", "Status", "Owner"],
                                    ["Acme Corp", "制造", "Shanghai", "prospect", "Alice"]]
        assert out["deals"] == [["Customer", "Deal", "Amount", "Currency", "Stage", "Expected close", "Owner"],
                                ["Acme Corp", "ERP 二期", "1200000.00", "CNY", "proposal", "2026-12-31", "Alice"]]
        assert out["tasks"] == [["Task", "Due", "Status", "Customer", "Assignee"],
                                ["寄合同", "2026-11-27", "open", "Acme Corp", "Alice"]]
        assert out["interactions"] == [
            ["Customer", "When", "Channel", "Summary", "Next step", "Follow up on", "Logged by"],
            ["Acme Corp", "2026-11-24 15:00", "visit", "谈了预算", "", "", "Alice"]]
    else:
        assert out["customers"] == [["客户名称", "行业", "城市", "状态", "负责人"],
                                    ["Acme Corp", "制造", "Shanghai", "潜在客户", "Alice"]]
        # A shared customer's deals stay its owner's: Bob's deal list has the header alone.
        assert out["deals"] == [["客户名称", "商机名称", "金额", "币种", "阶段", "预计成交日期", "负责人"]]
        assert out["tasks"] == [["待办内容", "截止时间", "状态", "客户名称", "执行人"]]  # none of Bob's own
    assert out["contacts"][1] == ["Acme Corp", "王伟", "采购经理", "13800138000", "wang@acme.cn"]
    everything = str(out)
    for hidden in ("环球贸易", "Secret West deal", "Carol's own task"):
        assert hidden not in everything


def test_export_to_standard_output_and_the_done_line(cli: CliRunner, core: CoreGateway, team: Team,
                                                     tmp_path: Path) -> None:
    _book(core, team)
    result = cli.invoke(main, ["export", "customers", "--as", "Carol"])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(result.stdout_bytes.decode("utf-8-sig"), newline="")))
    assert [row[0] for row in rows] == ["Customer", "环球贸易有限公司"]
    saved = cli.invoke(main, ["export", "interactions", "--out", str(tmp_path / "i.csv"), "--as", "Alice"])
    assert saved.output.strip() == f"1 interactions written to {tmp_path / 'i.csv'}"


@pytest.mark.parametrize("who", ["Alice", "Mia"])
def test_an_export_imports_back_as_already_there(cli: CliRunner, core: CoreGateway, team: Team, tmp_path: Path,
                                                 who: str) -> None:
    """Mia (zh export: Chinese headers and stage names) and Alice (en) both read their export back."""
    _book(core, team)
    if who == "Mia":
        with core.system() as system:
            from core.models import User
            mia = system.session.get(User, team.mia.id)
            assert mia is not None
            mia.language = "zh"
    user = team.user(who)
    for kind in ("customers", "contacts", "deals"):
        path = tmp_path / f"{kind}.csv"
        assert cli.invoke(main, ["export", kind, "--out", str(path), "--as", who]).exit_code == 0
        plan = importer.plan_file(core, user.id, kind, path)
        assert plan.columns.ignored == (("Status" if who == "Alice" else "状态",) if kind == "customers" else ())
        assert [(a.outcome, a.fills, a.kept) for a in plan.actions] == [("merge", (), ())], kind
