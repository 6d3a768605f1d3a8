"""Money amounts: 500k · $1.2M · 2 mil · half a mil · 250 grand · €200k · 45,000 EUR · CAD 3.03 · 42 MYR ·
ten dollars · $20 and 43c · 50万 · 一百二十万元 · 1.5个亿 · 三块五 · 港币3.14 · 五十蚊 · 150w · -50k · 负5万.

A bare number is only money when a cue says so ("budget 80000", "金额 95000"): "50 seats", "net 60",
"phase 1" and phone numbers are not amounts. Percentages, durations and dates are other lexers' business.

Currencies: any ISO 4217 code before or after the number ("CAD 3.03", "42 MYR"; upper case, or lower case for
the common ones), symbols ($ € £ ¥ ₹ ₩ ₽ ₺ ₫ ₱ ₪ ₦ ฿, HK$ S$ A$ C$ NT$ R$ …), names (dollars, euros, yen,
rupees, 美元, 港币, 日元, 蚊 …). `$` alone is USD, ¥/元/块 are CNY, Cantonese 蚊/毫 are HKD.

Sign: a minus directly before the amount ("-50k", "−¥3,000", "退款-2000元"), "minus"/"negative", or 负/負 makes
the value negative; "40-50k" (a range) and "- 50k" (a list dash) do not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal

from bot.intents.lexers.currencies import (
    CN_PREFIX_CURRENCY as _CN_PREFIX_CUR,
)
from bot.intents.lexers.currencies import (
    EN_NAMES as _EN_NAMES,
)
from bot.intents.lexers.currencies import (
    PREFIX_CURRENCY as _PREFIX_CUR,
)
from bot.intents.lexers.currencies import (
    SUFFIX_CURRENCY as _SUFFIX_CUR,
)
from bot.intents.lexers.currencies import (
    SYMBOLS as _SYMBOLS,
)
from bot.intents.lexers.currencies import (
    alternatives as _alt,
)
from bot.intents.lexers.currencies import (
    currency_of as _currency,
)
from bot.intents.lexers.hant import fold_hant
from bot.intents.lexers.numbers import (
    CN_NUMBER,
    EN_WORDS_NUMBER,
    NUMBER,
    parse_cn_number,
    parse_en_number,
    parse_en_words,
)
from bot.intents.lexers.prefilter import finditer


@dataclass(frozen=True)
class AmountMatch:
    value: Decimal  # negative when the text says so ("-50k", "minus 50k", 负5万)
    currency: str | None
    start: int
    end: int
    # A range ("40-50k", "between 10 and 20 dollars", 5.6到5.78元) reads as its lower bound; `upper` is the top.
    upper: Decimal | None = None


_MULTIPLIERS: dict[str, int] = {
    "k": 1_000, "K": 1_000, "grand": 1_000, "thousand": 1_000, "千": 1_000,
    "m": 1_000_000, "mm": 1_000_000, "mil": 1_000_000, "mio": 1_000_000, "million": 1_000_000,
    "millions": 1_000_000, "百万": 1_000_000,
    "b": 1_000_000_000, "bn": 1_000_000_000, "billion": 1_000_000_000,
    "lakh": 100_000, "lakhs": 100_000, "crore": 10_000_000, "crores": 10_000_000,
    "w": 10_000, "万": 10_000, "千万": 10_000_000, "亿": 100_000_000,
}


_EN_MULT = r"(?P<mult>k|mm|m|mil|mio|million|millions|grand|thousand|bn|b|billion|w|lakhs?|crores?)"
_EN_AMOUNT = re.compile(
    rf"(?<![A-Za-z0-9.]){_PREFIX_CUR}?\s?(?P<num>{NUMBER})(?:\s?{_EN_MULT})?"
    rf"(?:\s?{_SUFFIX_CUR}(?![a-z])|(?![A-Za-z0-9%]|\.\d))",
    re.IGNORECASE,
)
_EN_WORD_AMOUNT = re.compile(
    rf"(?<![A-Za-z0-9])(?P<num>{EN_WORDS_NUMBER}|an?)(?:\s(?P<mult>million|grand|thousand|billion|lakhs?|crores?))?"
    rf"(?:\s(?P<suf>{_alt(_EN_NAMES)}))?(?![A-Za-z])",
    re.IGNORECASE,
)
_CN_AMOUNT = re.compile(
    rf"{_CN_PREFIX_CUR}?\s?(?P<num>{CN_NUMBER})(?P<ge>个(?=亿))?(?P<cnmult>千万|百万|万|亿|千)?(?:\s?{_SUFFIX_CUR})?",
    re.IGNORECASE,
)
# 三块五, 五块六毛, 两块五毛钱, 五蚊六毫, 一块二, 五元七毛八分, 三块零四 (3.04), 三块四分 (3.04), 港幣三個一毫四:
# yuan (or HK dollars), tenths and hundredths.
_CN_FRACTION = re.compile(
    rf"(?P<pre>人民币|港币)?(?P<num>{CN_NUMBER})(?P<unit>块钱|块|元|蚊|个)"
    r"(?:(?P<jiao>[一二两三四五六七八九\d])(?P<junit>毛|角|毫)?|零(?P<fen0>[一二三四五六七八九\d])[分仙]?)"
    r"(?:(?P<fen>[一二三四五六七八九\d])[分仙]?)?钱?"
)
# 两毛, 2角, 两毫 (Cantonese), 两角五分, 两毛五, 五仙 (Cantonese cents): less than one yuan or HK dollar.
# 分 alone (五分) is not read: it is as often a score, a minute or a fraction.
_CN_MINOR = re.compile(
    r"(?<![\d一二两三四五六七八九十百千万亿.块元蚊])(?:(?P<jiao>[一二两三四五六七八九]|\d)(?P<junit>毛|角|毫)"
    r"(?:(?P<fen>[一二三四五六七八九]|\d)[分仙]?)?|(?P<xian>[一二三四五六七八九]|\d)仙)"
    r"(?![形洲区落色度尺架利衣巾病不钟钱包人女境子\d])"
)
# "$20 and 43c", "20 dollars 43 cents", "3 GBP 1 pence", "20 ringgit and 43 sen", "3 UAH 4 kopiykas", and a bare
# number of minor units ending the message ("$20 43", "20 Rupees 43", "3 GBP and one").
_CENTS_AFTER = re.compile(
    rf"\s?(?:and\s)?(?P<c>\d{{1,2}}|{EN_WORDS_NUMBER})(?:\s?(?:c|cents?|¢|pence|p|sens?|kopiykas?|kopecks?|paise|"
    rf"centimes?)(?![A-Za-z])|(?=\s*[.!?]?\s*$))", re.IGNORECASE)
_CENTS_ALONE = re.compile(rf"(?<![A-Za-z0-9.])(?P<c>\d{{1,2}}|{EN_WORDS_NUMBER})\s?(?:cents?|¢|pennies)(?![A-Za-z])",
                          re.IGNORECASE)
# Currencies without minor units: "¥500 20" is no 500.20.
_NO_MINOR = frozenset({"JPY", "KRW", "VND", "IDR", "CLP", "ISK", "PYG", "UGX", "XAF", "XOF", "HUF", "TWD", "CNY"})
# Words that make the next bare number money ("budget 80000", "金额 95000").
_CUE = re.compile(
    r"(?:budget|amount|worth|value|valued at|price|priced at|deal size|paid|received|payment|invoice|"
    r"金额|预算|价格|报价|合同额|总价|回款|到账|打款|付款|收到)[^\d\n]{0,14}$",
    re.IGNORECASE,
)
_PHRASES = {"half a mil": Decimal(500_000), "half a million": Decimal(500_000), "a million": Decimal(1_000_000),
            "a hundred grand": Decimal(100_000), "a grand": Decimal(1_000)}
_HALF_MIL = re.compile(r"\b(?:half a (?:mil|million)|a million|a (?:hundred )?grand)\b", re.IGNORECASE)
_MINUS = re.compile(r"(?:(?:^|(?<=[\s(:=,;/（：，；\u3400-\u9fff]))[-−‒﹣]|(?:minus|negative)\s|[负負]\s?)$",
                    re.IGNORECASE)


def iter_amounts(text: str) -> Iterator[AmountMatch]:
    """Every amount in the text, in order, overlapping candidates resolved to the longest."""
    found: list[AmountMatch] = []
    for match in finditer(_HALF_MIL, text):
        value = _PHRASES[" ".join(match.group().lower().split()[:3])]
        found.append(AmountMatch(value, _currency_after(text, match.end()), match.start(), match.end()))
    for match in finditer(_EN_AMOUNT, text):
        amount = _en_amount(text, match)
        if amount is not None:
            found.append(amount)
    for match in finditer(_EN_WORD_AMOUNT, text):
        amount = _en_word_amount(match)
        if amount is not None:
            found.append(amount)
    for match in finditer(_CENTS_ALONE, text):
        raw = match.group("c")
        cents = Decimal(raw) if raw.isdigit() else parse_en_words(raw)
        if cents is not None and 0 < cents < 100:
            found.append(AmountMatch(cents / 100, "USD", match.start(), match.end()))
    if any(ord(ch) > 0x2e7f for ch in text):
        folded = fold_hant(text)  # 萬 億 兩 個 塊 港幣 負 …: same offsets
        for match in finditer(_CN_AMOUNT, folded):
            amount = _cn_amount(folded, match)
            if amount is not None:
                found.append(amount)
        for match in finditer(_CN_FRACTION, folded):
            amount = _cn_fraction(match)
            if amount is not None:
                found.append(amount)
        for match in finditer(_CN_MINOR, folded):
            amount = _cn_minor(match)
            if amount is not None:
                found.append(amount)
    found = [_with_cents(text, _with_sign(text, amount)) for amount in found]
    found.sort(key=lambda a: (a.start, -(a.end - a.start)))
    last_end = -1
    kept: list[AmountMatch] = []
    for amount in found:
        if amount.start >= last_end:
            last_end = amount.end
            kept.append(amount)
    yield from _ranges(text, kept)


_RANGE_SEP = r"\s?(?:-|–|—|~|～|to|and|到|至)\s?"
# A bare number before a range's upper amount: "10-20 dollars", "between 1.1 and 1.3 dollars", 5.6到5.78元, "$10-$20".
_RANGE_LOW = re.compile(rf"(?:(?P<open>\b(?:between|from)\s|从)\s?)?(?P<pre>{_alt(_SYMBOLS)})?\s?"
                        rf"(?P<a>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<sep>{_RANGE_SEP})$", re.IGNORECASE)
_RANGE_OPEN = re.compile(r"(?:\b(?:between|from)\s|从)\s?$", re.IGNORECASE)


def _ranges(text: str, amounts: list[AmountMatch]) -> Iterator[AmountMatch]:
    """"10-20 dollars", "between 10 and 20 dollars", "$10-$20", "40-50k", 五块六到五块七毛八: one amount, its lower
    bound, with `upper` the top; a bare lower number takes the upper's currency and scale ("40-50k" is 40,000)."""
    i = 0
    while i < len(amounts):
        high = amounts[i]
        nxt = amounts[i + 1] if i + 1 < len(amounts) else None
        if nxt is not None and high.value > 0 and re.fullmatch(_RANGE_SEP, text[high.end: nxt.start]) and \
                high.currency in (None, nxt.currency) and high.value < nxt.value:
            sep = text[high.end: nxt.start].strip().lower()
            opener = _RANGE_OPEN.search(text, max(0, high.start - 9), high.start)
            if sep != "and" or opener is not None:
                start = opener.start() if opener is not None else high.start
                yield replace(high, currency=nxt.currency, start=start, end=nxt.end, upper=nxt.value)
                i += 2
                continue
        low = _RANGE_LOW.search(text, max(0, high.start - 40), high.start) if high.value > 0 else None
        begin = low.start("open") if low and low.group("open") else (
            low.start("pre") if low and low.group("pre") else (low.start("a") if low else 0))
        if low is not None and (low.group("sep").strip().lower() != "and" or low.group("open")) and \
                not re.search(r"[A-Za-z0-9.,]$", text[:begin]):  # "Q3-50k" is no range
            value = parse_en_number(low.group("a"))
            raw = re.search(r"\d[\d,]*(?:\.\d+)?", text[high.start: high.end])
            high_raw = parse_en_number(raw.group()) if raw else None
            if value is not None and high_raw:
                scale = high.value / high_raw
                if scale > 1 and value * scale <= high.value:
                    value *= scale  # "40-50k", "7-9 lakh rupees"
                if 0 < value < high.value:
                    yield replace(high, value=value, start=begin, upper=high.value)
                    i += 1
                    continue
        yield high
        i += 1


_WHOLE_NUMBER = re.compile(r"^\s*([-−]?)\s*(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*$")


def find_amount(text: str) -> AmountMatch | None:
    """The first money amount in the text, or None. A message that is only a number is that amount
    (the answer to "What amount?")."""
    found = next(iter_amounts(text), None)
    if found is None:
        whole = _WHOLE_NUMBER.match(text)
        if whole is not None:
            value = parse_en_number(whole.group(2))
            if value is not None:
                sign = -1 if whole.group(1) else 1
                return AmountMatch(sign * value, None, whole.start(1) if whole.group(1) else whole.start(2),
                                   whole.end(2))
    return found


def _currency_after(text: str, end: int) -> str | None:
    match = re.match(rf"\s?{_SUFFIX_CUR}(?![a-z])", text[end:], re.IGNORECASE)
    return _currency(match.group("suf")) if match else None


def _with_sign(text: str, amount: AmountMatch) -> AmountMatch:
    start = amount.start
    while start < amount.end and text[start].isspace():
        start += 1
    amount = replace(amount, start=start)  # " 50k" (the optional space before a number) starts at the number
    before = text[max(0, amount.start - 10): amount.start]
    sign = _MINUS.search(before)
    if sign is None or amount.value <= 0:
        return amount
    return replace(amount, value=-amount.value, start=amount.start - (len(before) - sign.start()))


def _with_cents(text: str, amount: AmountMatch) -> AmountMatch:
    """"$20 and 43c", "20 dollars and 43 cents": the cents join the amount."""
    if amount.currency in _NO_MINOR or amount.value != amount.value.to_integral_value() or amount.upper is not None:
        return amount
    match = _CENTS_AFTER.match(text, amount.end)
    if match is None or (amount.currency is None and not re.search(r"c|¢|cent", match.group(), re.IGNORECASE)):
        return amount
    raw = match.group("c")
    cents = Decimal(raw) if raw.isdigit() else parse_en_words(raw)
    if cents is None or not 0 < cents < 100:
        return amount
    value = amount.value + (cents / 100 if amount.value >= 0 else -cents / 100)
    return replace(amount, value=value, currency=amount.currency or "USD", end=match.end())


def _en_amount(text: str, match: re.Match[str]) -> AmountMatch | None:
    raw = match.group("num")
    pre, suf = match.group("pre"), match.group("suf")
    if not raw[0].isdigit() and raw[0] != "." and not match.group("mult") and not (pre or suf):
        return None  # "two" is a quantity; "two million", "ten dollars" are money
    value = parse_en_number(raw)
    if value is None:
        return None
    mult_token = match.group("mult")
    if mult_token:
        if mult_token.lower() in ("m", "b") and not (pre or suf) and _looks_like_duration(text, match):
            return None
        value *= _MULTIPLIERS[mult_token if mult_token in _MULTIPLIERS else mult_token.lower()]
    elif not (pre or suf) and not _bare_money(text, match.start(), raw):
        return None
    if re.match(r"\s?(?:%|percent|pct)", text[match.end():], re.IGNORECASE):
        return None
    currency = _currency(pre) or _currency(suf)
    if (pre or suf) and currency is None:
        return None
    return AmountMatch(value, currency, match.start(), match.end())


def _en_word_amount(match: re.Match[str]) -> AmountMatch | None:
    """"ten dollars", "three hundred and fifty thousand dollars", "two million": words need a currency or a
    multiplier to be money."""
    mult, suf = match.group("mult"), match.group("suf")
    if not (mult or suf) and not re.search(r"\b(?:thousand|million|billion)\b", match.group("num"), re.IGNORECASE):
        return None
    if match.group("num").lower() in ("a", "an") and not suf:
        return None  # "a million" is a phrase of its own; "a dollar" is money
    value = parse_en_words(match.group("num"))
    if value is None or value == 0:
        return None
    if mult:
        value *= _MULTIPLIERS[mult.lower()]
    return AmountMatch(value, _currency(suf), match.start(), match.end())


def _cn_amount(text: str, match: re.Match[str]) -> AmountMatch | None:
    num, mult = match.group("num"), match.group("cnmult")
    pre, suf = match.group("pre"), match.group("suf")
    if not (pre or suf) and num in ("万", "亿", "千", "百", "十") and not mult:
        return None  # 万科, 万达, 千禧: a unit character alone is a name, not 10,000
    has_cn_unit = bool(mult) or any(ch in num for ch in "万亿萬")
    if not (has_cn_unit or pre or suf):
        return None
    text_num = num + (mult or "")
    if num.isascii() and not has_cn_unit and not num.replace(".", "").isdigit():
        return None
    value = parse_cn_number(text_num) if not text_num.replace(".", "").isdigit() else parse_en_number(text_num)
    if value is None or value == 0:
        return None
    currency = _currency(pre) or _currency(suf)
    if pre in ("台币", "新台币") and suf in ("元", "圆"):
        currency = "TWD"  # 台幣5000元: the 元 is the New Taiwan dollar's
    if (pre or suf) and currency is None and not has_cn_unit:
        return None
    if not has_cn_unit and not pre and not num.isascii() and value < 10 and suf in ("块", "刀", "块钱"):
        return None  # "一块去" (together), "两块屏": a small count with 块 alone is not money
    return AmountMatch(value, currency, match.start(), match.end())


def _digit(raw: str | None) -> Decimal | None:
    if not raw:
        return Decimal(0)
    return Decimal(raw) if raw.isdigit() else parse_cn_number(raw.replace("两", "二"))


def _cn_fraction(match: re.Match[str]) -> AmountMatch | None:
    whole = parse_cn_number(match.group("num")) if not match.group("num").isdigit() else Decimal(match.group("num"))
    jiao, fen = _digit(match.group("jiao")), _digit(match.group("fen") or match.group("fen0"))
    if whole is None or jiao is None or fen is None:
        return None
    unit, pre = match.group("unit"), match.group("pre")
    if unit == "个" and not (match.group("junit") == "毫" or pre == "港币"):
        return None  # 一个半, 三个一: a count; 个 is a dollar only in 港幣三個一毫四
    end = match.end()
    if match.group("jiao") and not match.group("junit") and not match.group("fen") and \
            match.string[end: end + 1] == "分":
        jiao, fen, end = Decimal(0), jiao, end + 1  # 三块四分: four fen, 3.04
    currency = "HKD" if unit in ("蚊", "个") or pre == "港币" or match.group("junit") == "毫" else "CNY"
    return AmountMatch(whole + jiao / 10 + fen / 100, currency, match.start(), end)


def _cn_minor(match: re.Match[str]) -> AmountMatch | None:
    if match.group("xian"):
        cents = _digit(match.group("xian"))
        return AmountMatch(cents / 100, "HKD", match.start(), match.end()) if cents else None
    jiao, fen = _digit(match.group("jiao")), _digit(match.group("fen"))
    if not jiao or fen is None:
        return None
    currency = "HKD" if match.group("junit") == "毫" else "CNY"
    return AmountMatch(jiao / 10 + fen / 100, currency, match.start(), match.end())


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
