"""Money amounts: 500k · $1.2M · 2 mil · half a mil · 250 grand · €200k · 45,000 EUR · 50万 · 一百二十万元 · 150w.

A bare number is only money when a cue says so ("budget 80000", "金额 95000"): "50 seats", "net 60",
"phase 1" and phone numbers are not amounts. Percentages, durations and dates are other lexers' business.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from bot.intents.lexers.numbers import CN_NUMBER, NUMBER, parse_cn_number, parse_en_number


@dataclass(frozen=True)
class AmountMatch:
    value: Decimal
    currency: str | None
    start: int
    end: int


_CURRENCY_WORDS: dict[str, str] = {
    "$": "USD", "us$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD", "bucks": "USD", "美元": "USD",
    "美金": "USD", "刀": "USD",
    "¥": "CNY", "rmb": "CNY", "cny": "CNY", "元": "CNY", "块": "CNY", "块钱": "CNY", "人民币": "CNY",
    "元人民币": "CNY", "yuan": "CNY", "万元": "CNY",
    "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR", "欧元": "EUR",
    "£": "GBP", "gbp": "GBP", "pounds": "GBP", "英镑": "GBP",
    "hk$": "HKD", "hkd": "HKD", "港币": "HKD", "港元": "HKD", "s$": "SGD", "sgd": "SGD",
    "jpy": "JPY", "日元": "JPY", "aud": "AUD", "cad": "CAD", "chf": "CHF",
}
_MULTIPLIERS: dict[str, int] = {
    "k": 1_000, "K": 1_000, "grand": 1_000, "thousand": 1_000, "千": 1_000,
    "m": 1_000_000, "mm": 1_000_000, "mil": 1_000_000, "mio": 1_000_000, "million": 1_000_000,
    "millions": 1_000_000, "百万": 1_000_000,
    "b": 1_000_000_000, "bn": 1_000_000_000, "billion": 1_000_000_000,
    "w": 10_000, "万": 10_000, "千万": 10_000_000, "亿": 100_000_000,
}

_PREFIX_CUR = r"(?P<pre>us\$|hk\$|s\$|\$|¥|€|£|rmb|usd|cny|eur|gbp|hkd|人民币)"
_SUFFIX_CUR = (r"(?P<suf>元人民币|块钱|人民币|美元|美金|欧元|英镑|港币|港元|日元|us\$|\$|¥|€|元|块|刀|"
               r"usd|rmb|cny|eur|euros?|gbp|hkd|sgd|jpy|aud|cad|chf|dollars?|bucks|yuan|pounds)")
_EN_MULT = r"(?P<mult>k|mm|m|mil|mio|million|millions|grand|thousand|bn|b|billion|w)"
_EN_AMOUNT = re.compile(
    rf"(?<![A-Za-z0-9.]){_PREFIX_CUR}?\s?(?P<num>{NUMBER})(?:\s?{_EN_MULT})?(?![A-Za-z0-9%]|\.\d)(?:\s?{_SUFFIX_CUR}(?![a-z]))?",
    re.IGNORECASE,
)
_CN_AMOUNT = re.compile(
    rf"{_PREFIX_CUR}?\s?(?P<num>{CN_NUMBER})(?P<cnmult>千万|百万|万|亿|千)?(?:\s?{_SUFFIX_CUR})?", re.IGNORECASE
)
# Words that make the next bare number money ("budget 80000", "金额 95000").
_CUE = re.compile(
    r"(?:budget|amount|worth|value|valued at|price|priced at|deal size|paid|received|payment|invoice|"
    r"金额|预算|价格|报价|合同额|总价|回款|到账|打款|付款|收到)[^\d\n]{0,14}$",
    re.IGNORECASE,
)
_PHRASES = {"half a mil": Decimal(500_000), "half a million": Decimal(500_000), "a million": Decimal(1_000_000),
            "a hundred grand": Decimal(100_000), "a grand": Decimal(1_000)}
_HALF_MIL = re.compile(r"\b(?:half a (?:mil|million)|a million|a (?:hundred )?grand)\b", re.IGNORECASE)


def iter_amounts(text: str) -> Iterator[AmountMatch]:
    """Every amount in the text, in order, overlapping candidates resolved to the longest."""
    found: list[AmountMatch] = []
    for match in _HALF_MIL.finditer(text):
        value = _PHRASES[" ".join(match.group().lower().split()[:3])]
        found.append(AmountMatch(value, _currency_after(text, match.end()), match.start(), match.end()))
    for match in _EN_AMOUNT.finditer(text):
        amount = _en_amount(text, match)
        if amount is not None:
            found.append(amount)
    for match in _CN_AMOUNT.finditer(text):
        amount = _cn_amount(text, match)
        if amount is not None:
            found.append(amount)
    found.sort(key=lambda a: (a.start, -(a.end - a.start)))
    last_end = -1
    for amount in found:
        if amount.start >= last_end:
            last_end = amount.end
            yield amount


_WHOLE_NUMBER = re.compile(r"^\s*(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*$")


def find_amount(text: str) -> AmountMatch | None:
    """The first money amount in the text, or None. A message that is only a number is that amount
    (the answer to "What amount?")."""
    found = next(iter_amounts(text), None)
    if found is None:
        whole = _WHOLE_NUMBER.match(text)
        if whole is not None:
            value = parse_en_number(whole.group(1))
            if value is not None:
                return AmountMatch(value, None, whole.start(1), whole.end(1))
    return found


def _currency(token: str | None) -> str | None:
    return _CURRENCY_WORDS.get(token.lower()) if token else None


def _currency_after(text: str, end: int) -> str | None:
    match = re.match(rf"\s?{_SUFFIX_CUR}(?![a-z])", text[end:], re.IGNORECASE)
    return _currency(match.group("suf")) if match else None


def _en_amount(text: str, match: re.Match[str]) -> AmountMatch | None:
    raw = match.group("num")
    if not raw[0].isdigit() and raw[0] != "." and not match.group("mult"):
        return None  # "two" is a quantity; "two million" is money
    value = parse_en_number(raw)
    if value is None:
        return None
    mult_token = match.group("mult")
    pre, suf = match.group("pre"), match.group("suf")
    if mult_token:
        if mult_token.lower() in ("m", "b") and not (pre or suf) and _looks_like_duration(text, match):
            return None
        value *= _MULTIPLIERS[mult_token if mult_token in _MULTIPLIERS else mult_token.lower()]
    elif not (pre or suf) and not _bare_money(text, match.start(), raw):
        return None
    if re.match(r"\s?(?:%|percent|pct)", text[match.end():], re.IGNORECASE):
        return None
    currency = _currency(pre) or _currency(suf)
    return AmountMatch(value, currency, match.start(), match.end())


def _cn_amount(text: str, match: re.Match[str]) -> AmountMatch | None:
    num, mult = match.group("num"), match.group("cnmult")
    pre, suf = match.group("pre"), match.group("suf")
    has_cn_unit = bool(mult) or any(ch in num for ch in "万亿萬")
    if not (has_cn_unit or pre or suf):
        return None
    text_num = num + (mult or "")
    if num.isascii() and not has_cn_unit and not num.replace(".", "").isdigit():
        return None
    value = parse_cn_number(text_num) if not text_num.replace(".", "").isdigit() else parse_en_number(text_num)
    if value is None or value == 0:
        return None
    if not has_cn_unit and not pre and not num.isascii() and value < 10:
        return None  # "一块去" (together), "两块屏": a small count with 块/元 alone is not money
    return AmountMatch(value, _currency(pre) or _currency(suf), match.start(), match.end())


def _bare_money(text: str, start: int, raw: str) -> bool:
    digits = raw.replace(",", "").split(".")[0]
    if not digits.isdigit() or len(digits) > 12 or len(digits) < 3:
        return False
    if len(digits) == 11 and digits.startswith("1"):
        return False  # a Chinese mobile number
    return _CUE.search(text[max(0, start - 24): start]) is not None


def _looks_like_duration(text: str, match: re.Match[str]) -> bool:
    """'10m' next to time words is ten minutes, not ten million."""
    around = text[max(0, match.start() - 16): match.end() + 16].lower()
    return re.search(r"\b(log|spent|worked|min|mins|minutes|hours?|hrs?|timesheet)\b|工时", around) is not None
