"""Cleaning one cell: names, phones, e-mails, stages, amounts and dates, as spreadsheets actually hold them.

Amounts are parsed here rather than by the chat's amount lexer (bot/intents/lexers), which core may not import
and which reads free speech ("about fifty grand"). A cell holds a number, perhaps with a currency sign or a 万/亿
unit; that narrower grammar is all a file needs, and anything else is a row error the user can fix.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation

from core.i18n import LANGS, t
from core.models import STAGES
from core.names import loose_key, name_key, strip_company_suffix


class CellError(ValueError):
    """A value that cannot be read; `reason` is a catalogue key under import.reason."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


_SPACES = re.compile(r"\s+")


def clean_name(value: str) -> str:
    """Trimmed, full-width → half-width (NFKC), inner runs of spaces collapsed, control characters gone."""
    text = unicodedata.normalize("NFKC", value)
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return _SPACES.sub(" ", text).strip()


def company_key(name: str) -> str:
    """What two spellings of one company share: no case, width, punctuation or legal suffix (有限公司, Co., Ltd.)."""
    return name_key(clean_name(name))


def company_core(name: str) -> str:
    """The company name without its legal suffix, for fuzzy comparison ("星辰科技有限公司" → "星辰科技")."""
    return strip_company_suffix(clean_name(name)).casefold()


_PHONE_SEPARATORS = re.compile(r"[\s\-().·/]")
_CN_MOBILE = re.compile(r"1[3-9]\d{9}")


def phone(value: str) -> str:
    """Digits only, Chinese numbers without +86 (a mobile as 13800138000, a landline with its 0 trunk prefix),
    other countries as +<digits>. 5–15 digits (the E.164 limit), or the row is refused."""
    text = _PHONE_SEPARATORS.sub("", unicodedata.normalize("NFKC", value))
    international = text.startswith(("+", "00"))
    digits = text.lstrip("+")
    if digits.startswith("00"):
        digits = digits[2:]
    if not digits.isdigit():
        raise CellError("bad_phone")
    if international or (digits.startswith("86") and _CN_MOBILE.fullmatch(digits[2:])):
        if digits.startswith("86"):
            national = digits[2:]
            digits = national if _CN_MOBILE.fullmatch(national) else "0" + national.lstrip("0")
        else:
            digits = "+" + digits
    if not 5 <= len(digits.lstrip("+")) <= 15:
        raise CellError("bad_phone")
    return digits


def phone_key(value: str) -> str:
    return re.sub(r"\D", "", value)


_LABEL = r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?"
_EMAIL = re.compile(r"^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@" + _LABEL + r"(?:\." + _LABEL + r")*\.[a-z]{2,}$")


def email(value: str) -> str:
    text = unicodedata.normalize("NFKC", value).strip().lower()
    text = text.removeprefix("mailto:")
    if len(text) > 254 or not _EMAIL.match(text) or ".." in text:
        raise CellError("bad_email")
    return text


# Words spreadsheets use for the stages, besides the stage names and their catalogue labels (en + zh).
_STAGE_WORDS: dict[str, tuple[str, ...]] = {
    "lead": ("new", "prospect", "prospecting", "潜在", "潜在客户", "新线索", "线索阶段"),
    "qualified": ("qualification", "qualifying", "discovery", "需求确认", "已确认需求", "意向", "有意向", "合格"),
    "proposal": ("quote", "quotation", "quoted", "proposal sent", "方案", "提案", "报价", "已报价", "方案阶段"),
    "negotiation": ("negotiating", "contract", "contracting", "谈判", "商务谈判", "合同谈判", "议价"),
    "won": ("closed won", "closed-won", "win", "成交", "已成交", "赢单", "签约", "中标"),
    "lost": ("closed lost", "closed-lost", "lose", "丢单", "输单", "失败", "已丢失", "未中标"),
}


def stage(value: str) -> str:
    """The stage (one of `STAGES`) a cell names, in English or Chinese."""
    key = loose_key(value)
    for name in STAGES:
        words = (name, *_STAGE_WORDS.get(name, ()), *(t(lang, f"stage.{name}") for lang in LANGS))
        if key in {loose_key(word) for word in words}:
            return name
    raise CellError("unknown_stage")


_CURRENCY_MARKS: tuple[tuple[str, str], ...] = (
    ("人民币", "CNY"), ("RMB", "CNY"), ("CNY", "CNY"), ("USD", "USD"), ("US$", "USD"), ("EUR", "EUR"),
    ("GBP", "GBP"), ("HKD", "HKD"), ("JPY", "JPY"), ("¥", "CNY"), ("元", "CNY"), ("$", "USD"), ("€", "EUR"),
    ("£", "GBP"),
)
_UNITS = {"万": Decimal(10_000), "w": Decimal(10_000), "亿": Decimal(100_000_000), "千": Decimal(1_000),
          "k": Decimal(1_000), "m": Decimal(1_000_000)}
_NUMBER = re.compile(r"^(\d+(?:\.\d+)?)(万|亿|千|k|m|w)?$")


def amount(value: str) -> tuple[Decimal, str | None]:
    """A money cell as (amount, currency it names or None): "¥1,200,000", "120万", "RMB 50k", "$3,000.50"."""
    text = unicodedata.normalize("NFKC", value).strip()
    currency = None
    for mark, code in _CURRENCY_MARKS:
        if mark.casefold() in text.casefold():
            currency = code
            text = re.sub(re.escape(mark), "", text, flags=re.IGNORECASE)
    text = re.sub(r"[\s,]", "", text).casefold()
    match = _NUMBER.match(text)
    if match is None:
        raise CellError("bad_amount")
    try:
        number = Decimal(match.group(1)) * _UNITS.get(match.group(2) or "", Decimal(1))
    except InvalidOperation as exc:
        raise CellError("bad_amount") from exc
    if number >= Decimal("1e12"):
        raise CellError("bad_amount")
    return number.quantize(Decimal("0.01")), currency


def currency(value: str) -> str:
    text = unicodedata.normalize("NFKC", value).strip()
    for mark, code in _CURRENCY_MARKS:
        if text.casefold() == mark.casefold():
            return code
    if re.fullmatch(r"[A-Za-z]{3}", text):
        return text.upper()
    raise CellError("bad_currency")


_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$")


def day(value: str) -> date:
    """2026-12-31, 2026/12/31, 2026.12.31, 2026年12月31日 (a workbook's date cell arrives as ISO)."""
    match = _DATE.match(unicodedata.normalize("NFKC", value).strip())
    if match is None:
        raise CellError("bad_date")
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError as exc:
        raise CellError("bad_date") from exc
