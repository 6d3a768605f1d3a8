"""Ranges said in one breath: clock ranges ("3-4pm", "from 3:30 to 6 PM", "9h30 - 11h00", 下午3点到5点) and day
ranges within a month ("July 13 to 15", "from the 13th to the 15th of July", "1-8 september", 7月13日到15日).

A range reads as its start; `Part.end_clock` / `Part.last` carry its end (`DateMatch.last`). Ranges between two
full expressions ("from Monday to Wednesday", "between Dec 3 and Dec 5", 周一到周三) are joined in dates.py.
A clock range needs am/pm or minutes on one side ("3-4pm", "9:30-11"): "3-4 people", "2-3 days" are no clocks.
"""

from __future__ import annotations

import re
from datetime import time

from bot.intents.lexers import zones
from bot.intents.lexers.calendar import MONTHS_EN, month_day
from bot.intents.lexers.numbers import parse_number
from bot.intents.lexers.parts import MONTH_KEYS, Ctx, Part, Resolver, gate_zh, gated, grp

_L = r"(?<![A-Za-z0-9:.\-/])"
DIGITS = tuple("0123456789")  # a clock range has a digit on one side ("from 3:30 to six p.m."); spelled-out ones
# on both sides ("from three to four pm") are not read
_HOURS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
          "ten": 10, "eleven": 11, "twelve": 12, "noon": 12, "midnight": 0}
_HOUR = r"(?:\d{1,2}|" + "|".join(sorted(_HOURS, key=len, reverse=True)) + ")"
_AMPM = r"(?:a\.m\.?|p\.m\.?|am|pm)(?![a-z])"
_TO = r"\s?(?:-|–|—|~|to|till|til|until|untill|through|thru|and)\s?"
_MON = "|".join(sorted(MONTHS_EN, key=len, reverse=True))
_DOM = r"(?:\d{1,2})(?:st|nd|rd|th)?"
_CN_N = r"(?:\d{1,2}|[一二两三四五六七八九十]{1,3})"


def _hour(token: str) -> int | None:
    token = token.lower()
    return _HOURS.get(token, int(token) if token.isdigit() else None)


def _with_half(hour: int, minute: int, half: str) -> time | None:
    if half == "pm" and hour < 12:
        hour += 12
    elif half == "am" and hour == 12:
        hour = 0
    elif not half and 1 <= hour <= 6:
        hour += 12  # "from 3:30 to 5": business hours, as a bare hour is read elsewhere
    return time(hour, minute) if 0 <= hour <= 23 and 0 <= minute <= 59 else None


def _half(token: str | None) -> str:
    token = (token or "").lower().replace(".", "").strip()
    if token in ("am", "a", "morning") or token.startswith("上午") or token.startswith("早"):
        return "am"
    if token in ("pm", "p", "afternoon", "evening") or token in ("下午", "晚上", "傍晚"):
        return "pm"
    return ""


def _clock_range(m: re.Match[str], ctx: Ctx) -> Part | None:
    h1, h2 = _hour(m.group("h1")), _hour(m.group("h2"))
    if h1 is None or h2 is None:
        return None
    m1, m2 = int(m.group("m1") or 0), int(m.group("m2") or 0)
    half1, half2 = _half(m.group("ap1")), _half(m.group("ap2") or m.group("ap3"))
    if not (half1 or half2 or m.group("m1") or m.group("m2")) and not (
            (m.group("hs1") or m.group("hs2")) and zones.AFTER.match(m.string, m.end())):
        return None  # "3-4 people", "between 10 and 20", "2h-3h" (hours spent)
    if (m.group("h1").isdigit() and m.group("h1").startswith("0")) or h1 > 12 or h2 > 12:
        start, end = _with_half(h1, m1, "x"), _with_half(h2, m2, "x")  # 24-hour clock
    else:
        end = _with_half(h2, m2, half2)
        if half1:
            start = _with_half(h1, m1, half1)
        elif half2 and end is not None:
            start = _with_half(h1, m1, half2)  # "3-4pm": both in the afternoon; "11-1pm": 11am to 1pm
            if start is not None and start > end:
                start = _with_half(h1, m1, "am")
        else:
            start = _with_half(h1, m1, "")
    if start is None or end is None:
        return None
    return Part(m.start(), m.end(), clock=start, end_clock=end, bare=not (half1 or half2))


def _zh_clock_range(m: re.Match[str], ctx: Ctx) -> Part | None:
    h1, h2 = parse_number(m.group("h1")), parse_number(m.group("h2"))
    if h1 is None or h2 is None:
        return None
    minute1 = 30 if m.group("f1") == "半" else int(parse_number(m.group("f1").rstrip("分")) or 0) if m.group("f1") \
        else 0
    minute2 = 30 if m.group("f2") == "半" else int(parse_number(m.group("f2").rstrip("分")) or 0) if m.group("f2") \
        else 0
    half1 = _half(m.group("p1"))
    half2 = _half(m.group("p2")) or half1
    start = _with_half(int(h1), minute1, half1 or half2)
    end = _with_half(int(h2), minute2, half2)
    if start is None or end is None:
        return None
    return Part(m.start(), m.end(), clock=start, end_clock=end)


def _day_range(m: re.Match[str], ctx: Ctx) -> Part | None:
    name = grp(m, "mon", "mon2").lower().rstrip(".")
    mon = MONTHS_EN.get(name)
    d1, d2 = int(grp(m, "d1", "d3").rstrip("stndrh")), int(grp(m, "d2", "d4").rstrip("stndrh"))
    if mon is None or not 1 <= d1 < d2 <= 31:
        return None
    if name in ("may", "march", "mar") and not m.group("y") and re.match(r"\s+[a-z]", m.string[m.end():]):
        return None  # "2 to 3 may join"
    year = int(m.group("y")) if m.group("y") else None
    first = month_day(ctx.today, mon, d1, year, past=ctx.past)
    if first is None:
        return None
    last = month_day(first, mon, d2, first.year)
    return Part(m.start(), m.end(), first, last=last) if last else None


def _zh_day_range(m: re.Match[str], ctx: Ctx) -> Part | None:
    month = parse_number(m.group("m"))
    d1, d2 = parse_number(m.group("d1")), parse_number(m.group("d2"))
    month2 = parse_number(m.group("m2")) if m.group("m2") else month
    if month is None or d1 is None or d2 is None or month2 is None:
        return None
    first = month_day(ctx.today, int(month), int(d1), past=ctx.past)
    if first is None:
        return None
    last = month_day(first, int(month2), int(d2), first.year + (month2 < month))
    if last is None or last < first:
        return None
    return Part(m.start(), m.end(), first, last=last)




def _cn_clock(i: int) -> str:
    return rf"(?P<h{i}>{_CN_N})[点时:](?P<f{i}>半|\d{{1,2}}分?|[一二三四五]?十[一二三四五六七八九]?分?)?"


RANGE_RULES: list[tuple[re.Pattern[str], Resolver]] = [
    (gated(re.compile(rf"{_L}(?:(?:from|between|around|about|approximately) )?(?P<h1>{_HOUR})(?:(?::|(?P<hs1>h))"
                rf"(?P<m1>\d{{2}})?)?(?:\s?(?P<ap1>{_AMPM}))?{_TO}(?P<h2>{_HOUR})(?:(?::|(?P<hs2>h))(?P<m2>\d{{2}})?)?"
                rf"(?:\s?(?P<ap2>{_AMPM}))?"
                r"(?:\s?ish)?(?: in the (?P<ap3>am|pm|morning|afternoon|evening))?(?![A-Za-z0-9]|:\d)",
                re.IGNORECASE), DIGITS), _clock_range),
    (re.compile(r"(?:从|在)?(?P<p1>上午|下午|晚上|早上|傍晚)?" + _cn_clock(1) + r"\s?(?:到|至|-|~|—)\s?"
                r"(?P<p2>上午|下午|晚上|早上|傍晚)?" + _cn_clock(2)), _zh_clock_range),
    (gated(re.compile(rf"(?<![A-Za-z0-9])(?:from |between )?(?:the )?(?P<d1>{_DOM}){_TO}(?:the )?(?P<d2>{_DOM})"
                rf"(?: of| in)? (?P<mon>{_MON})\.?(?:,? (?P<y>(?:19|20)\d\d))?(?![A-Za-z])", re.IGNORECASE),
            MONTH_KEYS),
     _day_range),
    (gated(re.compile(rf"(?<![A-Za-z0-9])(?:from |between )?(?P<mon2>{_MON})\.? (?:the )?(?P<d3>{_DOM}){_TO}(?:the )?"
                rf"(?P<d4>{_DOM})(?:,? (?P<y>(?:19|20)\d\d))?(?![A-Za-z0-9:])", re.IGNORECASE),
            MONTH_KEYS), _day_range),
    (re.compile(rf"(?:从)?(?P<m>{_CN_N})月(?P<d1>{_CN_N})[日号]?\s?(?:到|至|-|~|—)\s?(?:(?P<m2>{_CN_N})月)?"
                rf"(?P<d2>{_CN_N})[日号]"), _zh_day_range),
]

gate_zh(RANGE_RULES, {_zh_clock_range: ("到", "至", "-", "~", "—", "～"), _zh_day_range: ("月",)})
