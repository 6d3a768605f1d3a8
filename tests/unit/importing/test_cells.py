"""Cells as spreadsheets hold them: names, phones, e-mails, stages, amounts, dates; headers in en and zh."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from core.importing import normalising as n
from core.importing.errors import ImportFileError
from core.importing.mapping import map_headers, parse_overrides


def test_names_are_trimmed_half_width_and_single_spaced() -> None:
    assert n.clean_name("  ＡＣＭＥ　　Corp  ") == "ACME Corp"
    assert n.clean_name("星辰科技\t有限公司") == "星辰科技 有限公司"


@pytest.mark.parametrize(("a", "b"), [
    ("Acme Corp.", "ACME"), ("Acme Co., Ltd.", "acme"), ("Acme, Inc.", "Acme LLC"),
    ("星辰科技有限公司", "星辰科技"), ("星辰科技股份有限公司", "星辰科技"), ("ＡＣＭＥ", "acme"),
])
def test_company_suffixes_width_and_case_do_not_separate_one_company(a: str, b: str) -> None:
    assert n.company_key(a) == n.company_key(b)


@pytest.mark.parametrize(("raw", "clean"), [
    ("138 0013 8000", "13800138000"),
    ("+86 138-0013-8000", "13800138000"),
    ("0086 13800138000", "13800138000"),
    ("8613800138000", "13800138000"),
    ("+86 21 1234 5678", "02112345678"),
    ("021-12345678", "02112345678"),
    ("(021) 1234-5678", "02112345678"),
    ("+1 (415) 555-0100", "+14155550100"),
    ("１３８００１３８０００", "13800138000"),
])
def test_phones_become_digits_and_lose_the_chinese_country_code(raw: str, clean: str) -> None:
    assert n.phone(raw) == clean


@pytest.mark.parametrize("raw", ["abc", "123", "138-0013-8000 ext 5", "+", "1" * 16])
def test_phones_that_are_not_numbers_are_refused(raw: str) -> None:
    with pytest.raises(n.CellError, match="bad_phone"):
        n.phone(raw)


def test_emails_are_lowercased_and_checked() -> None:
    assert n.email(" Wang.Wei@Example.COM ") == "wang.wei@example.com"
    assert n.email("li＠example.cn") == "li@example.cn"  # a full-width @ typed with a Chinese IME
    for bad in ("wang@", "wang.example.com", "wang@example", "a b@example.com", "x@example..com"):
        with pytest.raises(n.CellError, match="bad_email"):
            n.email(bad)


@pytest.mark.parametrize(("raw", "stage"), [
    ("Lead", "lead"), ("线索", "lead"), ("初步接触", "qualified"), ("需求确认", "qualified"), ("报价", "proposal"),
    ("方案报价", "proposal"), ("Negotiation", "negotiation"), ("谈判中", "negotiation"), ("Closed Won", "won"),
    ("已成交", "won"), ("赢单", "won"), ("输单", "lost"), ("lost", "lost"),
])
def test_stages_in_either_language_map_to_the_one_stage_list(raw: str, stage: str) -> None:
    assert n.stage(raw) == stage


def test_an_unknown_stage_is_refused() -> None:
    with pytest.raises(n.CellError, match="unknown_stage"):
        n.stage("maybe")


@pytest.mark.parametrize(("raw", "amount", "currency"), [
    ("1,200,000", Decimal("1200000.00"), None),
    ("¥1,200,000.50", Decimal("1200000.50"), "CNY"),
    ("120万", Decimal("1200000.00"), None),
    ("120万元", Decimal("1200000.00"), "CNY"),
    ("1.5亿", Decimal("150000000.00"), None),
    ("RMB 50k", Decimal("50000.00"), "CNY"),
    ("$3,000", Decimal("3000.00"), "USD"),
    ("８０００", Decimal("8000.00"), None),
])
def test_amounts_read_as_spreadsheets_write_them(raw: str, amount: Decimal, currency: str | None) -> None:
    assert n.amount(raw) == (amount, currency)


@pytest.mark.parametrize("raw", ["about 50k", "-100", "12.3.4", "1e20", "五十万"])
def test_amounts_that_are_not_numbers_are_refused(raw: str) -> None:
    with pytest.raises(n.CellError, match="bad_amount"):
        n.amount(raw)


def test_dates_in_the_usual_spellings() -> None:
    for raw in ("2026-12-31", "2026/12/31", "2026.12.31", "2026年12月31日", "2026-12-31T00:00:00"):
        assert n.day(raw) == date(2026, 12, 31)
    for bad in ("31/12/2026", "2026-02-30", "next week"):
        with pytest.raises(n.CellError, match="bad_date"):
            n.day(bad)


def test_chinese_and_english_headers_map_to_the_same_fields() -> None:
    zh = map_headers("customers", ("客户名称", "联系人", "手机", "邮箱", "职位", "行业", "负责人", "备注"))
    assert zh.columns == {"customer": 0, "contact": 1, "phone": 2, "email": 3, "title": 4, "industry": 5,
                          "owner": 6}
    assert zh.ignored == ("备注",)
    en = map_headers("deals", ("Company", "Deal Name", "Amount", "Stage", "Owner", "Close Date"))
    assert en.columns == {"customer": 0, "deal": 1, "amount": 2, "stage": 3, "owner": 4, "close_date": 5}
    # a bare "name" is the kind's own thing
    assert map_headers("contacts", ("公司", "name")).columns == {"customer": 0, "contact": 1}


def test_a_missing_required_column_refuses_the_file_and_an_override_fixes_it() -> None:
    with pytest.raises(ImportFileError) as caught:
        map_headers("deals", ("客户全称", "商机名称"))
    assert caught.value.params["missing"] == ("customer",)
    fixed = map_headers("deals", ("客户全称", "商机名称"), parse_overrides(["客户全称=customer"], "deals"))
    assert fixed.columns == {"customer": 0, "deal": 1}
    with pytest.raises(ImportFileError):
        parse_overrides(["客户全称=nonsense"], "deals")
