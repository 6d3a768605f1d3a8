"""Durations (hours), percentages, e-mail addresses and phone numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from bot.intents.lexers.numbers import CN_NUM_CHARS, NUMBER, parse_cn_number, parse_number
from bot.intents.lexers.prefilter import finditer


@dataclass(frozen=True)
class QuantityMatch:
    value: float
    start: int
    end: int


@dataclass(frozen=True)
class TextMatch:
    value: str
    start: int
    end: int


_CN = rf"(?:\d+(?:\.\d+)?|[{CN_NUM_CHARS}]+)"
_HOURS_EN = re.compile(
    rf"(?<![A-Za-z0-9.])(?P<n>{NUMBER}|an?)\s?(?P<unit>hours?|hrs?|h|minutes?|mins?|m)(?![a-z])"
    rf"(?:\s?(?:and\s)?(?P<n2>\d+)\s?(?:minutes?|mins?|m)(?![a-z]))?",
    re.IGNORECASE,
)
_HALF_HOUR_EN = re.compile(r"(?<![a-z])(?:half an hour|half hour|an hour and a half|a half hour)(?![a-z])",
                           re.IGNORECASE)
# "5 个小时": mixed typing puts spaces around the number.
_HOURS_ZH = re.compile(rf"(?P<n>{_CN})\s?(?P<half>个半)?\s?个?\s?(?P<unit>小时|钟头|分钟)(?P<half2>半)?")
_HALF_HOUR_ZH = re.compile(r"半(?:个)?(?:小时|钟头)")
_PERCENT = re.compile(
    rf"(?P<n>\d+(?:\.\d+)?)\s?(?:%|percent\b|pct\b|per cent\b)|百分之(?P<cn>[{CN_NUM_CHARS}\d.]+)|(?P<full>百分百)|"
    rf"(?P<zhe>[一二三四五六七八九]|\d)成(?![交功本员立])",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_PHONE = re.compile(
    r"(?<![A-Za-z0-9.+])(?:\+\d{1,3}[\s-]?)?(?:\(\d{2,4}\)[\s-]?)?\d{2,4}(?:[\s-]\d{3,4}){1,3}(?![A-Za-z0-9.])|"
    r"(?<![A-Za-z0-9.+])\+\d{1,3}[\s-]?\d{1,5}(?:[\s-]\d{3,8}){1,2}(?![A-Za-z0-9.])|"
    r"(?<![A-Za-z0-9.])(?:\+?86[\s-]?)?1[3-9]\d{9}(?!\d)|(?<![A-Za-z0-9.])0\d{2,3}-?\d{7,8}(?!\d)"
)


def find_hours(text: str) -> QuantityMatch | None:
    """'2h', '90 minutes' (1.5), '半小时' (0.5), '两个半小时' (2.5), 'half an hour' → hours as a float."""
    found: list[QuantityMatch] = []
    for match in finditer(_HALF_HOUR_EN, text):
        value = 1.5 if "and a half" in match.group().lower() else 0.5
        found.append(QuantityMatch(value, match.start(), match.end()))
    for match in finditer(_HOURS_EN, text):
        raw = match.group("n").lower()
        number = Decimal(1) if raw in ("a", "an") else parse_number(raw)
        if number is None:
            continue
        unit = match.group("unit").lower()
        if unit == "m" and re.match(r"\s?(?:usd|rmb|eur|dollars|\$)", text[match.end():], re.IGNORECASE):
            continue
        hours = float(number) / 60 if unit.startswith("m") else float(number)
        if match.group("n2"):
            hours += int(match.group("n2")) / 60
        found.append(QuantityMatch(round(hours, 4), match.start(), match.end()))
    for match in finditer(_HOURS_ZH, text):
        number = parse_cn_number(match.group("n")) if not match.group("n")[0].isdigit() else parse_number(
            match.group("n"))
        if number is None:
            continue
        hours = float(number) / 60 if match.group("unit") == "分钟" else float(number)
        if match.group("half") or match.group("half2"):
            hours += 0.5
        found.append(QuantityMatch(round(hours, 4), match.start(), match.end()))
    for match in finditer(_HALF_HOUR_ZH, text):
        found.append(QuantityMatch(0.5, match.start(), match.end()))
    found = [f for f in found if 0 < f.value <= 24]
    if not found:
        return None
    found.sort(key=lambda q: (q.start, -(q.end - q.start)))
    return found[0]


def find_percents(text: str) -> list[QuantityMatch]:
    """'60%', '40 percent', '百分之四十', '七成', '百分百' → 60, 40, 40, 70, 100."""
    out: list[QuantityMatch] = []
    for match in finditer(_PERCENT, text):
        if match.group("n"):
            value = parse_number(match.group("n"))
        elif match.group("full"):
            value = parse_number("100")
        elif match.group("cn"):
            value = parse_cn_number(match.group("cn"))
        else:
            value = parse_number(match.group("zhe"))
            value = value * 10 if value is not None else None
        if value is not None and 0 <= value <= 100:
            out.append(QuantityMatch(float(value), match.start(), match.end()))
    return out


def find_emails(text: str) -> list[TextMatch]:
    return [TextMatch(m.group(), m.start(), m.end()) for m in finditer(_EMAIL, text)]


def find_phones(text: str) -> list[TextMatch]:
    """Phone numbers as written (spaces and dashes kept): 13812345678, 021-55556666, +1 415 555 0199."""
    out: list[TextMatch] = []
    for match in finditer(_PHONE, text):
        digits = re.sub(r"\D", "", match.group())
        if 7 <= len(digits) <= 15 and not re.fullmatch(r"20\d\d[\s-]\d{1,2}[\s-]\d{1,2}", match.group()):
            out.append(TextMatch(match.group().strip(), match.start(), match.end()))
    return out
