"""Amount classes in both directions, and the sign."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.intents.lexers.amounts import find_amount, iter_amounts
from bot.intents.lexers.normalize import normalize


def read(text: str) -> tuple[Decimal, str | None] | None:
    found = find_amount(normalize(text))
    return (found.value, found.currency) if found else None


@pytest.mark.parametrize(("text", "value", "currency"), [
    ("CAD 3.03", "3.03", "CAD"), ("42 MYR", "42", "MYR"), ("AED 1,200", "1200", "AED"), ("10 KWD", "10", "KWD"),
    ("3000 SEK", "3000", "SEK"), ("NZD 7.5k", "7500", "NZD"), ("2m zar", "2000000", "ZAR"), ("₹20", "20", "INR"),
    ("₩50,000", "50000", "KRW"), ("A$40,000", "40000", "AUD"), ("C$900", "900", "CAD"), ("HK$5,000", "5000", "HKD"),
    ("RM 500", "500", "MYR"), ("Rs. 2,000", "2000", "INR"), ("100 yen", "100", "JPY"), ("5000 rupees", "5000", "INR"),
    ("港币3.14", "3.14", "HKD"), ("3.14港幣", "3.14", "HKD"), ("新台幣三萬", "30000", "TWD"),
    ("1000韩元", "1000", "KRW"), ("五十蚊", "50", "HKD"), ("2万欧元", "20000", "EUR"),
])
def test_currencies(text: str, value: str, currency: str) -> None:
    assert read(text) == (Decimal(value), currency)


@pytest.mark.parametrize(("text", "value", "currency"), [
    ("ten dollars", "10", "USD"), ("twenty bucks", "20", "USD"), ("forty-two dollars", "42", "USD"),
    ("three hundred and fifty thousand dollars", "350000", "USD"), ("twelve hundred dollars", "1200", "USD"),
    ("two thousand euros", "2000", "EUR"), ("two million", "2000000", None), ("$20 and 43c", "20.43", "USD"),
    ("20 dollars and 43 cents", "20.43", "USD"), ("twenty dollars and fifty cents", "20.5", "USD"),
    ("43 cents", "0.43", "USD"), ("1.5个亿", "150000000", None), ("兩個億", "200000000", None),
    ("三块五", "3.5", "CNY"), ("五块六毛", "5.6", "CNY"), ("两块五毛钱", "2.5", "CNY"), ("五蚊六毫", "5.6", "HKD"),
    ("七元", "7", "CNY"),
])
def test_spelled_out_and_fractional(text: str, value: str, currency: str | None) -> None:
    assert read(text) == (Decimal(value), currency)


@pytest.mark.parametrize(("text", "value", "currency"), [
    ("set the initech deal amount to -50k", "-50000", None), ("minus 50k", "-50000", None),
    ("negative 2,000 usd", "-2000", "USD"), ("−$3,000 adjustment", "-3000", "USD"), ("负5万", "-50000", None),
    ("負5萬", "-50000", None), ("金额改成负三万", "-30000", None), ("−¥3,000", "-3000", "CNY"),
    ("退款-2000元", "-2000", "CNY"), ("amount: -1200 USD", "-1200", "USD"), ("-500", "-500", None),
])
def test_negative_amounts_keep_their_sign(text: str, value: str, currency: str | None) -> None:
    assert read(text) == (Decimal(value), currency)


def test_the_sign_is_inside_the_span() -> None:
    text = "set the deal to -50k"
    found = find_amount(text)
    assert found is not None and text[found.start:found.end] == "-50k"


@pytest.mark.parametrize(("text", "value"), [
    ("budget 40-50k", "40000"), ("Acme - 50k", "50000"), ("Q3-50k deal", "50000"), ("- 50k budget", "50000"),
])
def test_ranges_and_dashes_are_not_minus_signs(text: str, value: str) -> None:
    assert read(text) == (Decimal(value), None)  # "40-50k" is a range: its lower bound, never -50k


@pytest.mark.parametrize("text", [
    "50 seats, 3 month pilot", "they want 15% off and net 60", "call 13812345678", "phase 1 go-live", "all 3 sites",
    "ALL 3 sites", "PHP 8 upgrade", "CVE 2024 patch", "ISO 9001", "top 5 accounts", "we won 3 deals", "try 2 options",
    "万科", "萬科", "万达广场", "一块去吃饭", "两块屏", "43C outside", "三个人", "5分钟", "CRM v2", "two options",
    "at three sites", "room 1215",
])
def test_not_amounts(text: str) -> None:
    assert list(iter_amounts(normalize(text))) == []


def test_values_are_decimal_never_float() -> None:
    for text in ("$20 and 43c", "1.5个亿", "三块五", "0.1 USD", "CAD 3.03"):
        found = find_amount(text)
        assert found is not None and type(found.value) is Decimal
    assert find_amount("0.1 USD") == find_amount("USD 0.1")


@pytest.mark.parametrize(("text", "value", "currency", "upper"), [
    ("10-20 dollars", "10", "USD", "20"), ("between 10 and 20 dollars", "10", "USD", "20"),
    ("from 10 dollars to 20 dollars", "10", "USD", "20"), ("$10-$20", "10", "USD", "20"),
    ("between 1.1 and 1.3 dollars", "1.1", "USD", "1.3"), ("budget 40-50k", "40000", None, "50000"),
    ("7-9 lakh rupees", "700000", "INR", "900000"), ("5.6到5.78元", "5.6", "CNY", "5.78"),
    ("五块六到五块七毛八", "5.6", "CNY", "5.78"), ("五蚊六毫至五蚊七毫八", "5.6", "HKD", "5.78"),
])
def test_ranges_read_their_lower_bound_and_keep_the_top(text: str, value: str, currency: str | None,
                                                        upper: str) -> None:
    found = find_amount(normalize(text))
    assert found is not None and (found.value, found.currency, found.upper) == (Decimal(value), currency,
                                                                                 Decimal(upper))


@pytest.mark.parametrize(("text", "value", "currency"), [
    ("$20 43", "20.43", "USD"), ("20 Rupees 43", "20.43", "INR"), ("3 GBP 1 pence", "3.01", "GBP"),
    ("3 GBP and one", "3.01", "GBP"), ("20 ringgit and 43 sen", "20.43", "MYR"), ("3 UAH 4 kopiykas", "3.04", "UAH"),
    ("¥500 20", "500", "CNY"), ("42MYR", "42", "MYR"), ("20Rs", "20", "INR"), ("3.14US$", "3.14", "USD"),
    ("ringgit 42", "42", "MYR"), ("42 kuwaiti dinar", "42", "KWD"), ("10 tugriks", "10", "MNT"),
    ("ten pennies", "0.1", "USD"),
    ("两毛五", "0.25", "CNY"), ("2角", "0.2", "CNY"), ("两毫", "0.2", "HKD"), ("五仙", "0.05", "HKD"),
    ("两角五分", "0.25", "CNY"), ("三块零四", "3.04", "CNY"), ("三块四分", "3.04", "CNY"),
    ("至少三块四分", "3.04", "CNY"), ("起碼三蚊零四", "3.04", "HKD"), ("港幣三個一毫四", "3.14", "HKD"),
    ("五块七毛八", "5.78", "CNY"),
])
def test_minor_units(text: str, value: str, currency: str) -> None:
    assert read(text) == (Decimal(value), currency)


@pytest.mark.parametrize("text", [
    "五分", "打了五分", "5分钟", "一個半月後", "一個半小時", "三角形的logo", "一毛不拔", "3-4 people", "50-60 users",
    "2 to 3 days", "phase 2-3", "the 20 43 bus",
])
def test_not_amounts_either(text: str) -> None:
    assert list(iter_amounts(normalize(text))) == []
