"""Payment plans as people write them, in both languages: percents or amounts, labels, dates and milestones; sums
checked; the last installment takes the rounding remainder so the parts always add up to the contract."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from core.errors import InvalidInput
from core.money_plan_text import parse_plan, split_amounts

D = Decimal


def _summary(text: str, total: str = "500000") -> list[tuple[str | None, Decimal | None, Decimal]]:
    return [(p.label, p.percent, p.amount) for p in parse_plan(text, D(total))]


@pytest.mark.parametrize("text", ["30/60/10", "30%/60%/10%", "30% / 60% / 10%", "30%, 60%, 10%", "30％，60％，10％"])
def test_percent_plans(text: str) -> None:
    assert _summary(text) == [(None, D(30), D("150000.00")), (None, D(60), D("300000.00")),
                              (None, D(10), D("50000.00"))]


def test_chinese_labels_separated_by_spaces() -> None:
    assert _summary("首付30% 中期60% 尾款10%") == [("首付", D(30), D("150000.00")), ("中期", D(60), D("300000.00")),
                                                ("尾款", D(10), D("50000.00"))]
    plan = parse_plan("首付款30%，验收时付70%", D("100000"))
    assert [(p.label, p.due_event) for p in plan] == [("首付款", "首付款"), ("验收", "验收")]


def test_english_parts_set_apart_by_spaces_keep_their_events() -> None:
    plan = parse_plan("30% on signing 70% on go-live", D("500000"))
    assert [(p.amount, p.due_event) for p in plan] == [(D("150000.00"), "signing"), (D("350000.00"), "go-live")]
    with pytest.raises(InvalidInput):
        parse_plan("30%70%", D("500000"))  # no space between the parts: nothing to tell them apart by


def test_amounts_with_events_and_dates() -> None:
    plan = parse_plan("100k on signing, 400k on go-live", D("500000"))
    assert [(p.label, p.percent, p.amount, p.due_event) for p in plan] == [
        ("signing", None, D("100000.00"), "signing"), ("go-live", None, D("400000.00"), "go-live")]
    dated = parse_plan("30% on 2027-03-01, 70% 2027年6月30日", D("1000"))
    assert [(p.due_on, p.amount) for p in dated] == [(date(2027, 3, 1), D("300.00")), (date(2027, 6, 30), D("700.00"))]
    wan = parse_plan("签约时20万 上线后30万", D("500000"))
    assert [(p.label, p.amount) for p in wan] == [("签约", D("200000.00")), ("上线后", D("300000.00"))]


def test_bare_numbers_adding_up_to_the_contract_are_amounts() -> None:
    assert [p.amount for p in parse_plan("200000/300000", D("500000"))] == [D("200000.00"), D("300000.00")]


def test_rounding_the_last_part_takes_the_remainder() -> None:
    assert split_amounts(D("100.00"), [D("33.33"), D("33.33"), D("33.34")]) == [D("33.33"), D("33.33"), D("33.34")]
    assert split_amounts(D("100"), [D(1) / 3 * 100, D(1) / 3 * 100, D(1) / 3 * 100]) == [
        D("33.33"), D("33.33"), D("33.34")]
    parts = [p.amount for p in parse_plan("33.3/33.3/33.4", D("99999.99"))]
    assert parts == [D("33300.00"), D("33300.00"), D("33399.99")] and sum(parts) == D("99999.99")


@pytest.mark.parametrize(("text", "key"), [
    ("30/60/20", "plan.percent_sum"), ("30%/30%/30%", "plan.percent_sum"), ("首付30% 尾款60%", "plan.percent_sum"),
    ("100k on signing, 300k on go-live", "plan.amount_sum"), ("30%, 350k", "plan.mixed"),
    ("0/100", "plan.not_positive"), ("", "plan.empty"), ("soon", "plan.unreadable"),
    ("30% on 2027-02-30, 70%", "plan.bad_date")])
def test_bad_plans_are_refused_with_a_reason(text: str, key: str) -> None:
    with pytest.raises(InvalidInput) as bad:
        parse_plan(text, D("500000"))
    assert bad.value.key == key


def test_percent_sum_names_the_total() -> None:
    with pytest.raises(InvalidInput) as bad:
        parse_plan("30/60/20", D("1000"))
    assert bad.value.params == {"total": "110"}


def test_what_the_user_reads_when_a_plan_does_not_add_up() -> None:
    from core.i18n import t

    with pytest.raises(InvalidInput) as bad:
        parse_plan("首付30% 中期60% 尾款20%", D("500000"))
    assert t("zh", bad.value.key, **bad.value.params) == "各期比例合计110%,不是100%,请检查付款计划。没有记录任何内容。"
    assert t("en", bad.value.key, **bad.value.params).startswith("The percentages add up to 110%, not 100%")
    with pytest.raises(InvalidInput) as off:
        parse_plan("100k on signing, 300k on go-live", D("500000"))
    assert "add up to 400000, but the contract is 500000" in t("en", off.value.key, **off.value.params)
