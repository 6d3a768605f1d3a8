"""`salesbot import` reads the files people actually send: GBK and UTF-8-BOM CSVs, Excel workbooks; a file it
cannot read, or one without a required column, is refused whole with a clear line and writes nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import select

from bot.cli import main
from core.context import CoreGateway
from core.models import Contact, Customer, Deal, ImportRun
from tests.integration.import_support import Team, cli, count, team, write_csv, write_xlsx

__all__ = ["cli", "team"]

GBK_ROWS = [
    ["客户名称", "联系人", "手机", "邮箱", "职位", "行业", "负责人"],
    ["星辰科技有限公司", "王伟", "+86 138-0013-8000", "Wang.Wei@XingChen.cn", "采购经理", "制造", "Bob"],
    ["华东电力股份有限公司", "李娜", "021-12345678", "", "总经理", "能源", ""],
]


def test_a_gbk_csv_is_read_as_chinese_and_the_report_is_in_the_users_language(
        cli: CliRunner, core: CoreGateway, team: Team, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "客户.csv", GBK_ROWS, "gbk")
    before = count(core, Customer)
    result = cli.invoke(main, ["import", "customers", str(path), "--as", "Bob", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "从 客户.csv 导入客户(共 2 行,gb18030)" in result.output
    assert "新建 2 条 · 合并 0 条 · 拒绝 0 条" in result.output
    assert "第 2 行 · 星辰科技有限公司" in result.output
    assert "试运行:没有写入任何数据" in result.output
    assert count(core, Customer) == before

    result = cli.invoke(main, ["import", "customers", str(path), "--as", "Bob"])
    assert result.exit_code == 0, result.output
    assert "完成:新建 2 条,合并 0 条。" in result.output
    with core.system() as system:
        xingchen = system.session.scalar(select(Customer).where(Customer.name == "星辰科技有限公司"))
        assert xingchen is not None and xingchen.industry == "制造" and xingchen.owner_id == team.bob.id
        wang = system.session.scalar(select(Contact).where(Contact.customer_id == xingchen.id))
        assert wang is not None
        assert (wang.name, wang.phone, wang.email, wang.title) == ("王伟", "13800138000", "wang.wei@xingchen.cn",
                                                                   "采购经理")


def test_a_utf8_bom_header_is_recognised(cli: CliRunner, core: CoreGateway, team: Team, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "bom.csv", [["客户名称", "城市"], ["远洋航运", "宁波"]], "utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    result = cli.invoke(main, ["import", "customers", str(path), "--as", "Alice"])
    assert result.exit_code == 0, result.output
    assert "(1 rows, utf-8-bom)" in result.output
    assert "Columns read: 客户名称 → Customer, 城市 → City" in result.output
    with core.system() as system:
        assert system.session.scalar(select(Customer.city).where(Customer.name == "远洋航运")) == "宁波"


def test_an_excel_workbook_with_number_and_date_cells(cli: CliRunner, core: CoreGateway, team: Team,
                                                       tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "deals.xlsx", [
        ["客户名称", "商机名称", "金额", "阶段", "预计成交日期", "负责人"],
        ["Acme Corp", "ERP rollout", 1200000, "方案报价", date(2026, 12, 31), "Alice"],
        ["ACME", "Support renewal", 35000.5, "谈判中", None, None],
    ])
    result = cli.invoke(main, ["import", "deals", str(path), "--as", "Alice"])
    assert result.exit_code == 0, result.output
    assert "2 to create · 0 to merge · 0 rejected" in result.output
    with core.system() as system:
        found = system.session.execute(select(Deal.title, Deal.amount, Deal.stage, Deal.expected_close_date,
                                              Deal.customer_id).order_by(Deal.id)).all()
    assert [tuple(row) for row in found] == [
        ("ERP rollout", Decimal("1200000.00"), "proposal", date(2026, 12, 31), team.acme),
        ("Support renewal", Decimal("35000.50"), "negotiation", None, team.acme),
    ]


def test_a_file_in_no_known_encoding_is_refused_whole(cli: CliRunner, core: CoreGateway, team: Team,
                                                      tmp_path: Path) -> None:
    path = tmp_path / "weird.csv"
    path.write_bytes(b"customer\nAcme\n" + b"\x80\x80\xff\n")  # neither UTF-8 nor GB18030
    result = cli.invoke(main, ["import", "customers", str(path), "--as", "Alice"])
    assert result.exit_code == 2
    assert "weird.csv is neither UTF-8 nor GBK/GB18030 text" in result.output
    assert count(core, ImportRun) == 0


def test_a_missing_required_column_is_a_file_error_in_both_languages(
        cli: CliRunner, core: CoreGateway, team: Team, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "deals.csv", [["客户名称", "金额"], ["Acme Corp", "5万"]])
    before = count(core, Deal)
    zh = cli.invoke(main, ["import", "deals", str(path), "--as", "Bob"])
    assert zh.exit_code == 2
    assert "文件缺少必需的列:商机名称。已有的列:客户名称, 金额" in zh.output
    en = cli.invoke(main, ["import", "deals", str(path), "--as", "Alice", "--dry-run"])
    assert en.exit_code == 2
    assert "The file has no column for Deal, which every row needs." in en.output
    assert count(core, Deal) == before


def test_a_map_override_reads_an_unusual_header(cli: CliRunner, core: CoreGateway, team: Team,
                                                tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", [["客户全称", "Notes"], ["蓝天环保", "x"]])
    result = cli.invoke(main, ["import", "customers", str(path), "--as", "Alice", "--map", "客户全称=customer"])
    assert result.exit_code == 0, result.output
    assert "Columns ignored: Notes" in result.output
    assert count(core, Customer) == 3


def test_a_broken_workbook_and_an_empty_file_are_refused(cli: CliRunner, core: CoreGateway, team: Team,
                                                         tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"this is not a zip")
    result = cli.invoke(main, ["import", "customers", str(broken), "--as", "Bob"])
    assert result.exit_code == 2
    assert "broken.xlsx 不是可读取的 Excel 工作簿(.xlsx)。" in result.output
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"\n\n")
    result = cli.invoke(main, ["import", "customers", str(empty), "--as", "Alice"])
    assert result.exit_code == 2
    assert "The file has no header row, so there is nothing to import." in result.output
    assert count(core, ImportRun) == 0
