"""Numbers and money: English multipliers, Chinese numerals, currencies, and what is *not* an amount."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.intents.lexers.amounts import find_amount, iter_amounts
from bot.intents.lexers.numbers import parse_cn_number, parse_en_number


@pytest.mark.parametrize(("text", "value"), [
    ("一", 1), ("十", 10), ("十二", 12), ("二十五", 25), ("一百五", 150), ("一百零五", 105), ("三千五", 3500),
    ("两千", 2000), ("三十万", 300_000), ("一百二十万", 1_200_000), ("九万五", 95_000), ("8万4", 84_000),
    ("3.5万", 35_000), ("12.8万", 128_000), ("两百五十万", 2_500_000), ("1.2亿", 120_000_000), ("12万5千", 125_000),
])
def test_chinese_numerals(text: str, value: int) -> None:
    assert parse_cn_number(text) == Decimal(value)


@pytest.mark.parametrize(("text", "value"), [("1,200", 1200), ("3.5", Decimal("3.5")), ("twenty-five", 25),
                                             ("half a", Decimal("0.5")), ("a few", 3)])
def test_english_numbers(text: str, value: int | Decimal) -> None:
    assert parse_en_number(text) == Decimal(value)


@pytest.mark.parametrize(("text", "value", "currency"), [
    ("budget 500k", 500_000, None), ("$1.2M", 1_200_000, "USD"), ("50万", 500_000, None), ("3.5万", 35_000, None),
    ("三十万", 300_000, None), ("一百二十万", 1_200_000, None), ("2 mil", 2_000_000, None),
    ("half a mil", 500_000, None), ("250 grand", 250_000, None), ("€200k", 200_000, "EUR"),
    ("45,000 EUR", 45_000, "EUR"), ("¥360,000", 360_000, "CNY"), ("80000元", 80_000, "CNY"),
    ("8万块", 80_000, "CNY"), ("人民币十二万", 120_000, "CNY"), ("150w", 1_500_000, None),
    ("50w rmb", 500_000, "CNY"), ("1.1 million dollars", 1_100_000, "USD"), ("75,000 dollars", 75_000, "USD"),
    ("12.5k USD yesterday", 12_500, "USD"), ("一百五十万元", 1_500_000, "CNY"), ("预算500k的项目", 500_000, None),
    ("budget is around 80000", 80_000, None), ("金额 九万五", 95_000, None), ("$3,100,000", 3_100_000, "USD"),
    ("two million", 2_000_000, None), ("1.05m usd", 1_050_000, "USD"),
])
def test_amounts(text: str, value: int, currency: str | None) -> None:
    found = find_amount(text)
    assert found is not None
    assert found.value == Decimal(value)
    assert found.currency == currency
    assert text[found.start:found.end].strip()


@pytest.mark.parametrize("text", [
    "they want 15% off and net 60", "50 seats, 3 month pilot", "call 13812345678", "phase 1 go-live",
    "2 other vendors", "meet at 3pm", "一起去", "MES一期", "看一下", "q1 2027", "log 10m on acme emails",
    "555-0142", "12月15日", "3 yrs support",
])
def test_not_amounts(text: str) -> None:
    assert list(iter_amounts(text)) == []


def test_a_message_that_is_only_a_number_is_an_amount() -> None:
    # The answer to "What amount?": a bare number.
    found = find_amount(" 500000 ")
    assert found is not None and found.value == 500_000


def test_several_amounts_in_order() -> None:
    values = [a.value for a in iter_amounts("paid 100k, another 50万 next month, total ¥1,500,000")]
    assert values == [100_000, 500_000, 1_500_000]
